#include "event_log_flags.hpp"

#include <iostream>
#include <map>
#include <memory>

#include "calibrate_report.hpp"
#include "option_checks.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/core/suggest.hpp"

namespace journeysim::cli {
namespace {

/// The model's stage aliases, and the --ignore-stages list (checked: none is a stage of the model).
void add_stage_labels(const Journey& model, const EventLogFlags& flags, EventLogOptions& log_options) {
  for (StageIndex s = 0; s < model.stage_count(); ++s)
    for (const auto& alias : model.stages[s].aliases) log_options.stage_aliases.emplace_back(alias, s);
  if (flags.ignore_stages.empty()) return;
  log_options.ignore_stages = parse_ignore_stages(flags.ignore_stages);
  for (const auto& label : log_options.ignore_stages)
    for (const Stage& stage : model.stages) {
      bool named = stage.id == label;
      for (const auto& alias : stage.aliases) named = named || alias == label;
      if (named)
        throw ConfigError("--ignore-stages: '" + label + "' is " +
                          (stage.id == label ? "a stage" : "an alias of stage '" + stage.id + "'") + " of " +
                          model.file + "; the list names stages the model does not have");
    }
}

/// --revenue-per: the factor from revenue per that period to revenue per calibrated period.
double revenue_scale(const std::string& revenue_per, Period target) {
  if (revenue_per.empty()) return 1;
  const auto period = parse_period(revenue_per);
  if (!period)
    throw ConfigError("--revenue-per: unknown period '" + revenue_per + "' (expected day, week, month, quarter or year)" +
                      did_you_mean(revenue_per, {"day", "week", "month", "quarter", "year"}));
  // Revenue per month × 12 months a year / 52 weeks a year = revenue per week.
  return static_cast<double>(periods_per_year(*period)) / static_cast<double>(periods_per_year(target));
}

}  // namespace

void add_event_log_flags(CLI::App& command, EventLogFlags& flags, bool read_in_passes) {
  command.add_option("--columns", flags.columns,
                     "Header names of a CRM export: customer_id=COL,timestamp=COL,stage=COL[,segment=COL]"
                     "[,revenue=COL] (default: the roles' own names)");
  command.add_option("--ignore-stages", flags.ignore_stages,
                     "Stage labels the model does not have, comma-separated (\"Webinar,Newsletter\"): their rows "
                     "are skipped and counted, not bad rows");
  command.add_option("--revenue-per", flags.revenue_per,
                     "The period the revenue column is per: day, week, month, quarter or year (default: the "
                     "calibrated period, --period or the model's); values are converted to the calibrated period");
  command.add_option("--max-bad-rows", flags.max_bad_rows, "Skip up to N bad rows (each reported); fail past N")
      ->check(whole_number())->default_val(0);
  command.add_option("--event-memory", flags.event_memory_mb,
                     read_in_passes ? "MB of events held at once; a larger log is read again for the customers that did "
                                      "not fit (memory grows with customers, not rows); results do not depend on it"
                                    : "MB of events the whole log may take in memory (28 bytes per event); a larger log "
                                      "is refused")
      ->check(whole_number(1'000'000'000))->default_val(1024);
}

EventLogOptions event_log_options(const Journey& model, const EventLogFlags& flags, Period period) {
  EventLogOptions log_options;
  log_options.max_bad_rows = flags.max_bad_rows;
  // A few rows of each kind are printed; the rest are counted (the summary line gives totals).
  auto printed = std::make_shared<std::map<std::string, std::size_t>>();
  log_options.on_skipped = [printed](const BadRow& bad) {
    const std::string reason = bad_row_reason(bad.message);
    const std::size_t seen = ++(*printed)[reason];
    if (seen <= bad_rows_shown_per_reason) std::cerr << format_skipped_row(bad);
    if (seen == bad_rows_shown_per_reason + 1)
      std::cerr << "journeysim: warning: more bad rows of this kind (" << reason
                << ") are counted, not printed; the summary below gives the total\n";
  };
  for (const auto& segment : model.segments) log_options.known_segments.push_back(segment.id);
  if (!flags.columns.empty()) log_options.column_names = parse_column_mapping(flags.columns);
  add_stage_labels(model, flags, log_options);
  log_options.revenue_scale = revenue_scale(flags.revenue_per, period);
  if (flags.event_memory_mb == 0 || flags.event_memory_mb > (std::size_t{1} << 30))
    throw ConfigError("--event-memory must be between 1 and 2^30 MB, got " + std::to_string(flags.event_memory_mb));
  log_options.max_event_bytes = flags.event_memory_mb << 20;
  return log_options;
}

}  // namespace journeysim::cli
