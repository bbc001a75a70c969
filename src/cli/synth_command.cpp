// `journeysim synth MODEL --customers N --periods T --seed S --out E.csv`: a simulated event log.
#include <chrono>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "option_checks.hpp"
#include "threads.hpp"
#include "journeysim/synth/synth.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/output_guard.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/core/number_text.hpp"

namespace journeysim::cli {
namespace {

struct SynthCommandOptions {
  std::string model, out, start = "2024-01-01";
  std::uint64_t customers = 0, seed = 0;
  int periods = 0;
  int threads = 0;
  bool segment_column = false;
};

int run_synth(const SynthCommandOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  const auto threads = limit_threads(o.threads);
  check_output_not_input(o.out, {o.model});
  const Journey journey = read_journey(o.model);
  SynthOptions options;
  options.customers = o.customers;
  options.periods = o.periods;
  options.seed = o.seed;
  options.segment_column = o.segment_column;
  std::string problem;
  if (!parse_iso_timestamp(o.start, options.start, problem))
    throw ConfigError("--start: invalid date '" + o.start + "': " + problem);
  SynthSummary summary;
  write_file_atomically(o.out, [&](std::ostream& out) { summary = write_synthetic_events(journey, options, out); });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "wrote " << o.out << ": " << format_grouped(static_cast<double>(summary.rows)) << " events of "
            << format_grouped(static_cast<double>(summary.customers)) << " customers over " << o.periods << " "
            << to_string(journey.info.period) << "s (" << format_grouped(static_cast<double>(summary.bytes) / 1e6, 1)
            << " MB) in " << format_grouped(seconds, 2) << " s\n";
  return 0;
}

}  // namespace

void add_synth_command(CLI::App& app, Action& action) {
  auto o = std::make_shared<SynthCommandOptions>();
  CLI::App* command = app.add_subcommand("synth", "Simulate a realistic event log from a model (demos, tests, benchmarks)");
  command->add_option("MODEL", o->model, "Journey model file (YAML)")->required();
  command->add_option("--customers", o->customers, "Customers to simulate (N, at most 10^12)")->required()
      ->check(whole_number(1'000'000'000'000)&CLI::PositiveNumber);
  command->add_option("--periods", o->periods, "Periods of history (T), in the model's period")
      ->required()
      ->check(CLI::Range(1, 100000));
  command->add_option("--seed", o->seed, "Random seed; the same seed gives the same file byte for byte")->required()
      ->check(whole_number());
  command->add_option("--out", o->out, "Event log to write (CSV)")->required();
  command->add_option("--start", o->start, "First day of the history (rounded down to its period)")
      ->default_val("2024-01-01");
  command->add_flag("--segment-column", o->segment_column, "Write each customer's segment in a `segment` column");
  command->add_option("--threads", o->threads, "Worker threads (default: all cores); the output does not depend on it");
  command->footer(
      "The N customers arrive uniformly over the T periods (about N/T per period); each one's\n"
      "segment and entry stage are drawn in proportion to the segments' population.inflow, then\n"
      "it moves once per period by its segment's transitions until a terminal stage. Every stage\n"
      "entry is one row, timestamped uniformly within its period, with a `revenue` column (the\n"
      "stage's revenue per period) when the model has revenue. Calibrating the output recovers\n"
      "the model's transitions within their intervals.\n"
      "Example:\n"
      "  journeysim synth scenarios/b2b-saas/journey.yaml --customers 50000 --periods 24 --seed 1 \\\n"
      "      --segment-column --out events.csv");
  command->callback([&action, o] { action = [o] { return run_synth(*o); }; });
}

}  // namespace journeysim::cli
