// `journeysim backtest --events E.csv --model TEMPLATE.yaml --out DIR [--horizon H]`: forecast the
// past and score it (issue #13).
#include <chrono>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "event_log_flags.hpp"
#include "option_checks.hpp"
#include "progress.hpp"
#include "threads.hpp"
#include "journeysim/backtest/backtest.hpp"
#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/civil_time.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/output/backtest_output.hpp"

namespace journeysim::cli {
namespace {

struct BacktestCommandOptions {
  std::string events, model, out, origins, heterogeneity = "none", time_in_stage, mode = "cohort";
  EventLogFlags log;
  int horizon = 0;
  std::int64_t replicates = 500;
  std::uint64_t seed = 1;
  int threads = 0;
  bool force = false, compare = false;
};

/// "2025-06-30,2025-09-30": each date's period is an origin (the forecast starts at its end).
std::vector<std::int64_t> parse_origins(const std::string& text, Period unit) {
  std::vector<std::int64_t> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    UtcMillis time = 0;
    std::string problem;
    if (!parse_iso_timestamp(item, time, problem))
      throw ConfigError("--origins: '" + item + "' is not a date (YYYY-MM-DD): " + problem);
    out.push_back(period_of(time, unit));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

int run_backtest_command(const BacktestCommandOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  const auto threads = limit_threads(o.threads);
  const Journey model = read_journey(o.model);
  const OutputDirectory out = check_output_directory(o.out, o.force, {o.events, o.model});
  BacktestOptions options;
  const auto mode = parse_mode(o.mode);
  if (!mode) throw ConfigError("--mode: unknown mode '" + o.mode + "' (expected expected, cohort or individual)");
  options.mode = *mode;
  options.replicates = o.replicates;
  options.seed = o.seed;
  options.horizon = o.horizon;
  std::string problem;
  const auto heterogeneity = parse_heterogeneity(o.heterogeneity, problem);
  if (!heterogeneity) throw ConfigError("--heterogeneity: " + problem);
  if (heterogeneity->mode == HeterogeneityChoice::Mode::classes)
    throw ConfigError("--heterogeneity " + o.heterogeneity + ": latent classes are not built yet (issue #11)");
  options.calibrate.heterogeneity = *heterogeneity;
  if (o.time_in_stage.empty()) {
    options.calibrate.time_in_stage.mode = TimeInStageChoice::Mode::template_rows;
  } else if (o.time_in_stage != "off") {
    const auto choice = parse_time_in_stage(o.time_in_stage, problem);
    if (!choice) throw ConfigError("--time-in-stage: " + problem);
    options.calibrate.time_in_stage = *choice;
  }
  if (!o.origins.empty()) options.origins = parse_origins(o.origins, model.info.period);

  // The log is read whole (every origin calibrates on a prefix of it); --event-memory bounds
  // the events held, and a log past it is refused rather than read in passes.
  const EventLogOptions log_options = event_log_options(model, o.log, model.info.period);
  const EventLog log = read_event_log(o.events, model.stage_ids(), log_options);
  const double held_mb = static_cast<double>(log.events.size()) * 28 / (1 << 20);  // as read_event_log_in_batches counts
  if (held_mb > static_cast<double>(o.log.event_memory_mb))
    throw ConfigError("backtest holds the whole log: its events take " + format_grouped(held_mb, 0) +
                      " MB, above --event-memory " + std::to_string(o.log.event_memory_mb) + " MB; raise --event-memory");

  ProgressBar bar("backtest origins", true);
  options.progress = [&](std::size_t done, std::size_t total) {
    bar.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(total));
  };
  BacktestResult result = run_backtest(model, log, options);
  result.calibrate_flags = (o.time_in_stage.empty() ? std::string("(the template's buckets)") : "--time-in-stage " + o.time_in_stage) +
                           " --heterogeneity " + o.heterogeneity;
  bar.finish();
  std::vector<StructureScore> comparison;
  if (o.compare) {
    ProgressBar compare_bar("comparing structures", true);
    options.progress = [&](std::size_t done, std::size_t total) {
      compare_bar.update(static_cast<std::int64_t>(done), static_cast<std::int64_t>(total));
    };
    comparison = compare_structures(model, log, options);
    compare_bar.finish();
  }
  write_backtest_outputs(out, result, comparison);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << result.verdict << "\n"
            << "  50% bands held " << format_percent(result.overall.coverage_50, 0) << "; CRPS "
            << format_significant(result.overall.crps, 4) << "; MAPE " << format_percent(result.overall.mape, 1)
            << " (" << format_grouped(seconds, 1) << " s)\n"
            << "Wrote " << o.out << "/backtest.json and backtest.csv\n";
  if (!comparison.empty()) {
    std::cout << "\nModel structures on the same origins, best first (mean CRPS over every forecast; lower is better):\n";
    for (std::size_t i = 0; i < comparison.size(); ++i)
      std::cout << "  " << i + 1 << ". " << comparison[i].name << " (" << comparison[i].calibrate_flags << "): CRPS "
                << format_significant(comparison[i].overall.crps, 4) << ", 90% bands held "
                << format_percent(comparison[i].overall.coverage_90, 0) << ", MAPE "
                << format_percent(comparison[i].overall.mape, 1)
                << (i == 0 ? std::string()
                           : ", +" + format_significant(comparison[i].crps_gap, 3) + " ± " +
                                 format_significant(comparison[i].crps_gap_se, 2) + " over the best" +
                                 (comparison[i].indistinguishable ? " (indistinguishable)" : ""))
                << "\n";
    std::string ties;
    for (const StructureScore& c : comparison)
      if (c.indistinguishable) ties += (ties.empty() ? "" : ", ") + c.name;
    std::cout << "Recommended: calibrate " << comparison.front().calibrate_flags
              << (ties.empty() ? std::string()
                               : " (the data do not tell it apart from: " + ties +
                                     "; the simpler one is as good a choice)")
              << "\n";
  }
  return 0;
}

}  // namespace

void add_backtest_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<BacktestCommandOptions>();
  CLI::App* command = app.add_subcommand("backtest", "Forecast the past from an event log and score the forecasts");
  command->add_option("--events", o->events, "Event log (CSV: customer_id, timestamp, stage[, segment, revenue])")
      ->required();
  command->add_option("--model", o->model, "Template journey model (YAML), as for calibrate")->required();
  command->add_option("--out", o->out, "Output directory: backtest.json and backtest.csv")->required();
  add_event_log_flags(*command, o->log, false);
  command->add_option("--horizon", o->horizon, "Periods ahead to forecast from each origin (default: up to 12)")
      ->check(CLI::Range(1, 1000));
  command->add_option("--origins", o->origins,
                      "Comma-separated dates; each one's period is an origin (default: the last 12 periods whose "
                      "horizon the log covers, after at least 6 periods of history)");
  command->add_option("--time-in-stage", o->time_in_stage, "As for calibrate: LIST, auto or off (default: the template's buckets)");
  command->add_option("--heterogeneity", o->heterogeneity, "As for calibrate: none or beta")->default_val("none");
  command->add_option("--mode", o->mode, "Simulation mode of each forecast: cohort (default), expected or individual")
      ->default_val("cohort");
  command->add_option("--replicates", o->replicates, "Replicates per origin")->check(CLI::Range(std::int64_t{2}, std::int64_t{1'000'000}))
      ->default_val(500);
  command->add_option("--seed", o->seed, "Random seed; the same seed gives the same files")->default_val(1);
  command->add_option("--threads", o->threads, "Worker threads (default: all cores); results do not depend on it");
  command->add_flag("--force", o->force, "Replace an existing backtest or run directory");
  command->add_flag("--compare", o->compare,
                    "Also backtest each model structure (one row per stage, rows by time in stage, customers who "
                    "differ) on the same origins and recommend the one with the lowest CRPS");
  command->footer(
      "For each origin (the end of a period), calibrate on the events up to it (as calibrate --as-of),\n"
      "forecast the next H periods (as simulate, baseline only) and compare with the log at the end\n"
      "of each of them: customers per non-terminal stage, paying customers, and moves into each\n"
      "terminal stage since the origin. Scores: coverage of the 50% and 90% bands, mean error, MAPE,\n"
      "the interval score of the 90% band, CRPS and a PIT histogram (docs/reference/outputs.md#backtest).\n"
      "Example:\n"
      "  journeysim synth scenarios/subscription/journey.yaml --customers 20000 --periods 36 --seed 1 --out events.csv\n"
      "  journeysim backtest --events events.csv --model scenarios/subscription/journey.yaml --out bt --horizon 6");
  command->callback([&action, o] { action = [o] { return run_backtest_command(*o); }; });
}

}  // namespace journeysim::cli
