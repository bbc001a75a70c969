#pragma once
/// \file The one parallel loop of the engine: tbb::parallel_for wrapped in the ThreadSanitizer
/// fork/join marks (core/tsan.hpp), so every loop is visible to TSan without repeating them.
/// Bodies must write only to slots chosen by their index (results do not depend on which
/// thread runs which index); reductions happen after the loop, in a fixed order.
/// Example: `parallel_for(std::size_t{0}, n, [&](std::size_t i) { out[i] = work(i); });`
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "journeysim/core/tsan.hpp"

namespace journeysim {

/// Calls body(i) for every i in [begin, end), in parallel, as TBB's index form does (a
/// blocked_range of grain 1, automatic partitioning). Written on the range form so that the
/// first thing a worker does with the loop's task is this file's acquire mark: TBB's index form
/// reads its own wrapper's fields (parallel_for_body_wrapper::my_step) before calling the body,
/// and with task objects recycled by TBB's uninstrumented pool TSan paired that read with a
/// nested loop's earlier write to the same memory (seen 2026-12-02, individual mode inside the
/// replicate loop, sim:heterogeneity).
template <class Index, class Body>
void parallel_for(Index begin, Index end, const Body& body) {
  tsan::fork();
  tbb::parallel_for(tbb::blocked_range<Index>(begin, end, 1), [&](const tbb::blocked_range<Index>& range) {
    const tsan::Body mark;
    for (Index i = range.begin(); i != range.end(); ++i) body(i);
  });
  tsan::join();
}

/// Calls body(range) on sub-ranges of [begin, end) of about `grain` indices (TBB's automatic
/// partitioning), for loops whose per-index work is too small for a task each. grain 1 lets
/// TBB choose.
template <class Index, class Body>
void parallel_for_ranges(Index begin, Index end, Index grain, const Body& body) {
  tsan::fork();
  tbb::parallel_for(tbb::blocked_range<Index>(begin, end, grain), [&](const tbb::blocked_range<Index>& range) {
    const tsan::Body mark;
    body(range);
  });
  tsan::join();
}

}  // namespace journeysim
