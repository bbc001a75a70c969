// From a panel to estimates per group (all customers, each segment).
#include "journeysim/calibrate/calibrate.hpp"

#include <chrono>
#include <cmath>
#include <memory>
#include <set>

#include "calibrated_journey.hpp"
#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim {

bool parse_as_of(const std::string& text, UtcMillis& as_of, std::string& problem) {
  if (!parse_iso_timestamp(text, as_of, problem)) return false;
  std::string_view trimmed(text);
  while (!trimmed.empty() && trimmed.back() == ' ') trimmed.remove_suffix(1);
  if (trimmed.size() == 10) as_of += millis_per_day - 1;  // a date covers its whole day
  return true;
}

namespace {

/// Cells the prior goes to, per row: the template's cells (the row of the journey and of
/// `segment` when given), or every cell with --learn-structure.
std::vector<std::vector<bool>> allowed_cells(const Journey& journey, const Segment* segment, bool learn_structure) {
  const std::size_t n = journey.stage_count();
  std::vector<std::vector<bool>> allowed(n, std::vector<bool>(n, learn_structure));
  auto mark = [&](const std::vector<TransitionRow>& rows) {
    for (const auto& row : rows)
      for (const auto& cell : row.cells) allowed[row.from][cell.to] = true;
  };
  mark(journey.transitions);
  for (const auto& rows : journey.time_in_stage) mark(rows.rows);
  if (segment) mark(segment->transitions);
  else
    for (const auto& s : journey.segments) mark(s.transitions);
  return allowed;
}

/// Mean and sample standard deviation of arrivals per period, from `skip` on.
void estimate_inflow(const PanelTally& tally, std::size_t skip, std::size_t stages, GroupEstimate& group) {
  group.inflow_mean.assign(stages, 0.0);
  group.inflow_sd.assign(stages, 0.0);
  const std::size_t periods = tally.arrivals.size() > skip ? tally.arrivals.size() - skip : 0;
  if (periods == 0) return;
  for (std::size_t s = 0; s < stages; ++s) {
    double sum = 0, square = 0;
    for (std::size_t p = skip; p < tally.arrivals.size(); ++p) sum += static_cast<double>(tally.arrivals[p][s]);
    const double mean = sum / static_cast<double>(periods);
    for (std::size_t p = skip; p < tally.arrivals.size(); ++p) {
      const double d = static_cast<double>(tally.arrivals[p][s]) - mean;
      square += d * d;
    }
    group.inflow_mean[s] = mean;
    group.inflow_sd[s] = periods > 1 ? std::sqrt(square / static_cast<double>(periods - 1)) : 0.0;
  }
}

GroupEstimate estimate_group(const Journey& journey, const PanelTally& tally, const std::vector<std::vector<bool>>& allowed,
                             const CalibrateOptions& options, std::size_t inflow_skip) {
  const std::size_t n = journey.stage_count();
  GroupEstimate group;
  group.customers = tally.customers;
  group.rows.resize(n);
  group.counts.assign(n, std::vector<double>(n, 0.0));
  group.initial.assign(n, 0.0);
  group.revenue.assign(n, std::nullopt);
  for (std::size_t from = 0; from < n; ++from) {
    if (!journey.stages[from].terminal) {
      const auto first = tally.counts.begin() + static_cast<std::ptrdiff_t>(from * n);
      const std::vector<std::uint64_t> row(first, first + static_cast<std::ptrdiff_t>(n));
      group.rows[from] = estimate_row(from, row, allowed[from], options.estimate);
      for (std::size_t to = 0; to < n; ++to) group.counts[from][to] = static_cast<double>(row[to]);
      const auto h1 = tally.first_half.begin() + static_cast<std::ptrdiff_t>(from * n);
      const auto h2 = tally.second_half.begin() + static_cast<std::ptrdiff_t>(from * n);
      const HomogeneityResult test = homogeneity_test(from, std::vector<std::uint64_t>(h1, h1 + static_cast<std::ptrdiff_t>(n)),
                                                      std::vector<std::uint64_t>(h2, h2 + static_cast<std::ptrdiff_t>(n)));
      if (test.degrees_of_freedom > 0) group.homogeneity.push_back(test);
      group.initial[from] = static_cast<double>(tally.at_as_of[from]);
    }
    if (tally.revenue_periods[from] > 0)
      group.revenue[from] = tally.revenue_sum[from] / static_cast<double>(tally.revenue_periods[from]);
  }
  estimate_inflow(tally, inflow_skip, n, group);
  return group;
}

/// Holm's correction over one family: every row tested, of all customers and of each segment
/// (calibrate prints them all, and with segments the segment rows are the ones simulated).
void adjust_homogeneity(std::vector<GroupEstimate>& groups) {
  std::vector<HomogeneityResult> family;
  for (const auto& group : groups) family.insert(family.end(), group.homogeneity.begin(), group.homogeneity.end());
  holm_adjust(family);
  std::size_t i = 0;
  for (auto& group : groups)
    for (auto& test : group.homogeneity) test.adjusted_p_value = family[i++].adjusted_p_value;
}

std::vector<bool> terminal_stages(const Journey& journey) {
  std::vector<bool> terminal(journey.stage_count());
  for (std::size_t s = 0; s < terminal.size(); ++s) terminal[s] = journey.stages[s].terminal;
  return terminal;
}

PanelOptions panel_options(const Journey& journey, const CalibrateOptions& options) {
  PanelOptions panel;
  panel.period = options.period.value_or(journey.info.period);
  panel.as_of = options.as_of;
  const TimeInStageChoice time_in_stage = resolve_time_in_stage(options.time_in_stage, journey);
  panel.tenure_periods = tenure_periods_needed(time_in_stage);
  // Moments of truth from the data, a year after entering, as analyze reports the model's.
  if (time_in_stage.mode != TimeInStageChoice::Mode::off)
    panel.moments_periods = static_cast<std::size_t>(std::max(1, periods_per_year(panel.period)));
  if (options.heterogeneity.mode == HeterogeneityChoice::Mode::beta) {
    // Every period a spell can last, up to the model's limit, and fewer for big models: the
    // tallies are stages² per period (4e6 cells ≈ 32 MB). Later periods pool into the last.
    const std::size_t n = journey.stage_count();
    const std::size_t cells = std::max<std::size_t>(2, std::size_t{4'000'000} / (n * n));
    panel.tenure_periods =
        std::max(panel.tenure_periods, std::min<std::size_t>(cells, static_cast<std::size_t>(max_time_in_stage_period)));
  }
  return panel;
}

void check_not_empty(const EventLog& log) {
  // With no event the panel's time range is empty and formatting its as_of overflowed (UB;
  // found by fuzz_events).
  if (log.good_rows == 0)
    throw InputError("the event log has no usable rows (a header and at least one event are needed)",
                     SourceLocation{log.file, 0, 0});
}

/// An --as-of before the first event leaves nothing to count: the model written from it had an
/// empty population and the template's rows, with exit 0.
void check_as_of(const EventLog& log, const CalibrateOptions& options) {
  if (options.as_of && *options.as_of < log.earliest)
    throw ConfigError("--as-of " + format_iso_timestamp(*options.as_of) + " is before the first event of " + log.file +
                      " (" + format_iso_timestamp(log.earliest) + "): there is no data to calibrate from");
}

/// Rows by time in stage make a state per period before each open-ended bucket: refused before
/// reading the log when, on every non-terminal stage, they would pass the model's stage limit
/// (the written model would not validate).
void check_time_in_stage_states(const Journey& journey, const CalibrateOptions& options) {
  // The template's own buckets passed the same limit when the template was validated.
  if (options.time_in_stage.mode == TimeInStageChoice::Mode::template_rows) return;
  const std::size_t periods = tenure_periods_needed(options.time_in_stage);
  if (periods <= 1) return;
  std::size_t states = journey.stage_count();
  for (const Stage& stage : journey.stages) states += stage.terminal ? 0 : periods - 1;
  if (states > limits::stages)
    throw ConfigError("--time-in-stage: an open-ended bucket from period " + std::to_string(periods) + " on " +
                      journey.file + "'s non-terminal stages makes " + std::to_string(states) +
                      " states (one per period before it, per stage), above the limit of " +
                      std::to_string(limits::stages) + ": start the open-ended bucket earlier");
}

/// Estimates from a finished panel of `log`.
CalibrationResult calibrate_from_panel(const Journey& template_journey, const EventLog& log, Panel panel_in,
                                       const CalibrateOptions& options) {
  CalibrationResult result;
  const std::size_t n = template_journey.stage_count();
  result.panel = std::move(panel_in);
  const Panel& panel = result.panel;

  // The first period of a log mixes customers who were already in the journey when the log
  // starts with new ones, so inflow is averaged over the complete periods after it.
  const std::size_t complete = panel.complete_periods();
  const std::size_t skip = complete >= 2 ? 1 : 0;
  result.inflow_first_period = panel.first_period + static_cast<std::int64_t>(skip);
  result.inflow_periods = complete - skip;

  const auto pooled_allowed = allowed_cells(template_journey, nullptr, options.learn_structure);
  result.groups.push_back(estimate_group(template_journey, panel.pooled, pooled_allowed, options, skip));
  for (std::size_t g = 0; g < log.segments.size(); ++g) {
    const Segment* segment = g < template_journey.segments.size() &&
                                     template_journey.segments[g].id == log.segments[g]
                                 ? &template_journey.segments[g]
                                 : nullptr;
    const auto allowed = allowed_cells(template_journey, segment, options.learn_structure);
    result.groups.push_back(estimate_group(template_journey, panel.segments[g], allowed, options, skip));
    result.groups.back().segment = log.segments[g];
  }
  adjust_homogeneity(result.groups);
  // Rows by time in stage for all customers (segments keep plain rows, and none for those stages).
  result.time_in_stage =
      fit_time_in_stage(template_journey, panel.pooled, pooled_allowed,
                        resolve_time_in_stage(options.time_in_stage, template_journey), options.estimate);
  if (options.heterogeneity.mode == HeterogeneityChoice::Mode::beta) {
    // Stages written by time in stage keep those rows (the two together are not supported).
    std::set<StageIndex> bucketed;
    for (const StageTenureFit& fit : result.time_in_stage)
      if (fit.kept) bucketed.insert(fit.stage);
    result.heterogeneity = fit_heterogeneity(template_journey, panel.pooled, bucketed);
  }
  for (std::size_t from = 0; from < n; ++from)
    for (std::size_t to = 0; to < n; ++to)
      if (to != from && !pooled_allowed[from][to] && panel.pooled.counts[from * n + to] > 0)
        result.unexpected.push_back({from, to, panel.pooled.counts[from * n + to]});

  result.journey = make_calibrated_journey(template_journey, log, result, options);
  result.observed_moments = observed_moments(result.journey, panel.pooled);
  return result;
}

}  // namespace

