#pragma once
/// \file The metrics of SPEC §6 for one replicate of one scenario, from per-period series.
#include <cmath>
#include <limits>
#include <vector>

#include "journeysim/model/economics.hpp"

namespace journeysim {

/// Money and customers per period for one scenario (one segment, or the total).
struct ScenarioSeries {
  std::vector<double> revenue;        ///< Σ_s x_s(t)·r_s(t)
  std::vector<double> cost_to_serve;  ///< Σ_s x_s(t)·cost_per_period_s
  std::vector<double> fix_cost;       ///< cost of the scenario's fixes in period t
  double active_end = 0;              ///< customers in paying stages at the last period
  double churned = 0, lost = 0;
  /// Value beyond the horizon at time 0 (analytic/terminal_value.hpp); 0 unless asked for.
  double terminal_value = 0;
  /// Adds another series period by period (segments into the total).
  void add(const ScenarioSeries& other);
};

inline constexpr double undefined = std::numeric_limits<double>::quiet_NaN();

/// Every metric of one replicate and scenario; vs-baseline fields are NaN where undefined
/// (the baseline itself, ROI without cost, costs of a single segment).
struct ReplicateMetrics {
  double revenue_total = 0, revenue_pv = 0, arr_end = 0, active_end = 0, churned_total = 0, lost_total = 0;
  double incremental_revenue = undefined, incremental_margin_pv = undefined, cost_pv = undefined,
         npv = undefined, roi = undefined, retained_arr = undefined, payback_period = undefined;
  double clamped_effects = 0;
  /// With `--terminal-value` only (NaN otherwise): the scenario's terminal value, and its
  /// difference from the baseline's, which npv and roi then include.
  double terminal_value = undefined, incremental_terminal_value = undefined;
};

/// Absolute metrics of a series (no baseline comparison); `with_terminal_value` sets
/// terminal_value from the series.
ReplicateMetrics absolute_metrics(const ScenarioSeries& series, const Economics& economics,
                                  bool with_terminal_value = false);

/// Adds the vs-baseline metrics. Margin in period t is gross_margin·revenue(t) − cost_to_serve(t);
/// `with_costs` is false for single segments, whose share of fix costs is not defined.
/// Payback is the first period t ≥ first_period where cumulative discounted incremental margin
/// reaches cumulative discounted cost, horizon + 1 if never. When `metrics` has a terminal
/// value, npv (and roi) add the difference of the two series' terminal values; payback stays
/// within the horizon.
void add_incremental_metrics(ReplicateMetrics& metrics, const ScenarioSeries& scenario,
                             const ScenarioSeries& baseline, const Economics& economics, bool with_costs,
                             int first_period);

}  // namespace journeysim
