#pragma once
/// \file Happens-before marks for ThreadSanitizer around TBB parallel loops; no-ops otherwise.
///
/// Debian's libtbb.so is not built with -fsanitize=thread, so TSan sees neither the hand-off of
/// a loop's inputs to the workers (fork) nor the wait for them (join) and reports every value
/// that crosses threads as a race. The marks tell it: the caller releases before the loop and
/// acquires after; each body acquires when it starts and releases when it ends. Bodies that
/// run at the same time stay unordered, so races between them are still found.
/// Usage: `tsan::fork(); tbb::parallel_for(..., [&](auto r) { tsan::Body body; ... }); tsan::join();`

#if defined(__SANITIZE_THREAD__)
#define JOURNEYSIM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define JOURNEYSIM_TSAN 1
#endif
#endif

#ifdef JOURNEYSIM_TSAN
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace journeysim::tsan {

#ifdef JOURNEYSIM_TSAN
inline char token;  ///< the one synchronization address all marks use
/// Before a parallel loop: what the caller wrote is visible to the bodies.
inline void fork() { __tsan_release(&token); }
/// After a parallel loop: what the bodies wrote is visible to the caller.
inline void join() { __tsan_acquire(&token); }
/// In a loop body, for its whole scope.
struct Body {
  Body() { __tsan_acquire(&token); }
  ~Body() { __tsan_release(&token); }
  Body(const Body&) = delete;
  Body& operator=(const Body&) = delete;
};
#else
inline void fork() {}
inline void join() {}
/// In a loop body (a no-op without ThreadSanitizer).
struct Body {
  Body() {}
};
#endif

}  // namespace journeysim::tsan
