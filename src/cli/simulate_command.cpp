// `journeysim simulate MODEL [--fixes F] --out DIR ...`: the Monte Carlo run and its ranking.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "command.hpp"
#include "option_checks.hpp"
#include "threads.hpp"
#include "diagnostics.hpp"
#include "journeysim/core/quantile_levels.hpp"
#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/output/simulation_output.hpp"
#include "progress.hpp"
#include "ranking.hpp"

namespace journeysim::cli {
namespace {

struct SimulateOptions {
  std::string model, fixes, out, mode = "cohort";
  std::int64_t replicates = 1000, max_replicates = 0;
  std::uint64_t seed = 1;
  int threads = 0, horizon = 0;
  double precision = 0, max_memory_gb = 8;
  std::string quantiles = "0.05,0.1,0.5,0.9,0.95";
  bool force = false, quiet = false, report = false, terminal_value = false;
};

std::string format_bytes(double bytes) {
  return bytes >= 1e9 ? format_grouped(bytes / 1e9, 1) + " GB" : format_grouped(bytes / 1e6, 1) + " MB";
}

/// An upper bound of the customer-periods an individual-mode run steps: every customer present
/// at the start or arriving within the horizon, stepped every period, in every scenario.
double individual_steps_bound(const Journey& journey, const FixesFile& fixes, const SimulationSettings& settings) {
  if (settings.mode != Mode::individual) return 0;
  const double horizon = settings.horizon > 0 ? settings.horizon : journey.info.horizon;
  double customers = 0;
  for (StageIndex s = 0; s < journey.stage_count(); ++s)
    customers += journey.population.initial[s] + journey.population.inflow[s] * horizon;
  const double scenarios = 1.0 + static_cast<double>(fixes.fixes.size() + fixes.portfolios.size());
  const double replicates = static_cast<double>(
      settings.precision > 0 ? std::max(settings.replicates, settings.max_replicates) : settings.replicates);
  return customers * horizon * scenarios * replicates;
}

Mode mode_option(const std::string& text) {
  if (const auto mode = parse_mode(text)) return *mode;
  throw ConfigError("unknown --mode '" + text + "' (expected, cohort or individual)");
}

std::vector<std::string> mode_names() {
  std::vector<std::string> names;
  for (const Mode mode : all_modes) names.push_back(to_string(mode));
  return names;
}

int run_simulate(const SimulateOptions& options) {
  // Read once: the text parsed is the text copied into the run directory.
  const std::string model_text = read_yaml_file(options.model);
  const Journey journey = parse_journey(model_text, options.model);
  const std::string fixes_text = options.fixes.empty() ? std::string() : read_yaml_file(options.fixes);
  const FixesFile fixes = options.fixes.empty() ? FixesFile{} : parse_fixes(fixes_text, options.fixes, journey);
  if (!options.quiet)
    for (const auto& warning : fixes_warnings(fixes, journey, options.horizon)) std::cerr << format_warning(warning);
  SimulationSettings settings;
  settings.mode = mode_option(options.mode);
  settings.seed = options.seed;
  settings.replicates = options.replicates;
  settings.horizon = options.horizon;
  settings.precision = options.precision;
  settings.max_replicates = options.max_replicates > 0 ? options.max_replicates : 20 * options.replicates;
  settings.terminal_value = options.terminal_value;
  // Without discounting, customers who never leave are worth an infinite sum.
  if (options.terminal_value && !(journey.info.discount_rate_annual > 0))
    throw ConfigError("--terminal-value needs a positive discount_rate in " + options.model +
                      " (now 0): without discounting a customer who never leaves is worth an infinite sum");
  if (options.precision > 0 && settings.max_replicates < options.replicates)
    throw ConfigError("--max-replicates (" + std::to_string(settings.max_replicates) +
                      ") is below --replicates (" + std::to_string(options.replicates) + ")");
  const OutputDirectory out = check_output_directory(options.out, options.force, {options.model, options.fixes});
  const double bytes = estimated_result_bytes(journey, fixes, settings);
  if (bytes > options.max_memory_gb * 1e9)
    throw ConfigError("this run would hold about " + std::to_string(static_cast<long long>(bytes / 1e9 + 1)) +
                      " GB of results; lower --replicates/--max-replicates or raise --max-memory (now " +
                      std::to_string(static_cast<long long>(options.max_memory_gb)) + " GB)");

  // Say before starting what a big run will cost: a 100,000-period horizon wrote 2.6 GB and a
  // 56-million-customer individual run started with a blank bar for minutes (issue #15 §2).
  const OutputSizeEstimate sizes = estimate_output_size(journey, fixes, settings);
  const double steps = individual_steps_bound(journey, fixes, settings);
  if (!options.quiet && (sizes.total() > 200e6 || steps > 3e9)) {
    std::cerr << "journeysim: note: this run will write about " << format_bytes(sizes.total()) << " (trajectories.csv "
              << format_bytes(sizes.trajectories_bytes) << ", replicates.csv " << format_bytes(sizes.replicates_bytes)
              << ")";
    if (steps > 0)
      std::cerr << " and step up to " << format_count_short(steps) << " customer-periods (about "
                << format_grouped(steps / 1e8 / 60, 0) << " minutes at 100 million a second)";
    std::cerr << "\n";
  }
  ProgressBar bar("simulating", !options.quiet);
  settings.progress = [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  const SimulationResult result = run_simulation(journey, fixes, settings);
  bar.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RunDescription run{options.model,    options.fixes, options.mode, options.seed, options.precision,
                     settings.max_replicates, model_text, fixes_text, QuantileLevels::parse(options.quantiles),
                     options.terminal_value};
  const auto written_start = std::chrono::steady_clock::now();
  write_simulation_outputs(out, journey, result, run);
  const double writing = std::chrono::duration<double>(std::chrono::steady_clock::now() - written_start).count();
  if (!options.quiet) {
    print_ranking(std::cout, journey, summary_json(journey, result, run));
    std::cout << "\n" << result.replicates << " replicates, " << options.mode << " mode, seed " << options.seed
              << ", " << seconds << " s";
    if (settings.mode == Mode::individual)
      std::cout << ", " << result.customer_periods << " customer-periods ("
                << static_cast<long long>(static_cast<double>(result.customer_periods) / seconds / 1e6) << " million/s)";
    if (options.precision > 0)
      std::cout << (result.converged ? "; precision reached" : "; stopped at --max-replicates before reaching the precision");
    std::cout << "\nWrote " << options.out << "/summary.json, trajectories.csv, revenue.csv, replicates.csv in " << writing << " s\n";
  }
  if (options.report) return render_run_report(options.out, "");
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* command = app.add_subcommand("simulate", "Monte Carlo of baseline, every fix and portfolio: NPV, ROI, payback");
  command->add_option("MODEL", options->model, "Journey model file (YAML)")->required();
  command->add_option("--fixes", options->fixes,
                      "Fixes file (YAML, docs/reference/fixes-file.md); without it only the baseline runs");
  command->add_option("--out", options->out, "Output directory (created; must be new or empty unless --force)")->required();
  command->add_option("--mode", options->mode,
                      "expected (parameter uncertainty only) | cohort (adds the luck of a finite base: the "
                      "interval to quote for a forecast) | individual (as cohort, per customer)")
      ->check(CLI::IsMember(mode_names()))->capture_default_str();
  command->add_option("--replicates", options->replicates, "Replicates (parameter draws); first batch with --precision")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}))->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed: same seed, same bytes")
      ->check(whole_number())->capture_default_str();
  command->add_option("--threads", options->threads, "Worker threads (default: all cores); never changes results")
      ->check(CLI::Range(1, 1024));
  command->add_option("--horizon", options->horizon, "Periods to project (default: the model's horizon)")
      ->check(CLI::Range(1, 100000));
  command->add_option("--precision", options->precision,
                      "Add batches of --replicates until every NPV's MCSE < X·|mean| (e.g. 0.01)")
      ->check(finite_number(0.0, 1.0));
  command->add_option("--max-replicates", options->max_replicates, "Upper bound with --precision (default 20×replicates)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
  command->add_option("--max-memory", options->max_memory_gb, "Refuse runs whose results exceed this many GB")
      ->check(finite_number(0.001, 1e6))->capture_default_str();
  command->add_option("--quantiles", options->quantiles,
                      "Quantile levels of every statistic, e.g. 0.1,0.5,0.9 (summary.json p10, p50, p90; the median "
                      "is always included); figures show the lowest to the highest")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            try {
              QuantileLevels::parse(text);
              return "";
            } catch (const std::invalid_argument& e) {
              return e.what();
            }
          },
          "LEVELS"))
      ->capture_default_str();
  command->add_flag("--terminal-value", options->terminal_value,
                    "Add to every NPV the exact expected discounted margin of the customers present at the horizon "
                    "(no new arrivals, the last period's rows; needs a positive discount rate)");
  command->add_flag("--force", options->force,
                    "Replace an earlier run's output directory (one holding .journeysim-run; never an input's)");
  command->add_flag("--quiet", options->quiet, "No ranking table, no progress bar");
  command->add_flag("--report", options->report, "Also render OUT/report.html (as `journeysim report OUT`)");
  command->footer(
      "Modes: expected = Markov trace per replicate (parameter uncertainty only); cohort = multinomial\n"
      "moves of stage counts (adds finite-population noise); individual = every customer simulated.\n"
      "Every scenario of a replicate uses the same random numbers, so differences are paired.\n"
      "Example: journeysim simulate scenarios/b2b-saas/journey.yaml --fixes scenarios/b2b-saas/fixes.yaml \\\n"
      "           --out results --replicates 2000 --seed 7");
  command->callback([&action, options] {
    action = [options] {
      const auto limit = limit_threads(options->threads);
      return run_simulate(*options);
    };
  });
}

}  // namespace journeysim::cli
