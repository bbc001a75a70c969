#pragma once
/// \file A journey as numbers: the per-period matrix P, revenue, cost, population — the one
/// chain type of the analytic results, the simulator's segments and the schedule builder.
#include <Eigen/Dense>
#include <vector>

#include "journeysim/model/economics.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// The numeric Markov chain of a journey (or of one segment). Stage order is the model's file order.
struct Chain {
  Eigen::MatrixXd transition;          ///< P: n×n, rows sum to 1, stay on the diagonal
  Eigen::VectorXd revenue_per_period;  ///< r: per customer per period, by stage
  Eigen::VectorXd cost_per_period;     ///< cost to serve per customer per period, by stage
  Eigen::RowVectorXd initial;          ///< customers at period 0
  Eigen::RowVectorXd inflow;           ///< new customers each period
  std::vector<bool> terminal;
  std::vector<bool> paying;            ///< revenue_per_period > 0 in the model ("active" customers)
  Economics economics;                 ///< horizon, periods per year, discounting, margin
};

/// The chain of a validated journey (for a journey with segments: the pooled parameters).
Chain make_chain(const Journey& journey);

}  // namespace journeysim
