// `journeysim analyze MODEL [--json]`: exact results of the chain, no simulation.
#include <cmath>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "option_checks.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/output/analysis_json.hpp"
#include "journeysim/core/number_text.hpp"
#include "table.hpp"

namespace journeysim::cli {
namespace {

struct AnalyzeOptions {
  std::string model;
  bool json = false;
  std::size_t top = 10;
};

/// `infinite` says what an unbounded value means in its column ("never" ends, "unbounded").
std::string number_or(const std::optional<double>& value, int decimals, const std::string& infinite) {
  return value ? format_grouped(*value, decimals) : infinite;
}

void print_stage_table(const Journey& journey, const JourneyAnalysis& analysis) {
  const AbsorptionAnalysis& a = analysis.absorption;
  const std::string period = to_string(journey.info.period);
  std::vector<std::string> header{"stage", period + "s in stage", period + "s to end"};
  for (auto t : a.terminal) header.push_back("P(" + journey.stages[t].id + ")");
  header.push_back("value/customer");
  header.push_back("value PV");
  Table table(header);
  for (auto s : a.transient) {
    std::vector<std::string> row{journey.stages[s].id};
    std::optional<double> in_stage;
    for (std::size_t i = 0; i < a.fundamental_stages.size(); ++i)
      if (a.fundamental_stages[i] == s) in_stage = a.fundamental(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i));
    row.push_back(number_or(in_stage, 1, "unbounded"));
    row.push_back(number_or(a.expected_periods_to_absorption[s], 1, "never"));
    for (std::size_t c = 0; c < a.terminal.size(); ++c)
      row.push_back(format_percent(a.absorption_probabilities(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(c))));
    const std::string& currency = journey.info.currency;
    row.push_back(a.expected_revenue[s] ? format_money(*a.expected_revenue[s], currency) : "unbounded");
    row.push_back(a.expected_revenue_pv[s] ? format_money(*a.expected_revenue_pv[s], currency) : "unbounded");
    table.add(row);
  }
  table.print(std::cout);
  std::cout << "(" << period << "s in stage: per entry, counting returns; value: revenue per customer"
            << " starting there over its whole lifetime, not only the horizon, undiscounted and at "
            << format_percent(journey.info.discount_rate_annual)
            << " a year; simulate's NPV is margin over the horizon)\n";
  for (const BetaPropensity& p : journey.propensities) {
    const TimeInStageRows* rows = journey.time_in_stage_of(p.stage);
    if (!rows) continue;
    std::cout << "(" << journey.stages[p.stage].id << ": each customer's probability of leaving to "
              << journey.stages[p.to].id << " is its own, Beta(" << format_significant(p.alpha, 4) << ", "
              << format_significant(p.beta, 4) << "); exact over the horizon, and after " << rows->periods() << " "
              << period << "s in the stage the survivors keep that " << period
              << "'s probability, so lifetimes past it are understated)\n";
  }
}

/// One of the two leverage lists: the levers (more of the move adds value) or the leaks (more
/// of it loses value, so one step less is worth as much), each ranked by size.
void print_levers(const Journey& journey, const std::vector<Leverage>& levers, bool gains, std::size_t top,
                  const std::string& currency) {
  std::cout << (gains ? "  Levers (encourage these moves):\n" : "  Leaks (reduce these moves):\n");
  std::size_t shown = 0;
  for (const auto& lever : levers) {
    if ((lever.delta_revenue_pv > 0) != gains || (!gains && lever.delta_revenue_pv == 0)) continue;
    if (shown++ == top) break;
    std::cout << "    " << shown << ". " << journey.stages[lever.from].id << " → " << journey.stages[lever.to].id
              << " +" << format_significant(lever.step * 100, 3) << "pp: " << (lever.delta_revenue_pv >= 0 ? "+" : "")
              // Cents only where whole units would round a small lever to "$0".
              << format_money(lever.delta_revenue_pv, currency, std::abs(lever.delta_revenue_pv) < 100 ? 2 : 0)
              << " PV" << (lever.limited ? " (limited: the stay was below the step)" : "") << "\n";
  }
  if (shown == 0) std::cout << "    none\n";
}

int run_analyze(const AnalyzeOptions& options) {
  const Journey journey = read_journey(options.model);
  const JourneyAnalysis analysis = analyze_journey(journey);
  if (options.json) {
    std::cout << analysis_to_json(journey, analysis).dump(2) << "\n";
    return 0;
  }
  const std::string& currency = journey.info.currency;
  const std::string period = to_string(journey.info.period);
  std::cout << journey.info.name << "\n"
            << journey.stages.size() << " stages, one step per " << period << ", horizon "
            << journey.info.horizon << " " << period << "s\n\n";
  std::cout << (analysis.segments.empty() ? "A customer entering each stage (exact, from the model)\n"
                                          : "A customer entering each stage, with the journey's own parameters "
                                            "(exact; per segment below)\n");
  print_stage_table(journey, analysis);
  if (!analysis.segments.empty()) {
    // The table above uses the journey's own parameters; each segment has its own chain.
    for (const auto& segment : analysis.segments) {
      JourneyAnalysis view;
      view.absorption = segment.absorption;
      std::cout << "\nSegment " << segment.id << "\n";
      print_stage_table(journey, view);
    }
    std::cout << "\nThe projection and leverage below add up the segments' populations.\n";
  }
  const AbsorptionAnalysis& a = analysis.absorption;
  if (!a.never_absorbed.empty()) {
    std::cout << "\nNever absorbed (no path to a terminal stage):";
    for (auto s : a.never_absorbed) std::cout << " " << journey.stages[s].id;
    std::cout << "\n";
  }
  if (a.stationary) {
    std::cout << "\nLong-run share of customers (stationary distribution):\n";
    for (StageIndex s = 0; s < journey.stages.size(); ++s)
      std::cout << "  " << journey.stages[s].id << ": " << format_percent((*a.stationary)(static_cast<Eigen::Index>(s))) << "\n";
  }
  if (!analysis.moments_of_truth.empty()) {
    const int after = analysis.moments_of_truth.front().periods;
    std::cout << "\nMoments of truth (exact, from the time-in-stage rows): still a customer " << after << " " << period
              << "s after entering the stage, by how soon customers moved on\n";
    for (const auto& m : analysis.moments_of_truth)
      std::cout << "  " << journey.stages[m.stage].id << ": moved on within " << m.within << " " << period
                << (m.within == 1 ? "" : "s") << ": " << format_percent(m.retention_within) << " retained ("
                << format_percent(m.share_within) << " of entrants); later: " << format_percent(m.retention_later)
                << " (" << format_percent(m.share_later) << ")\n";
  }
  const Trace& trace = analysis.trace;
  std::cout << "\nProjection over " << journey.info.horizon << " " << period << "s: revenue "
            << format_money(trace.revenue_total, currency) << ", present value "
            << format_money(trace.revenue_pv_total, currency) << "\n";
  const double step = leverage_step(economics_of(journey));
  std::cout << "\nWhere the journey leaks: change in PV of revenue over the horizon when one transition rises by "
            << format_significant(step * 100, 3) << "pp a " << period
            << (period == "month" ? "" : " (1pp a month)") << ", taken from the stay; largest first\n";
  print_levers(journey, analysis.leverage, true, options.top, currency);
  print_levers(journey, analysis.leverage, false, options.top, currency);
  return 0;
}

}  // namespace

void add_analyze_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<AnalyzeOptions>();
  CLI::App* command = app.add_subcommand(
      "analyze", "Exact results: absorption, time in stage, value per customer, trace, leverage");
  command->add_option("MODEL", options->model, "Journey model file (YAML)")->required();
  command->add_flag("--json", options->json, "Print the full analysis as JSON");
  command->add_option("--top", options->top, "How many levers and how many leaks to print")
      ->check(whole_number())->default_val(10);
  command->footer("Leverage is the change in the discounted revenue of the whole population over\n"
                  "the horizon when one transition rises by 1 percentage point, taken from the stay.\n"
                  "Example: journeysim analyze scenarios/b2b-saas/journey.yaml --json > analysis.json");
  command->callback([&action, options] { action = [options] { return run_analyze(*options); }; });
}

}  // namespace journeysim::cli
