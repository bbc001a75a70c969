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

/// Calls body(i) for every i in [begin, end), in parallel, one index per task.
template <class Index, class Body>
void parallel_for(Index begin, Index end, const Body& body) {
  tsan::fork();
  tbb::parallel_for(begin, end, [&](Index i) {
    const tsan::Body mark;
    body(i);
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
