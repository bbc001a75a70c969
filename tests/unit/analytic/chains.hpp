#pragma once
// Small chains solved by hand (derivations in the tests that use them), built directly as Chain.
#include <vector>

#include "journeysim/analytic/chain.hpp"

namespace journeysim::test {

/// A chain from a dense row-major matrix; stages flagged in `terminal` are absorbing.
inline Chain make_test_chain(const std::vector<std::vector<double>>& p, const std::vector<double>& revenue,
                             const std::vector<bool>& terminal) {
  const auto n = static_cast<Eigen::Index>(p.size());
  Chain c;
  c.transition.resize(n, n);
  c.revenue_per_period.resize(n);
  c.cost_per_period = Eigen::VectorXd::Zero(n);
  c.initial = Eigen::RowVectorXd::Zero(n);
  c.inflow = Eigen::RowVectorXd::Zero(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < n; ++j) c.transition(i, j) = p[i][j];
    c.revenue_per_period(i) = revenue[i];
  }
  c.terminal = terminal;
  c.economics.horizon = 1;
  c.economics.periods_per_year = 12;
  c.economics.discount_rate_annual = 0;
  return c;
}

/// Grinstead & Snell's Drunkard's Walk on 0..4 with 0 (home) and 4 (bar) absorbing; from 1, 2
/// and 3 a step left or right with probability 1/2 each. Stage order 0, 1, 2, 3, 4. Revenue 1
/// per period in the corners 1..3, so value per customer equals the time to absorption.
inline Chain drunkards_walk() {
  return make_test_chain({{1, 0, 0, 0, 0},
                          {0.5, 0, 0.5, 0, 0},
                          {0, 0.5, 0, 0.5, 0},
                          {0, 0, 0.5, 0, 0.5},
                          {0, 0, 0, 0, 1}},
                         {0, 1, 1, 1, 0}, {true, false, false, false, true});
}

/// Stages a, b, x (terminal). a: stay 1/4, to b 1/2, to x 1/4. b: stay 1/2, to x 1/2.
/// Revenue a 10, b 20. Quarterly, annual rate 1.44140625 = (5/4)^4 − 1, so δ = 4/5 exactly.
/// 100 customers start in a, 10 more enter a every quarter; horizon 3 quarters.
inline Chain hand_chain() {
  Chain c = make_test_chain({{0.25, 0.5, 0.25}, {0, 0.5, 0.5}, {0, 0, 1}}, {10, 20, 0}, {false, false, true});
  c.initial(0) = 100;
  c.inflow(0) = 10;
  c.economics.horizon = 3;
  c.economics.periods_per_year = 4;
  c.economics.discount_rate_annual = 1.44140625;
  return c;
}

}  // namespace journeysim::test
