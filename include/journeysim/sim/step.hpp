#pragma once
/// \file The transition step of one customer (individual mode and synth): where a uniform
/// lands in a cumulative row.
#include <Eigen/Dense>
#include <algorithm>
#include <cstddef>
#include <numeric>
#include <vector>

#include "journeysim/analytic/state_layout.hpp"


namespace journeysim {

/// Index of the first cumulative probability above `u` (rows end with a sentinel above 1).
/// Counts the entries at or below u instead of branching on each: the branch a search would
/// take is random, so mispredictions would cost more than the extra compares.
inline int next_stage(const double* cumulative_row, int n, double u) {
  int below = 0;
  for (int d = 0; d < n - 1; ++d) below += u >= cumulative_row[d];
  return below;
}

/// The order in which the stochastic kernels visit a row's destinations: by stage, then by
/// state. For a model's chain that is the states' own order (a stage's states are contiguous);
/// the states a scenario's triggered fixes add after all others take their stage's place, so
/// that a customer's uniform, or a cell's chain of binomials, lands on the same stage in every
/// scenario and common random numbers survive triggers.
inline std::vector<int> destination_order(const StateLayout& layout, Eigen::Index states) {
  std::vector<int> order(static_cast<std::size_t>(states));
  std::iota(order.begin(), order.end(), 0);
  if (layout.stage.empty()) return order;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return layout.stage[static_cast<std::size_t>(a)] < layout.stage[static_cast<std::size_t>(b)];
  });
  return order;
}

/// The cumulative rows of P with each row's columns visited in `order` (entry s·n + k is
/// P(s, order[0]) + … + P(s, order[k])), the last entry replaced by 2 as below.
inline std::vector<double> cumulative_rows(const Eigen::MatrixXd& transition, const std::vector<int>& order) {
  const Eigen::Index n = transition.rows();
  std::vector<double> rows(static_cast<std::size_t>(n * n));
  for (Eigen::Index s = 0; s < n; ++s) {
    double sum = 0;
    for (Eigen::Index k = 0; k < n; ++k)
      rows[static_cast<std::size_t>(s * n + k)] = sum += transition(s, order[static_cast<std::size_t>(k)]);
    rows[static_cast<std::size_t>(s * n + n - 1)] = 2.0;
  }
  return rows;
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
