// `journeysim calibrate --events E.csv --model M.yaml --out C.yaml`: fit a model to a log.
#include <tbb/global_control.h>

#include <chrono>
#include <iostream>
#include <map>
#include <memory>

#include "calibrate_report.hpp"
#include "command.hpp"
#include "event_log_flags.hpp"
#include "option_checks.hpp"
#include "threads.hpp"
#include "diagnostics.hpp"
#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/core/suggest.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/output_guard.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/output/journey_yaml_writer.hpp"

namespace journeysim::cli {
namespace {

struct CalibrateCommandOptions {
  std::string events, model, out, period, as_of, interval = "dirichlet";
  EventLogFlags log;
  std::string time_in_stage;  ///< "": the template's own buckets
  std::string heterogeneity = "none";
  double prior = 0;
  bool learn_structure = false;
  std::uint64_t min_exits = 30;
  int threads = 0;
};

CalibrateOptions to_options(const CalibrateCommandOptions& o) {
  CalibrateOptions options;
  if (!o.period.empty()) {
    options.period = parse_period(o.period);
    if (!options.period)
      throw ConfigError("--period: unknown period '" + o.period + "' (expected day, week, month, quarter or year)" +
                        did_you_mean(o.period, {"day", "week", "month", "quarter", "year"}));
  }
  if (!o.as_of.empty()) {
    UtcMillis as_of = 0;
    std::string problem;
    if (!parse_as_of(o.as_of, as_of, problem))
      throw ConfigError("--as-of: invalid date '" + o.as_of + "': " + problem);
    options.as_of = as_of;
    options.as_of_text = o.as_of;
  }
  if (!(o.prior >= 0)) throw ConfigError("--prior must be a non-negative pseudo-count, got " + std::to_string(o.prior));
  options.estimate.prior = o.prior;
  if (o.interval == "wilson") options.estimate.interval = IntervalMethod::wilson;
  else if (o.interval != "dirichlet")
    throw ConfigError("--interval: unknown method '" + o.interval + "' (expected dirichlet or wilson)" +
                      did_you_mean(o.interval, {"dirichlet", "wilson"}));
  options.estimate.min_exits = o.min_exits;
  options.learn_structure = o.learn_structure;
  options.source = o.events;
  if (o.time_in_stage.empty()) {
    options.time_in_stage.mode = TimeInStageChoice::Mode::template_rows;
  } else if (o.time_in_stage != "off") {
    std::string problem;
    const auto choice = parse_time_in_stage(o.time_in_stage, problem);
    if (!choice) throw ConfigError("--time-in-stage: " + problem);
    options.time_in_stage = *choice;
  }
  std::string problem;
  const auto heterogeneity = parse_heterogeneity(o.heterogeneity, problem);
  if (!heterogeneity) throw ConfigError("--heterogeneity: " + problem);
  if (heterogeneity->mode == HeterogeneityChoice::Mode::classes)
    throw ConfigError("--heterogeneity " + o.heterogeneity +
                      ": latent classes are not built yet (issue #11); use beta (a Beta-distributed propensity per "
                      "customer) or none");
  options.heterogeneity = *heterogeneity;
  return options;
}

int run_calibrate(const CalibrateCommandOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  const auto threads = limit_threads(o.threads);
  check_output_not_input(o.out, {o.events, o.model});
  const std::string template_text = read_yaml_file(o.model);
  const Journey model = parse_journey(template_text, o.model);
  const CalibrateOptions options = to_options(o);

  const EventLogOptions log_options = event_log_options(model, o.log, options.period.value_or(model.info.period));
  const CalibratedLog calibrated = calibrate_event_file(model, o.events, log_options, options);
  const EventLog& log = calibrated.log;
  const CalibrationResult& fit = calibrated.fit;
  const double read_seconds = calibrated.read_seconds;
  // A calibration that counted nothing is the template relabelled: with --period year a log of
  // two calendar years whose last one ends at 23:53 on 31 December counted 0 transitions and
  // wrote the monthly rows as yearly ones (a new user's run).
  double counted = 0;
  for (const auto& row : fit.groups.front().counts)
    for (double c : row) counted += c;
  if (counted == 0)
    throw ConfigError("no transition was counted: the log has " + std::to_string(fit.panel.complete_periods()) +
                      " complete " + to_string(fit.panel.period) + "(s) before as-of " + fit.journey.calibration.as_of +
                      ", and a transition needs two consecutive complete periods; give --as-of at the end of the "
                      "last complete period (e.g. --as-of 2025-12-31) or a shorter --period");
  const std::string text = calibrated_journey_yaml(template_text, model, fit.journey);
  try {
    parse_journey(text, o.out);  // the file we write must read back and validate
  } catch (const InputError& e) {
    throw InternalError(std::string("the calibrated model does not read back: ") + e.what());
  }
  write_file_atomically(o.out, text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_calibration_report(std::cout, std::cerr, model, log, fit,
                           CalibrationTiming{read_seconds, seconds, tbb::global_control::active_value(
                                                                         tbb::global_control::max_allowed_parallelism)},
                           o.out, o.log.revenue_per.empty() ? std::nullopt : parse_period(o.log.revenue_per));
  return 0;
}

}  // namespace

void add_calibrate_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<CalibrateCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "calibrate", "Fit a journey model's transitions, population, inflow and revenue to an event log");
  command->add_option("--events", o->events, "Event log (CSV): customer_id,timestamp,stage[,segment][,revenue]")
      ->required();
  add_event_log_flags(*command, o->log, true);
  command->add_option("--model", o->model, "Template journey model (YAML): stages and allowed transitions")->required();
  command->add_option("--out", o->out, "Where to write the calibrated model (YAML)")->required();
  command->add_option("--period", o->period, "day, week, month, quarter or year (default: the model's period)");
  command->add_option("--as-of", o->as_of,
                      "Last date (or date-time) of data; only periods complete by then are counted "
                      "(default: the latest timestamp)");
  command->add_option("--prior", o->prior, "Pseudo-count added to every allowed cell (Dirichlet smoothing)")
      ->check(finite_number(0, 1e6))->default_val(0);
  command->add_flag("--learn-structure", o->learn_structure,
                    "Put the prior on every cell, not only the cells the template lists");
  command->add_option("--interval", o->interval, "Per-cell 95% intervals: dirichlet (posterior) or wilson")
      ->default_val("dirichlet");
  command->add_option("--min-exits", o->min_exits, "Flag rows with fewer moves out than this")
      ->check(whole_number())->default_val(30);
  command->add_option("--time-in-stage", o->time_in_stage,
                      "Rows by periods spent in each stage: buckets like 1,2-3,4-12,13+ (the last open-ended) for "
                      "every non-terminal stage, or auto (per stage, kept when a likelihood-ratio test against "
                      "one row is significant after Holm); off: one row per stage. Default: the buckets "
                      "of the template's own time-in-stage rows, one row for the other stages");
  command->add_option("--heterogeneity", o->heterogeneity,
                      "Customers who differ: beta gives each customer its own probability of a stage's main exit to "
                      "a terminal stage, Beta(alpha, beta) across customers (Fader & Hardie's sBG), kept per stage "
                      "when a likelihood-ratio test against one probability is significant after Holm; none: one "
                      "probability per row (classes:K, latent classes: not built yet)")
      ->default_val("none");
  command->add_option("--threads", o->threads, "Worker threads (default: all cores); results do not depend on it");
  command->footer(
      "Each customer's stage at the end of each period is the last stage it entered by then;\n"
      "it is observed from its first event until --as-of or a terminal stage, and transitions\n"
      "are counted between consecutive observed period ends (stays included). Probabilities are\n"
      "the MLE (counts / row total, plus --prior); counts are kept in the `calibration` block so\n"
      "`simulate` can draw parameter uncertainty. Printed: customers, periods, per-row exits and\n"
      "intervals, a first-half vs second-half homogeneity test per row, and rows with too\n"
      "little data. Bad rows stop the run with FILE:LINE:COL unless --max-bad-rows allows them.\n"
      "Example:\n"
      "  journeysim synth scenarios/b2b-saas/journey.yaml --customers 50000 --periods 24 --seed 1 --out events.csv\n"
      "  journeysim calibrate --events events.csv --model scenarios/b2b-saas/journey.yaml --out calibrated.yaml\n"
      "With --time-in-stage a transition is counted in the bucket of the customer's period in its\n"
      "stage (1 = the period it entered); customers first seen in the log's first period may have\n"
      "been in that stage before the log began, so that first spell is left out of the buckets\n"
      "(reported). Example:\n"
      "  journeysim calibrate --events events.csv --model journey.yaml --out calibrated.yaml \\\n"
      "    --time-in-stage 1,2-3,4-12,13+\n"
      "With --heterogeneity beta a stage's churn flattens as the likelier churners leave: each period\n"
      "in the stage is tallied as 'left to the exit' or 'did not', the sBG likelihood of spells cut\n"
      "at --as-of or by a move elsewhere. Example:\n"
      "  journeysim calibrate --events events.csv --model scenarios/subscription/journey.yaml \\\n"
      "    --out calibrated.yaml --heterogeneity beta");
  command->callback([&action, o] { action = [o] { return run_calibrate(*o); }; });
}

}  // namespace journeysim::cli
