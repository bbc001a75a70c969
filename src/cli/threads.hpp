#pragma once
// The --threads option of every parallel command: one TBB limit for the command's lifetime.
#include <tbb/global_control.h>

#include <memory>

namespace journeysim::cli {

/// Caps TBB at `threads` workers while the returned object lives; 0 (the default) leaves
/// every core in use. Results never depend on it: work is keyed by item, not by thread.
inline std::unique_ptr<tbb::global_control> limit_threads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                               static_cast<std::size_t>(threads));
}

}  // namespace journeysim::cli
