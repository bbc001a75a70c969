#pragma once
/// \file The expected Markov trace: x(0) = initial, x(t+1) = x(t)·P + inflow (the as-of
/// convention, docs/reference/outputs.md: a horizon of H periods sees H−1 periods of arrivals).
#include <Eigen/Dense>

#include "journeysim/analytic/chain.hpp"

namespace journeysim {

/// Expected customers per stage and revenue for periods t = 0..horizon−1.
struct Trace {
  Eigen::MatrixXd counts;      ///< horizon × n: row t is x(t)
  Eigen::VectorXd revenue;     ///< revenue in period t: x(t)·r
  Eigen::VectorXd revenue_pv;  ///< revenue(t) × discount_factor(t)
  double revenue_total = 0;
  double revenue_pv_total = 0;
};

/// The trace of `chain` over its horizon.
Trace compute_trace(const Chain& chain);

/// Only the discounted revenue total; no allocation per period (used by leverage).
double trace_revenue_pv(const Chain& chain);

}  // namespace journeysim
