#include "journeysim/sim/kernels.hpp"

namespace journeysim {

std::string to_string(Mode mode) {
  switch (mode) {
    case Mode::expected: return "expected";
    case Mode::cohort: return "cohort";
    case Mode::individual: return "individual";
  }
  return "expected";
}

void run_expected(const SegmentParameters& base, const PeriodSchedule& schedule, int horizon, SegmentPath& out) {
  const Eigen::Index n = base.transition.rows();
  out.counts.resize(horizon, n);
  out.churned = out.lost = 0;
  out.customer_periods = 0;
  Eigen::RowVectorXd x = base.initial + base.inflow;
  Eigen::RowVectorXd next(n);
  for (int t = 0; t < horizon; ++t) {
    out.counts.row(t) = x;
    if (t + 1 == horizon) break;
    const Phase& phase = schedule.at(t);
    for (Eigen::Index s = 0; s < n; ++s) {
      if (base.terminal[s] || x(s) == 0) continue;
      double to_terminal = 0;
      for (Eigen::Index k = 0; k < n; ++k)
        if (base.terminal[k]) to_terminal += phase.transition(s, k);
      (base.paying[s] ? out.churned : out.lost) += x(s) * to_terminal;
    }
    next.noalias() = x * phase.transition;
    x = next + phase.inflow;
  }
}

}  // namespace journeysim