CalibrationResult calibrate_journey(const Journey& template_journey, const EventLog& log,
                                    const CalibrateOptions& options) {
  check_not_empty(log);
  check_as_of(log, options);
  check_time_in_stage_states(template_journey, options);
  const std::vector<bool> terminal = terminal_stages(template_journey);
  Panel panel = build_panel(log, terminal, panel_options(template_journey, options));
  return calibrate_from_panel(template_journey, log, std::move(panel), options);
}

CalibratedLog calibrate_event_file(const Journey& template_journey, const std::string& path,
                                   const EventLogOptions& log_options, const CalibrateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  check_time_in_stage_states(template_journey, options);
  const std::vector<bool> terminal = terminal_stages(template_journey);
  const PanelOptions panel_settings = panel_options(template_journey, options);
  std::unique_ptr<PanelBuilder> builder;
  CalibratedLog out;
  out.log = read_event_log_in_batches(path, template_journey.stage_ids(), log_options, [&](const EventBatch& batch) {
    check_not_empty(batch.log);
    check_as_of(batch.log, options);
    if (!builder) builder = std::make_unique<PanelBuilder>(batch.log, terminal, panel_settings);
    builder->add(batch);
  });
  check_not_empty(out.log);
  Panel panel = builder->finish();
  out.read_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.fit = calibrate_from_panel(template_journey, out.log, std::move(panel), options);
  return out;
}

}  // namespace journeysim
