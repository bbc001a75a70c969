// `journeysim decide MODEL --fixes F --budget AMOUNT --out DIR ...`: which fixes to fund.
#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "diagnostics.hpp"
#include "journeysim/core/quantile_levels.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/decide/decide.hpp"
#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/output/decision_output.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "threads.hpp"

namespace journeysim::cli {
namespace {

struct DecideOptions {
  std::string model, fixes, out, mode = "cohort", budget, objective = "npv", basis = "total-discounted";
  std::int64_t replicates = 1000, rescore_replicates = 0;
  std::uint64_t seed = 1;
  int threads = 0, horizon = 0, max_fixes = 0;
  double min_p_positive = -1;
  bool force = false, quiet = false;
};

/// "5000000", "5e6", "5M", "750k", "1.2B" → the amount; ConfigError otherwise.
double parse_amount(const std::string& text) {
  std::string number = text;
  double scale = 1;
  if (!number.empty()) {
    const char unit = number.back();
    scale = unit == 'k' || unit == 'K' ? 1e3 : unit == 'M' || unit == 'm' ? 1e6 : unit == 'B' || unit == 'b' ? 1e9 : 1;
    if (scale != 1) number.pop_back();
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || ec != std::errc() || end != number.data() + number.size() || !std::isfinite(value * scale))
    throw ConfigError("--budget must be an amount such as 5000000, 5e6, 5M or 750k, got '" + text + "'");
  if (value * scale <= 0) throw ConfigError("--budget must be a positive amount, got '" + text + "'");
  return value * scale;
}

DecisionSettings settings_of(const DecideOptions& options) {
  DecisionSettings settings;
  const auto mode = parse_mode(options.mode);
  if (!mode) throw ConfigError("unknown --mode '" + options.mode + "' (expected, cohort or individual)");
  settings.simulation.mode = *mode;
  settings.simulation.seed = options.seed;
  settings.simulation.replicates = options.replicates;
  settings.simulation.horizon = options.horizon;
  settings.budget = parse_amount(options.budget);
  settings.max_fixes = options.max_fixes;
  settings.objective = parse_objective(options.objective);
  const auto basis = parse_budget_basis(options.basis);
  if (!basis) throw ConfigError("unknown --budget-basis '" + options.basis + "' (upfront, total or total-discounted)");
  settings.basis = *basis;
  if (options.min_p_positive >= 0) settings.min_p_positive = options.min_p_positive;
  settings.rescore_replicates = options.rescore_replicates;
  return settings;
}

std::string joined_ids(const FixesFile& fixes, const std::vector<std::size_t>& list, const DecisionResult& result) {
  std::string out;
  for (auto f : list) out += (out.empty() ? "" : ", ") + fixes.fixes[f].id;
  if (!out.empty()) return out;
  // Nothing: say whether some fix fitted at all once its simulated costs counted.
  const bool any_fits = std::any_of(result.portfolios.begin(), result.portfolios.end(),
                                    [](const PortfolioResult& p) { return p.mask != 0 && p.feasible; });
  return any_fits ? "nothing (no portfolio beats doing nothing)"
                  : "nothing (no fix fits the budget and the constraints once its simulated costs count)";
}

void print_summary(std::ostream& out, const Journey& journey, const FixesFile& fixes, const DecisionResult& result,
                   const DecisionSettings& settings) {
  const std::string& currency = journey.info.currency;
  const PortfolioResult& chosen = result.portfolios[result.recommended];
  const PortfolioStats& s = *chosen.confirmed;
  out << "Fund: " << joined_ids(fixes, chosen.fixes, result) << " — cost " << format_money_short(chosen.budget_cost, currency)
      << " of " << format_money_short(settings.budget, currency) << " budget (" << to_string(settings.basis)
      << "); expected NPV " << format_money_short(s.mean, currency) << " (P10 " << format_money_short(s.p10, currency)
      << " … P90 " << format_money_short(s.p90, currency) << "); P(NPV>0) " << format_chance(s.p_positive) << "\n";
  out << result.feasible_count << " feasible portfolios of " << result.candidates << " candidate fixes screened on "
      << result.screening_replicates << " replicates; " << result.leaders.size() << " leaders re-scored on "
      << result.rescore_replicates << " fresh replicates (objective " << settings.objective.name()
      << "); values above from " << result.rescore_replicates << " further replicates no choice looked at\n";
  if (const std::string pilot = pilot_sentence(journey, fixes, result); !pilot.empty()) out << pilot << "\n";
}

/// The run `simulate` would make, plus the recommendation as one more portfolio, on the
/// confirmation replicates (the range no choice looked at): the directory is then also a
/// simulate run that `report` renders, and its ranking shows the recommendation at the value
/// decision.json gives it. On the screening replicates the chosen portfolio looks better than
/// it is (the optimizer's curse), and the page showed two values for it.
SimulationResult simulate_with_recommendation(const Journey& journey, const FixesFile& fixes,
                                              const DecisionResult& result, const DecisionSettings& settings) {
  std::vector<Scenario> scenarios = build_scenarios(fixes);
  const PortfolioResult& chosen = result.portfolios[result.recommended];
  if (!chosen.fixes.empty()) {
    Scenario recommended{"recommended", "Recommended by decide", Scenario::Kind::portfolio, chosen.fixes, {}, ""};
    for (const auto& s : scenarios)
      if (s.id == recommended.id) recommended.id = "decide-recommended";
    for (auto f : chosen.fixes) recommended.fix_ids.push_back(fixes.fixes[f].id);
    scenarios.push_back(recommended);
  }
  SimulationSettings simulation = settings.simulation;
  simulation.progress = nullptr;
  simulation.first_replicate = static_cast<std::uint64_t>(result.screening_replicates + result.rescore_replicates);
  simulation.replicates = result.rescore_replicates;
  return run_simulation(journey, fixes, scenarios, simulation);
}

int run_decide(const DecideOptions& options) {
  const std::string model_text = read_yaml_file(options.model);
  const Journey journey = parse_journey(model_text, options.model);
  const std::string fixes_text = read_yaml_file(options.fixes);
  const FixesFile fixes = parse_fixes(fixes_text, options.fixes, journey);
  if (!options.quiet)
    for (const auto& warning : fixes_warnings(fixes, journey, options.horizon)) std::cerr << format_warning(warning);
  DecisionSettings settings = settings_of(options);
  const OutputDirectory out = check_output_directory(options.out, options.force, {options.model, options.fixes});
  // The simulate run written beside the decision (one more scenario: the recommendation).
  FixesFile with_recommendation = fixes;
  with_recommendation.portfolios.push_back({});
  if (estimated_result_bytes(journey, with_recommendation, settings.simulation) > 8e9)
    throw ConfigError("the simulate run written with the decision would hold more than 8 GB of results; lower "
                      "--replicates (and raise --rescore-replicates) or --horizon");
  ProgressBar bar("deciding", !options.quiet);
  settings.progress = [&bar](double done, double total) {
    bar.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(total));
  };
  const DecisionResult result = decide(journey, fixes, settings);
  bar.finish();
  // P10, P50, P90: the quantiles decide reports, so a page of this directory shows one interval.
  const RunDescription run{options.model, options.fixes, options.mode, options.seed, 0, 0, model_text, fixes_text,
                           QuantileLevels{{0.1, 0.5, 0.9}}};
  const SimulationResult simulation = simulate_with_recommendation(journey, fixes, result, settings);
  write_decision_outputs(out, journey, fixes, result, settings, simulation, run);
  if (!options.quiet) {
    print_summary(std::cout, journey, fixes, result, settings);
    std::cout << "Wrote " << options.out
              << "/decision.json, frontier.csv, fixes.csv, portfolios.csv, tornado.csv, model_tornado.csv, economics_tornado.csv (and summary.json, trajectories.csv, "
                 "revenue.csv, replicates.csv: `journeysim report "
              << options.out << "` renders them)\n";
  }
  return 0;
}

}  // namespace

