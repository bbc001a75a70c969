#pragma once
/// \file What happens to a customer who enters one stage: the quantities stage targets name
/// (model/journey.hpp target_names(): conversion, loss, periods).
#include <Eigen/Dense>
#include <optional>
#include <vector>

#include "journeysim/analytic/state_layout.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Outcomes for one customer entering stage s, under a per-period matrix P.
struct StageOutcome {
  /// Share whose first move out of s goes to a non-terminal stage within `horizon` periods:
  /// p_move·(1 − p_stay^H)/(1 − p_stay).
  double conversion = 0;
  /// Share in a terminal stage after `horizon` periods, by any path: (e_s·P^H) summed over terminals.
  double loss = 0;
  /// Expected periods spent in s, counting returns: the fundamental matrix N(s, s); nullopt when
  /// the customer may stay forever.
  std::optional<double> periods;
};

/// The outcomes of entering `stage` (a non-terminal stage) over `horizon` periods.
/// `transition` and `terminal` are by state of `layout` (analytic/state_layout.hpp; the default,
/// one state per stage): a customer enters the stage's first state.
StageOutcome stage_outcome(const Eigen::MatrixXd& transition, const std::vector<bool>& terminal, StageIndex stage,
                           int horizon, const StateLayout& layout = {});

}  // namespace journeysim
