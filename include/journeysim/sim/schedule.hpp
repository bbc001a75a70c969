#pragma once
/// \file Period-dependent parameters of one segment under one scenario: P(t), inflow(t) and
/// revenue(t). Fixes ramp in, so P changes for a few periods and then stays; a schedule keeps
/// each distinct phase once and maps every period to its phase.
#include <Eigen/Dense>
#include <cstdint>
#include <vector>

namespace journeysim {

/// The parameters in force during one or more periods.
struct Phase {
  Eigen::MatrixXd transition;   ///< P(t)
  Eigen::VectorXd revenue_per_period;  ///< per customer per period, by stage
  Eigen::RowVectorXd inflow;    ///< new customers entering after period t (and at t = 0)
};

/// Which phase applies in each period t = 0..horizon−1.
struct PeriodSchedule {
  std::vector<Phase> phases;
  std::vector<std::uint32_t> phase_of_period;
  const Phase& at(int period) const { return phases[phase_of_period[static_cast<std::size_t>(period)]]; }
};

}  // namespace journeysim
