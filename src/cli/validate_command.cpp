// `journeysim validate MODEL [FIXES]`: check files and print a summary.
#include <iostream>
#include <memory>
#include <optional>

#include "command.hpp"
#include "diagnostics.hpp"
#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/model/validate.hpp"
#include "journeysim/core/number_text.hpp"

namespace journeysim::cli {
namespace {

struct ValidateOptions {
  std::string model;
  std::string fixes;
};

int run_validate(const ValidateOptions& options) {
  const Journey journey = read_journey(options.model);
  // Read everything before printing anything: a bad fixes file must leave stdout empty.
  std::optional<FixesFile> fixes;
  if (!options.fixes.empty()) fixes = read_fixes(options.fixes, journey);
  std::size_t terminal = 0, transitions = 0;
  for (const auto& stage : journey.stages) terminal += stage.terminal;
  for (const auto& row : journey.transitions)
    for (const auto& cell : row.cells) transitions += cell.probability > 0;
  std::string by_time_in_stage;  // "onboarding (1-3, 4+); smb/adoption (1, 2+)"
  auto list_buckets = [&](const std::string& prefix, const TimeInStageRows& rows) {
    std::string labels;
    for (const auto& bucket : rows.buckets) labels += (labels.empty() ? "" : ", ") + bucket.label();
    by_time_in_stage += (by_time_in_stage.empty() ? "" : "; ") + prefix + journey.stages[rows.stage].id + " (" + labels + ")";
  };
  for (const auto& row : journey.propensity_base)
    for (const auto& cell : row.cells) transitions += cell.probability > 0;
  for (const auto& rows : journey.time_in_stage) {
    if (rows.derived) continue;  // shown as the propensity it comes from
    for (const auto& row : rows.rows)
      for (const auto& cell : row.cells) transitions += cell.probability > 0;
    list_buckets("", rows);
  }
  std::string differ;  // "paying → churned Beta(0.704, 1.182)"
  for (const auto& p : journey.propensities)
    differ += (differ.empty() ? "" : "; ") + journey.stages[p.stage].id + " -> " + journey.stages[p.to].id + " Beta(" +
              format_significant(p.alpha, 4) + ", " + format_significant(p.beta, 4) + "), mean " +
              format_percent(p.alpha / (p.alpha + p.beta)) + " in the first " + to_string(journey.info.period);
  for (const auto& segment : journey.segments)  // a segment's own rows by time in stage
    for (const auto& rows : segment.time_in_stage) list_buckets(segment.id + "/", rows);
  double initial = 0, inflow = 0;
  for (double v : journey.population.initial) initial += v;
  for (double v : journey.population.inflow) inflow += v;
  const std::string period = to_string(journey.info.period);

  std::cout << options.model << ": ok\n"
            << "  journey:     " << journey.info.name << "\n"
            << "  stages:      " << journey.stages.size() << " (" << journey.stages.size() - terminal
            << " in the journey, " << terminal << " terminal)\n"
            << "  transitions: " << transitions << " non-zero"
            << (by_time_in_stage.empty() ? "" : ", by periods in stage for " + by_time_in_stage) << "\n"
            << (differ.empty() ? "" : "  customers differ: " + differ + "\n")
            << "  period:      " << period << ", horizon " << journey.info.horizon << " " << period
            << "s, discount " << format_percent(journey.info.discount_rate_annual) << " a year\n"
            << "  population:  " << format_grouped(initial) << " customers at the start, "
            << format_grouped(inflow) << " new per " << period << "\n";
  if (!journey.segments.empty()) {
    std::cout << "  segments:   ";
    for (const auto& segment : journey.segments)
      std::cout << " " << segment.id
                << (segment.share ? " (" + format_percent(*segment.share, 0) + ")" : std::string{});
    std::cout << "\n";
  }
  if (journey.calibration.present)
    std::cout << "  calibration: from " << (journey.calibration.source.empty() ? "?" : journey.calibration.source)
              << " as of " << (journey.calibration.as_of.empty() ? "?" : journey.calibration.as_of)
              << (journey.calibration.counts.empty() ? ", no counts (transitions exact)"
                                                     : ", counts give parameter uncertainty")
              << "\n";
  for (const auto& warning : journey_warnings(journey)) std::cerr << format_warning(warning);
  if (fixes) {
    std::size_t effects = 0;
    for (const auto& fix : fixes->fixes) effects += fix.effects.size();
    std::cout << options.fixes << ": ok\n"
              << "  fixes:       " << fixes->fixes.size() << " with " << effects << " effects\n"
              << "  portfolios:  " << fixes->portfolios.size() << "\n"
              << "  scenarios:   " << 1 + fixes->fixes.size() + fixes->portfolios.size()
              << " (baseline, each fix alone, each portfolio)\n";
    for (const auto& warning : fixes_warnings(*fixes, journey)) std::cerr << format_warning(warning);
  }
  return 0;
}

}  // namespace

void add_validate_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ValidateOptions>();
  CLI::App* command = app.add_subcommand("validate", "Check a journey model (and a fixes file) and print a summary");
  command->add_option("MODEL", options->model, "Journey model file (YAML, docs/reference/model-file.md)")
      ->required();
  command->add_option("FIXES", options->fixes,
                      "Fixes file (YAML, docs/reference/fixes-file.md), checked against MODEL");
  command->footer("Exit code 0 when the files are valid, 2 with a located error otherwise.\n"
                  "Example: journeysim validate scenarios/b2b-saas/journey.yaml scenarios/b2b-saas/fixes.yaml");
  command->callback([&action, options] { action = [options] { return run_validate(*options); }; });
}

}  // namespace journeysim::cli
