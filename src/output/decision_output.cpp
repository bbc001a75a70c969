// The CSV files of decide and the atomic directory that holds them.
#include <cmath>
#include <filesystem>

#include "journeysim/core/number_text.hpp"
#include "journeysim/io/csv_text.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/output/decision_output.hpp"

namespace journeysim {
namespace {

std::string csv_finite(double value) { return std::isfinite(value) ? format_exact(value) : std::string{}; }

/// Fix ids joined with '+' as one CSV field ("" for funding nothing).
std::string ids_field(const FixesFile& fixes, const std::vector<std::size_t>& list) {
  std::string ids;
  for (auto f : list) ids += (ids.empty() ? "" : "+") + fixes.fixes[f].id;
  return csv_text::field(ids);
}

std::string stats_cells(const PortfolioStats& s) {
  std::string out;
  for (double v : {s.objective, s.mean, s.mcse, s.p10, s.p50, s.p90, s.p_positive, s.cost_pv, s.roi, s.payback})
    out += "," + csv_finite(v);
  return out;
}

const char* stats_header = "objective,npv_mean,npv_mcse,npv_p10,npv_p50,npv_p90,prob_npv_positive,cost_pv,roi_mean,payback_p50";

}  // namespace

std::string frontier_csv(const FixesFile& fixes, const DecisionResult& result) {
  // Chosen on the re-scored objective (monotone in the budget), valued on confirmation replicates.
  std::string out = std::string("budget,fixes,budget_cost,rescored_objective,") + stats_header + "\n";
  for (const auto& point : result.frontier) {
    const PortfolioResult& p = result.portfolios[point.portfolio];
    out += csv_finite(point.budget) + "," + ids_field(fixes, p.fixes) + "," + csv_finite(p.budget_cost) + "," +
           csv_finite(p.rescored->objective) + stats_cells(*p.confirmed) + "\n";
  }
  return out;
}

std::string fixes_csv(const FixesFile& fixes, const DecisionResult& result) {
  std::string out =
      "fix,owner,recommended,prob_in_optimal,replacement_cost,forcing_cost,reach,impact,confidence,effort,"
      "npv_mean,npv_p10,npv_p90,rice_score\n";
  for (const FixDecision& d : result.fixes) {
    const Fix& fix = fixes.fixes[d.fix];
    // RICE = reach × impact × confidence / effort: the product teams' score, here simulated.
    const double rice = d.budget_cost > 0 ? d.reach * d.impact * d.alone.p_positive / d.budget_cost : std::nan("");
    out += csv_text::field(fix.id) + "," + csv_text::field(fix.owner) + "," + (d.recommended ? "1" : "0");
    for (double v : {d.p_in_optimal, d.replacement_cost, d.forcing_cost, d.reach, d.impact, d.alone.p_positive,
                     d.budget_cost, d.alone.mean, d.alone.p10, d.alone.p90, rice})
      out += "," + csv_finite(v);
    out += "\n";
  }
  return out;
}

std::string portfolios_csv(const FixesFile& fixes, const DecisionResult& result) {
  std::string out = std::string("fixes,size,budget_cost,feasible,leader,") + stats_header + "\n";
  std::size_t next_leader = 0;
  for (std::size_t p = 0; p < result.portfolios.size(); ++p) {
    const PortfolioResult& portfolio = result.portfolios[p];
    const bool leader = next_leader < result.leaders.size() && result.leaders[next_leader] == p;
    next_leader += leader ? 1 : 0;
    out += ids_field(fixes, portfolio.fixes) + "," + std::to_string(portfolio.fixes.size()) + "," +
           csv_finite(portfolio.budget_cost) + "," + (portfolio.feasible ? "1" : "0") + "," + (leader ? "1" : "0") +
           stats_cells(portfolio.screening) + "\n";
  }
  return out;
}

std::string tornado_csv(const FixesFile& fixes, const DecisionResult& result) {
  std::string out = "fix,effect,distribution,p10,p90,npv_mean_at_p10,npv_mean_at_p90,swing,cost\n";
  for (const auto& bar : result.tornado) {
    const Fix& fix = fixes.fixes[bar.fix];
    const Distribution& value = bar.cost.empty() ? fix.effects[bar.effect].value : fix.cost.field(bar.cost);
    out += csv_text::field(fix.id) + "," + (bar.cost.empty() ? std::to_string(bar.effect) : std::string{}) + "," +
           csv_text::field(value.describe());
    for (double v : {bar.low, bar.high, bar.npv_low, bar.npv_high, std::fabs(bar.npv_high - bar.npv_low)})
      out += "," + csv_finite(v);
    out += "," + bar.cost + "\n";
  }
  return out;
}

std::string economics_tornado_csv(const DecisionResult& result) {
  std::string out = "input,value,low,high,npv_mean_at_low,npv_mean_at_high,swing\n";
  for (const auto& swing : result.economics_tornado) {
    out += swing.input;
    for (double v : {swing.value, swing.low, swing.high, swing.npv_low, swing.npv_high, std::fabs(swing.npv_high - swing.npv_low)})
      out += "," + csv_finite(v);
    out += "\n";
  }
  return out;
}

std::string model_tornado_csv(const DecisionResult& result) {
  std::string out = "input,p10,p90,npv_mean_at_or_below_p10,npv_mean_at_or_above_p90,swing,variance_share\n";
  for (const auto& swing : result.model_tornado) {
    out += csv_text::field(swing.input);
    for (double v : {swing.low, swing.high, swing.npv_low, swing.npv_high, std::fabs(swing.npv_high - swing.npv_low),
                     swing.variance_share})
      out += "," + csv_finite(v);
    out += "\n";
  }
  return out;
}

void write_decision_outputs(const OutputDirectory& out, const Journey& journey, const FixesFile& fixes,
                            const DecisionResult& result, const DecisionSettings& settings,
                            const SimulationResult& simulation, const RunDescription& run) {
  const std::string decision = decision_json(journey, fixes, result, settings, run).dump(2) + "\n";
  write_directory_atomically(out, [&](const std::string& temporary) {
    const std::filesystem::path dir(temporary);
    write_simulation_files(temporary, journey, simulation, run);
    write_file_atomically((dir / decision_files::decision).string(), decision);
    write_file_atomically((dir / decision_files::frontier).string(), frontier_csv(fixes, result));
    write_file_atomically((dir / decision_files::fixes).string(), fixes_csv(fixes, result));
    write_file_atomically((dir / decision_files::portfolios).string(), portfolios_csv(fixes, result));
    write_file_atomically((dir / decision_files::tornado).string(), tornado_csv(fixes, result));
    write_file_atomically((dir / decision_files::model_tornado).string(), model_tornado_csv(result));
    write_file_atomically((dir / decision_files::economics_tornado).string(), economics_tornado_csv(result));
  });
}

}  // namespace journeysim
