#pragma once
/// \file A journey as numbers: the per-period matrix P, revenue, population, discounting.
#include <Eigen/Dense>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// The numeric Markov chain of a journey. Stage order is the model's file order.
struct Chain {
  Eigen::MatrixXd transition;          ///< P: n×n, rows sum to 1, stay on the diagonal
  Eigen::VectorXd revenue_per_period;  ///< r: per customer per period, by stage
  Eigen::VectorXd cost_per_period;     ///< cost to serve per customer per period, by stage
  Eigen::RowVectorXd initial;          ///< customers at period 0
  Eigen::RowVectorXd inflow;           ///< new customers each period
  std::vector<bool> terminal;
  int horizon = 0;
  int periods_per_year = 12;
  double discount_rate_annual = 0;
};

/// The chain of a validated journey (for a journey with segments: the pooled parameters).
Chain make_chain(const Journey& journey);

/// Discount factor of period t: (1 + rate)^(−t / periods_per_year); period 0 is not discounted.
double discount_factor(int period, double discount_rate_annual, int periods_per_year);

}  // namespace journeysim
