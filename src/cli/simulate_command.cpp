// `journeysim simulate MODEL [--fixes F] --out DIR ...`: the Monte Carlo run and its ranking.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "threads.hpp"
#include "diagnostics.hpp"
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
  bool force = false, quiet = false, report = false;
};

Mode parse_mode(const std::string& text) {
  if (text == "expected") return Mode::expected;
  if (text == "cohort") return Mode::cohort;
  if (text == "individual") return Mode::individual;
  throw ConfigError("unknown --mode '" + text + "' (expected, cohort or individual)");
}

int run_simulate(const SimulateOptions& options) {
  // Read once: the text parsed is the text copied into the run directory.
  const std::string model_text = read_yaml_file(options.model);
  const Journey journey = parse_journey(model_text, options.model);
  const std::string fixes_text = options.fixes.empty() ? std::string() : read_yaml_file(options.fixes);
  const FixesFile fixes = options.fixes.empty() ? FixesFile{} : parse_fixes(fixes_text, options.fixes, journey);
  if (!options.quiet)
    for (const auto& warning : fixes_warnings(fixes, journey)) std::cerr << format_warning(warning);
  SimulationSettings settings;
  settings.mode = parse_mode(options.mode);
  settings.seed = options.seed;
  settings.replicates = options.replicates;
  settings.horizon = options.horizon;
  settings.precision = options.precision;
  settings.max_replicates = options.max_replicates > 0 ? options.max_replicates : 20 * options.replicates;
  if (options.precision > 0 && settings.max_replicates < options.replicates)
    throw ConfigError("--max-replicates (" + std::to_string(settings.max_replicates) +
                      ") is below --replicates (" + std::to_string(options.replicates) + ")");
  const OutputDirectory out = check_output_directory(options.out, options.force, {options.model, options.fixes});
  const double bytes = estimated_result_bytes(journey, fixes, settings);
  if (bytes > options.max_memory_gb * 1e9)
    throw ConfigError("this run would hold about " + std::to_string(static_cast<long long>(bytes / 1e9 + 1)) +
                      " GB of results; lower --replicates/--max-replicates or raise --max-memory (now " +
                      std::to_string(static_cast<long long>(options.max_memory_gb)) + " GB)");

  ProgressBar bar("simulating", !options.quiet);
  settings.progress = [&bar](std::int64_t done, std::int64_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  const SimulationResult result = run_simulation(journey, fixes, settings);
  bar.finish();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  RunDescription run{options.model,    options.fixes, options.mode, options.seed, options.precision,
                     settings.max_replicates, model_text, fixes_text};
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
    std::cout << "\nWrote " << options.out << "/summary.json, trajectories.csv, replicates.csv in " << writing << " s\n";
  }
  if (options.report) return render_run_report(options.out, "");
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<SimulateOptions>();
  CLI::App* command = app.add_subcommand("simulate", "Monte Carlo of baseline, every fix and portfolio: NPV, ROI, payback");
  command->add_option("MODEL", options->model, "Journey model file (YAML)")->required();
  command->add_option("--fixes", options->fixes, "Fixes file (YAML, SPEC §3); without it only the baseline runs");
  command->add_option("--out", options->out, "Output directory (created; must be new or empty unless --force)")->required();
  command->add_option("--mode", options->mode, "expected | cohort | individual")
      ->check(CLI::IsMember({"expected", "cohort", "individual"}))->capture_default_str();
  command->add_option("--replicates", options->replicates, "Replicates (parameter draws); first batch with --precision")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}))->capture_default_str();
  command->add_option("--seed", options->seed, "Random seed: same seed, same bytes")->capture_default_str();
  command->add_option("--threads", options->threads, "Worker threads (default: all cores); never changes results")
      ->check(CLI::Range(1, 1024));
  command->add_option("--horizon", options->horizon, "Periods to project (default: the model's horizon)")
      ->check(CLI::Range(1, 100000));
  command->add_option("--precision", options->precision,
                      "Add batches of --replicates until every NPV's MCSE < X·|mean| (e.g. 0.01)")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--max-replicates", options->max_replicates, "Upper bound with --precision (default 20×replicates)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{100000000}));
  command->add_option("--max-memory", options->max_memory_gb, "Refuse runs whose results exceed this many GB")
      ->capture_default_str();
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