void add_decide_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<DecideOptions>();
  CLI::App* command =
      app.add_subcommand("decide", "Which fixes to fund under a budget: exact search over every feasible portfolio");
  command->add_option("MODEL", options->model, "Journey model file (YAML)")->required();
  command->add_option("--fixes", options->fixes,
                      "Fixes file (YAML, docs/reference/fixes-file.md); its decision: block holds constraints")
      ->required();
  command->add_option("--budget", options->budget, "Budget, e.g. 5000000, 5e6, 5M or 750k")->required();
  command->add_option("--out", options->out, "Output directory (created; must be new or empty unless --force)")->required();
  command->add_option("--max-fixes", options->max_fixes, "Fund at most K fixes")->check(CLI::Range(1, 1000));
  command->add_option("--objective", options->objective,
                      "npv (expected NPV) | p10 (10th percentile of NPV) | cvar:LEVEL (mean of the worst LEVEL share)")
      ->capture_default_str();
  command->add_option("--budget-basis", options->basis,
                      "upfront | total (upfront + per-period, undiscounted) | total-discounted (PV of every cost)")
      ->check(CLI::IsMember({"upfront", "total", "total-discounted"}))->capture_default_str();
  command->add_option("--min-p-positive", options->min_p_positive, "Risk constraint: P(NPV > 0) of the portfolio ≥ X")
      ->check(finite_number(0.0, 1.0));
  command->add_option("--mode", options->mode, "expected | cohort | individual (as simulate)")
      ->check(CLI::IsMember({"expected", "cohort", "individual"}))->capture_default_str();
  command->add_option("--replicates", options->replicates, "Screening replicates (and re-scoring, unless given)")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{100000000}))->capture_default_str();
  command->add_option("--rescore-replicates", options->rescore_replicates, "Fresh replicates for the leaders")
      ->check(CLI::Range(std::int64_t{2}, std::int64_t{100000000}));
  command->add_option("--seed", options->seed, "Random seed: same seed, same bytes")->check(whole_number())->capture_default_str();
  command->add_option("--threads", options->threads, "Worker threads (default: all cores); never changes results")
      ->check(CLI::Range(1, 1024));
  command->add_option("--horizon", options->horizon, "Periods to project (default: the model's horizon)")
      ->check(CLI::Range(1, 100000));
  command->add_flag("--force", options->force, "Replace an earlier run's output directory");
  command->add_flag("--quiet", options->quiet, "No summary, no progress bar");
  command->footer(
      "Every feasible portfolio is simulated jointly on common random numbers, screened on replicates\n"
      "[0, R), the leaders re-scored on fresh replicates [R, 2R) before the winner is picked, and the\n"
      "chosen portfolios valued on replicates [2R, 3R) that no choice looked at.\n"
      "Example: journeysim decide scenarios/b2b-saas/journey.yaml --fixes scenarios/b2b-saas/fixes.yaml \\\n"
      "           --budget 3M --max-fixes 4 --out decision --seed 7");
  command->callback([&action, options] {
    action = [options] {
      const auto limit = limit_threads(options->threads);
      return run_decide(*options);
    };
  });
}

}  // namespace journeysim::cli
