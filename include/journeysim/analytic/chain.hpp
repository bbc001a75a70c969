#pragma once
/// \file A journey as numbers: the per-period matrix P, revenue, cost, population — the one
/// chain type of the analytic results, the simulator's segments and the schedule builder.
#include <Eigen/Dense>
#include <vector>

#include "journeysim/analytic/state_layout.hpp"
#include "journeysim/model/economics.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// The numeric Markov chain of a journey (or of one segment). Its states are the model's stages
/// in file order, except that a stage whose rows depend on time in stage has one state per
/// period in stage (`states`, analytic/state_layout.hpp); every vector below is by state.
struct Chain {
  Eigen::MatrixXd transition;          ///< P: n×n over states, rows sum to 1, stay on the diagonal
  Eigen::VectorXd revenue_per_period;  ///< r: per customer per period
  Eigen::VectorXd cost_per_period;     ///< cost to serve per customer per period
  Eigen::RowVectorXd initial;          ///< customers at period 0
  Eigen::RowVectorXd inflow;           ///< new customers each period
  std::vector<bool> terminal;
  std::vector<bool> paying;            ///< revenue_per_period > 0 in the model ("active" customers)
  Economics economics;                 ///< horizon, periods per year, discounting, margin
  StateLayout states;                  ///< empty: one state per stage
  std::size_t stage_count() const { return states.first.empty() ? static_cast<std::size_t>(transition.rows()) : states.first.size(); }
};

/// The chain of a validated journey (for a journey with segments: the pooled parameters).
Chain make_chain(const Journey& journey);

}  // namespace journeysim
