#pragma once
// Private to the report module: what every section of the page needs, computed once.
#include <string>
#include <vector>

#include "journeysim/analytic/flows.hpp"
#include "journeysim/output/analysis_json.hpp"
#include "journeysim/report/report_page.hpp"

namespace journeysim::report_detail {

/// Derived views of a ReportInput shared by the sections.
struct ReportContext {
  explicit ReportContext(const ReportInput& input);

  const ReportInput& input;
  const Journey& journey;
  const RunSummary& summary;
  JourneyAnalysis analysis;  ///< analytic results of the pooled chain (leverage, fundamental matrix)
  StageFlows flows;          ///< expected moves over the horizon, summed over segments
  std::vector<const ScenarioSummary*> ranked;  ///< non-baseline scenarios by NPV mean, best first
  const ScenarioSummary* best = nullptr;       ///< ranked.front(), or nullptr without fixes
  const ScenarioSummary* best_portfolio = nullptr;  ///< best portfolio, else best; nullptr without fixes
  std::string currency;
  std::string period;  ///< "month", …
  /// The interval every figure shows: the run's lowest and highest quantile levels ("P5",
  /// "P95" by default; `simulate --quantiles 0.1,0.5,0.9` gives "P10", "P90").
  std::string low_label, high_label;
  std::string interval_share;  ///< how many replicates it holds: "90%"

  std::string money(double value) const;        ///< exact: "$1,920,431"
  std::string money_short(double value) const;  ///< rounded: "$1.92M"
  /// "$1.2M [P5 $0.4M, P95 $2.0M]" for a money S.
  std::string interval_text(const MetricSummary& s) const;
  /// "14 months", "1 month", "3.5 weeks".
  std::string periods(double count, int decimals = 0) const;
  /// The fix with this id in the fixes file; nullptr when unknown or without a fixes file.
  const Fix* fix(const std::string& id) const;
  /// The scenario that funds exactly this one fix; nullptr when the run has none.
  const ScenarioSummary* fix_scenario(const std::string& fix_id) const;
  /// Display name of a scenario: its name, else its id.
  static std::string name_of(const ScenarioSummary& scenario);
  /// Share of replicates (segment "all") with payback within the horizon; nullopt without replicates.
  std::optional<double> prob_payback_within_horizon(const ScenarioSummary& scenario) const;
};

/// Sections of the page, in page order; each returns one <section> element.
std::string section_header(const ReportContext& context);
std::string section_journey_map(const ReportContext& context);
std::string section_flow(const ReportContext& context);
std::string section_leaks(const ReportContext& context);
std::string section_fixes(const ReportContext& context);
std::string section_recommendation(const ReportContext& context);
/// "What to fund with $X" when the run directory holds a decision ("" otherwise).
std::string section_decision(const ReportContext& context);
/// The headline from the decision (only when there is one).
std::string decision_headline(const ReportContext& context);
std::string section_method(const ReportContext& context);
/// The top scenarios' figures per segment (part of section_fixes); "" without segments.
std::string segment_results(const ReportContext& context);
/// The rules' reach and the team's capacity over time (part of section_fixes); "" without triggered fixes.
std::string rule_results(const ReportContext& context);

/// Moments of truth of the time-in-stage rows (part of section_leaks); "" without such rows.
std::string moments_of_truth_table(const ReportContext& context);

/// The one-sentence headline of the header.
std::string headline(const ReportContext& context);

}  // namespace journeysim::report_detail
