#include "journeysim/roi/metrics.hpp"

namespace journeysim {

void ScenarioSeries::add(const ScenarioSeries& other) {
  if (revenue.empty()) {
    *this = other;
    return;
  }
  for (std::size_t t = 0; t < revenue.size(); ++t) {
    revenue[t] += other.revenue[t];
    cost_to_serve[t] += other.cost_to_serve[t];
    fix_cost[t] += other.fix_cost[t];
  }
  active_end += other.active_end;
  terminal_value += other.terminal_value;
  churned += other.churned;
  lost += other.lost;
}

ReplicateMetrics absolute_metrics(const ScenarioSeries& series, const Economics& economics, bool with_terminal_value) {
  ReplicateMetrics m;
  if (with_terminal_value) m.terminal_value = series.terminal_value;
  for (int t = 0; t < economics.horizon; ++t) {
    m.revenue_total += series.revenue[static_cast<std::size_t>(t)];
    m.revenue_pv += series.revenue[static_cast<std::size_t>(t)] * economics.discount(t);
  }
  m.arr_end = series.revenue.back() * economics.periods_per_year;
  m.active_end = series.active_end;
  m.churned_total = series.churned;
  m.lost_total = series.lost;
  return m;
}

void add_incremental_metrics(ReplicateMetrics& m, const ScenarioSeries& scenario, const ScenarioSeries& baseline,
                             const Economics& economics, bool with_costs, int first_period) {
  double incremental_revenue = 0, margin_pv = 0, cost_pv = 0;
  double payback = economics.horizon + 1;
  for (int t = 0; t < economics.horizon; ++t) {
    const auto i = static_cast<std::size_t>(t);
    const double delta_revenue = scenario.revenue[i] - baseline.revenue[i];
    const double delta_margin = economics.gross_margin * delta_revenue - (scenario.cost_to_serve[i] - baseline.cost_to_serve[i]);
    incremental_revenue += delta_revenue;
    margin_pv += delta_margin * economics.discount(t);
    cost_pv += scenario.fix_cost[i] * economics.discount(t);
    if (t >= first_period && payback > economics.horizon && margin_pv >= cost_pv) payback = t;
  }
  m.incremental_revenue = incremental_revenue;
  m.incremental_margin_pv = margin_pv;
  m.retained_arr = (scenario.revenue.back() - baseline.revenue.back()) * economics.periods_per_year;
  if (!with_costs) return;
  m.cost_pv = cost_pv;
  m.npv = margin_pv - cost_pv;
  if (!std::isnan(m.terminal_value)) {
    m.incremental_terminal_value = scenario.terminal_value - baseline.terminal_value;
    m.npv += m.incremental_terminal_value;
  }
  m.roi = cost_pv > 0 ? m.npv / cost_pv : undefined;
  m.payback_period = payback;
}

}  // namespace journeysim
