#include <algorithm>
#include <cmath>
#include <filesystem>

#include "journeysim/core/sha256.hpp"
#include "journeysim/core/version.hpp"
#include "journeysim/output/summary_json.hpp"
#include "journeysim/stats/summary.hpp"

namespace journeysim {
namespace {

using Json = nlohmann::ordered_json;

Json statistic(const std::vector<double>& values, const QuantileLevels& levels) {
  const auto s = summarize(values, levels);
  if (!s) return nullptr;
  Json out{{"mean", s->mean}, {"sd", s->sd}, {"mcse", s->mcse}};
  for (std::size_t i = 0; i < levels.size(); ++i) out[quantile_key(levels.levels[i])] = s->quantiles[i];
  return out;
}

std::string absolute(const std::string& path) {
  if (path.empty()) return {};
  std::error_code ec;
  const auto abs = std::filesystem::absolute(path, ec);
  return ec ? path : abs.lexically_normal().string();
}

/// Share of replicates in which each scenario has the highest NPV among fixes and portfolios
/// (ties go to the earlier scenario, so shares add up to 1).
std::vector<double> probability_best(const SimulationResult& result) {
  std::vector<double> wins(result.scenarios.size(), 0.0);
  if (result.scenarios.size() < 2) return wins;
  for (std::int64_t r = 0; r < result.replicates; ++r) {
    std::size_t best = 1;
    for (std::size_t sc = 2; sc < result.scenarios.size(); ++sc)
      if (result.scenarios[sc].metrics.back()[static_cast<std::size_t>(r)].npv >
          result.scenarios[best].metrics.back()[static_cast<std::size_t>(r)].npv)
        best = sc;
    wins[best] += 1;
  }
  for (double& w : wins) w /= static_cast<double>(result.replicates);
  return wins;
}

/// Per triggered fix of a scenario: customers triggered, held out, served and unserved over
/// the horizon, summed over segments, as statistics over replicates.
Json trigger_counts_json(const ScenarioOutcome& outcome, const QuantileLevels& levels) {
  Json list = Json::array();
  for (std::size_t k = 0; k < outcome.trigger_fixes.size(); ++k) {
    const auto& counts = outcome.trigger_counts[k];
    auto field = [&](double TriggerCounts::*member) {
      std::vector<double> values;
      values.reserve(counts.size());
      for (const auto& c : counts) values.push_back(c.*member);
      return statistic(values, levels);
    };
    const std::size_t position = static_cast<std::size_t>(
        std::find(outcome.scenario.fixes.begin(), outcome.scenario.fixes.end(), outcome.trigger_fixes[k]) -
        outcome.scenario.fixes.begin());
    list.push_back({{"fix", outcome.scenario.fix_ids[position]},
                    {"triggered", field(&TriggerCounts::triggered)},
                    {"trigger_held_out", field(&TriggerCounts::held_out)},
                    {"trigger_served", field(&TriggerCounts::served)},
                    {"trigger_unserved", field(&TriggerCounts::unserved)}});
    // Means per period (for the report's chart), summed in replicate order.
    const auto& periods = outcome.trigger_periods[k];
    if (periods.empty() || counts.empty()) continue;
    const std::size_t horizon = periods.size() / (2 * counts.size());
    std::vector<double> triggered(horizon, 0.0), served(horizon, 0.0);
    for (std::size_t r = 0; r < counts.size(); ++r)
      for (std::size_t t = 0; t < horizon; ++t) {
        triggered[t] += periods[r * 2 * horizon + t];
        served[t] += periods[r * 2 * horizon + horizon + t];
      }
    for (std::size_t t = 0; t < horizon; ++t) {
      triggered[t] /= static_cast<double>(counts.size());
      served[t] /= static_cast<double>(counts.size());
    }
    list.back()["triggered_by_period"] = triggered;
    list.back()["served_by_period"] = served;
  }
  return list;
}

}  // namespace

nlohmann::ordered_json summary_json(const Journey& journey, const SimulationResult& result, const RunDescription& run) {
  Json out;
  out["journeysim_version"] = version();
  out["boost_version"] = boost_version();
  out["model"] = run.model_path;
  out["model_abs"] = absolute(run.model_path);
  out["fixes"] = run.fixes_path.empty() ? Json(nullptr) : Json(run.fixes_path);
  out["fixes_abs"] = run.fixes_path.empty() ? Json(nullptr) : Json(absolute(run.fixes_path));
  // The copies inside the run directory (run_directory.hpp) that report reads and checks.
  out["model_sha256"] = sha256_hex(run.model_text);
  out["fixes_sha256"] = run.fixes_path.empty() ? Json(nullptr) : Json(sha256_hex(run.fixes_text));
  out["mode"] = run.mode;
  out["replicates"] = result.replicates;
  out["seed"] = run.seed;
  out["horizon"] = result.horizon;
  out["period"] = to_string(journey.info.period);
  out["currency"] = journey.info.currency;
  out["discount_rate"] = journey.info.discount_rate_annual;
  out["gross_margin"] = journey.info.gross_margin;
  out["quantiles"] = run.quantiles.levels;
  out["terminal_value"] = run.terminal_value;
  Json segments = Json::array();
  for (const auto& id : result.view_ids)
    if (id != "all") segments.push_back(id);
  out["segments"] = segments;
  out["convergence"] = {{"precision", run.precision > 0 ? Json(run.precision) : Json(nullptr)},
                        {"reached", run.precision > 0 ? result.converged : false},
                        {"max_replicates", run.precision > 0 ? Json(run.max_replicates) : Json(nullptr)}};
  const auto best = probability_best(result);
  Json scenarios = Json::array();
  for (std::size_t sc = 0; sc < result.scenarios.size(); ++sc) {
    const ScenarioOutcome& outcome = result.scenarios[sc];
    const auto& totals = outcome.metrics.back();
    auto metric = [&](auto field) {
      std::vector<double> values;
      values.reserve(totals.size());
      for (const auto& m : totals) values.push_back(m.*field);
      return statistic(values, run.quantiles);
    };
    Json scenario;
    scenario["id"] = outcome.scenario.id;
    scenario["name"] = outcome.scenario.name;
    scenario["kind"] = to_string(outcome.scenario.kind);
    scenario["fixes"] = outcome.scenario.fix_ids;
    scenario["owner"] = outcome.scenario.owner;
    scenario["metrics"] = {{"revenue_total", metric(&ReplicateMetrics::revenue_total)},
                           {"revenue_pv", metric(&ReplicateMetrics::revenue_pv)},
                           {"arr_end", metric(&ReplicateMetrics::arr_end)},
                           {"active_end", metric(&ReplicateMetrics::active_end)},
                           {"churned_total", metric(&ReplicateMetrics::churned_total)},
                           {"lost_total", metric(&ReplicateMetrics::lost_total)}};
    if (run.terminal_value) scenario["metrics"]["terminal_value"] = metric(&ReplicateMetrics::terminal_value);
    if (sc > 0) {
      double positive = 0;
      double clamped = 0;
      for (const auto& m : totals) {
        positive += m.npv > 0;
        clamped += m.clamped_effects;
      }
      scenario["vs_baseline"] = {
          {"incremental_revenue", metric(&ReplicateMetrics::incremental_revenue)},
          {"incremental_margin_pv", metric(&ReplicateMetrics::incremental_margin_pv)},
          {"cost_pv", metric(&ReplicateMetrics::cost_pv)},
          {"npv", metric(&ReplicateMetrics::npv)},
          {"roi", metric(&ReplicateMetrics::roi)},
          {"retained_arr", metric(&ReplicateMetrics::retained_arr)},
          {"payback_period", metric(&ReplicateMetrics::payback_period)},
          {"prob_npv_positive", positive / static_cast<double>(totals.size())},
          {"prob_best", best[sc]},
          {"clamped_effects", clamped}};
      if (run.terminal_value)
        scenario["vs_baseline"]["incremental_terminal_value"] = metric(&ReplicateMetrics::incremental_terminal_value);
    }
    if (!outcome.trigger_fixes.empty()) scenario["triggers"] = trigger_counts_json(outcome, run.quantiles);
    scenarios.push_back(scenario);
  }
  out["scenarios"] = scenarios;
  return out;
}

}  // namespace journeysim
