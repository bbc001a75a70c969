#include "journeysim/analytic/trace.hpp"

namespace journeysim {

Trace compute_trace(const Chain& chain) {
  const Eigen::Index n = chain.transition.rows();
  Trace trace;
  trace.counts.resize(chain.economics.horizon, n);
  trace.revenue.resize(chain.economics.horizon);
  trace.revenue_pv.resize(chain.economics.horizon);
  Eigen::RowVectorXd x = chain.initial;  // the as-of state: no arrivals counted at period 0
  for (int t = 0; t < chain.economics.horizon; ++t) {
    if (t > 0) x = x * chain.transition + chain.inflow;
    trace.counts.row(t) = x;
    trace.revenue(t) = x.dot(chain.revenue_per_period.transpose());
    trace.revenue_pv(t) =
        trace.revenue(t) * chain.economics.discount(t);
  }
  // Customers by stage (a stage's time-in-stage states added up); flows need them by state.
  if (chain.states.expanded()) trace.counts = sum_into_stages(trace.counts, chain.states, chain.stage_count());
  trace.revenue_total = trace.revenue.sum();
  trace.revenue_pv_total = trace.revenue_pv.sum();
  return trace;
}

double trace_revenue_pv(const Chain& chain) {
  Eigen::RowVectorXd x = chain.initial;
  Eigen::RowVectorXd next(x.size());
  double total = 0;
  for (int t = 0; t < chain.economics.horizon; ++t) {
    if (t > 0) {
      next.noalias() = x * chain.transition;
      x = next + chain.inflow;
    }
    total += x.dot(chain.revenue_per_period.transpose()) *
             chain.economics.discount(t);
  }
  return total;
}

}  // namespace journeysim
