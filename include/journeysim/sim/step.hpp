#pragma once
/// \file The transition step of one customer (individual mode and synth): where a uniform
/// lands in a cumulative row.
#include <Eigen/Dense>
#include <cstddef>
#include <vector>


namespace journeysim {

/// Index of the first cumulative probability above `u` (rows end with a sentinel above 1).
/// Counts the entries at or below u instead of branching on each: the branch a search would
/// take is random, so mispredictions would cost more than the extra compares.
inline int next_stage(const double* cumulative_row, int n, double u) {
  int below = 0;
  for (int d = 0; d < n - 1; ++d) below += u >= cumulative_row[d];
  return below;
}

/// The cumulative rows of P, flattened row-major (entry s·n + d is P(s, 0) + … + P(s, d)), each
/// row's last entry replaced by 2 so that any u < 1 lands in the row whatever the rounding.
inline std::vector<double> cumulative_rows(const Eigen::MatrixXd& transition) {
  const Eigen::Index n = transition.rows();
  std::vector<double> rows(static_cast<std::size_t>(n * n));
  for (Eigen::Index s = 0; s < n; ++s) {
    double sum = 0;
    for (Eigen::Index d = 0; d < n; ++d) rows[static_cast<std::size_t>(s * n + d)] = sum += transition(s, d);
    rows[static_cast<std::size_t>(s * n + n - 1)] = 2.0;
  }
  return rows;
}

}  // namespace journeysim
