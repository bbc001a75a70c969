#include "report_context.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/core/number_text.hpp"
#include "journeysim/core/quantile_levels.hpp"

namespace journeysim::report_detail {
namespace {

/// "90%", or "95.5%" when the levels are not whole percents apart.
std::string share_text(double share) {
  const double percent = share * 100;
  return format_percent(share, std::abs(percent - std::round(percent)) < 1e-9 ? 0 : 1);
}

}  // namespace

ReportContext::ReportContext(const ReportInput& in)
    : input(in), journey(in.journey), summary(in.run.summary), analysis(analyze_journey(in.journey)),
      currency(in.run.summary.currency), period(in.run.summary.period),
      low_label(quantile_label(in.run.summary.quantiles.front())),
      high_label(quantile_label(in.run.summary.quantiles.back())),
      interval_share(share_text(in.run.summary.quantiles.back() - in.run.summary.quantiles.front())) {
  // Flows of the population simulate projects: each segment's own chain, added up.
  if (analysis.segments.empty())
    flows = compute_flows(analysis.chain, analysis.trace);
  for (const auto& segment : analysis.segments) add_flows(flows, compute_flows(segment.chain, segment.trace));
  for (const auto& s : summary.scenarios)
    if (!s.is_baseline() && s.vs_baseline.count("npv")) ranked.push_back(&s);
  // Stable: equal NPVs keep the order of summary.json, so the page is deterministic.
  std::stable_sort(ranked.begin(), ranked.end(), [](const ScenarioSummary* a, const ScenarioSummary* b) {
    return a->versus("npv").mean > b->versus("npv").mean;
  });
  if (!ranked.empty()) best = ranked.front();
  for (const auto* s : ranked)
    if (s->kind == "portfolio") {
      best_portfolio = s;
      break;
    }
  if (!best_portfolio) best_portfolio = best;
}

std::string ReportContext::money(double value) const { return format_money(value, currency); }

std::string ReportContext::money_short(double value) const { return format_money_short(value, currency); }

std::string ReportContext::interval_text(const MetricSummary& s) const {
  return money_short(s.mean) + " [" + low_label + " " + money_short(s.low) + ", " + high_label + " " +
         money_short(s.high) + "]";
}

std::string ReportContext::periods(double count, int decimals) const {
  const std::string number = format_grouped(count, decimals);
  return number + " " + period + (number == "1" ? "" : "s");
}

const Fix* ReportContext::fix(const std::string& id) const {
  if (!input.fixes) return nullptr;
  for (const auto& f : input.fixes->fixes)
    if (f.id == id) return &f;
  return nullptr;
}

const ScenarioSummary* ReportContext::fix_scenario(const std::string& fix_id) const {
  for (const auto& s : summary.scenarios)
    if (s.kind == "fix" && s.fixes.size() == 1 && s.fixes.front() == fix_id) return &s;
  return nullptr;
}

std::string ReportContext::name_of(const ScenarioSummary& scenario) {
  return scenario.name.empty() ? scenario.id : scenario.name;
}

std::optional<double> ReportContext::prob_payback_within_horizon(const ScenarioSummary& scenario) const {
  const auto values = input.run.replicates.column(scenario.id, "payback_period");
  if (values.empty()) return std::nullopt;
  std::size_t within = 0;
  for (double v : values) within += std::isfinite(v) && v <= summary.horizon;
  return static_cast<double>(within) / static_cast<double>(values.size());
}

}  // namespace journeysim::report_detail
