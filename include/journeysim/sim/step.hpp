#pragma once
/// \file The transition step of individual mode: where a uniform lands in a cumulative row.

namespace journeysim {

/// Index of the first cumulative probability above `u` (rows end with a sentinel above 1).
/// Counts the entries at or below u instead of branching on each: the branch a search would
/// take is random, so mispredictions would cost more than the extra compares.
inline int next_stage(const double* cumulative_row, int n, double u) {
  int below = 0;
  for (int d = 0; d < n - 1; ++d) below += u >= cumulative_row[d];
  return below;
}

}  // namespace journeysim
