#pragma once
/// \file Expected customer flows between stages over the horizon (for flow diagrams).
#include <Eigen/Dense>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/analytic/trace.hpp"

namespace journeysim {

/// Where the customers of a projection went.
struct StageFlows {
  /// moves(s, d) = Σ_{t=0}^{horizon−2} x_s(t)·P(s→d) for s ≠ d: expected moves between the
  /// period ends of the horizon, the same moves that `churned_total` and `lost_total` count.
  Eigen::MatrixXd moves;
  Eigen::VectorXd entered;  ///< initial + inflow × (horizon − 1) arrivals, by stage
  Eigen::VectorXd at_end;   ///< x(horizon − 1): customers in each stage at the last period
};

/// The flows of one chain, from its trace (which must be compute_trace(chain)).
/// Conservation: at_end = entered + Σ moves in − Σ moves out, per stage.
StageFlows compute_flows(const Chain& chain, const Trace& trace);

/// Adds `part` into `total` (an empty total becomes `part`): flows of segments add up.
void add_flows(StageFlows& total, const StageFlows& part);

}  // namespace journeysim
