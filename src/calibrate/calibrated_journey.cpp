#include "calibrated_journey.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/core/civil_time.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/model/validate.hpp"

namespace journeysim {
namespace {

const TransitionRow* find_row(const std::vector<TransitionRow>& rows, StageIndex from) {
  for (const auto& row : rows)
    if (row.from == from) return &row;
  return nullptr;
}

/// Rows of `group` that have data (every estimated cell but the stay), plus, when `keep` is
/// given, rows of `keep` for stages without data. `extra_cells` (the pooled calibrated rows)
/// are written as zeros when the group did not estimate them, so a segment's override row
/// replaces the pooled row completely.
std::vector<TransitionRow> estimated_rows(const Journey& journey, const GroupEstimate& group,
                                          const std::vector<TransitionRow>* keep,
                                          const std::vector<TransitionRow>* extra_cells) {
  std::vector<TransitionRow> rows;
  for (StageIndex from = 0; from < journey.stage_count(); ++from) {
    if (journey.stages[from].terminal) continue;
    const RowEstimate& estimate = group.rows[from];
    if (estimate.probability.empty()) {
      if (keep)
        if (const TransitionRow* row = find_row(*keep, from)) rows.push_back(*row);
      continue;
    }
    TransitionRow row;
    row.from = from;
    std::vector<bool> write(estimate.estimated);
    if (extra_cells)
      if (const TransitionRow* pooled = find_row(*extra_cells, from))
        for (const auto& cell : pooled->cells) write[cell.to] = true;
    for (StageIndex to = 0; to < journey.stage_count(); ++to)
      if (to != from && write[to]) row.cells.push_back({to, estimate.probability[to], {}});
    rows.push_back(std::move(row));
  }
  return rows;
}

/// The bucketed rows of a fit: each bucket's estimated cells but the stay (a cell estimated in
/// one bucket is written, 0 if need be, in all), and its counts for parameter uncertainty.
TimeInStageRows bucketed_rows(const Journey& journey, const StageTenureFit& fit) {
  TimeInStageRows out;
  out.stage = fit.stage;
  out.buckets = fit.buckets;
  std::vector<bool> write(journey.stage_count(), false);
  for (const RowEstimate& row : fit.rows)
    for (StageIndex to = 0; to < write.size(); ++to) write[to] = write[to] || (to != fit.stage && row.estimated[to]);
  for (std::size_t b = 0; b < fit.rows.size(); ++b) {
    TransitionRow row;
    row.from = fit.stage;
    for (StageIndex to = 0; to < write.size(); ++to)
      if (write[to]) row.cells.push_back({to, fit.rows[b].probability[to], {}});
    out.rows.push_back(std::move(row));
    out.counts.emplace_back(fit.counts[b].begin(), fit.counts[b].end());
  }
  return out;
}

/// Stages with data but no transition of known time in stage keep a plain row: say so.
void note_unfitted_stages(const Journey& journey, const CalibrationResult& result, bool by_time_in_stage,
                          std::vector<std::string>& notes) {
  if (!by_time_in_stage) return;
  for (StageIndex s = 0; s < journey.stage_count(); ++s) {
    const bool fitted = std::any_of(result.time_in_stage.begin(), result.time_in_stage.end(),
                                    [s](const StageTenureFit& fit) { return fit.stage == s; });
    if (!fitted && !journey.stages[s].terminal && !result.groups.front().rows[s].probability.empty())
      notes.push_back("'" + journey.stages[s].id +
                      "' has no transition of known time in stage (every spell in it was under way when the log "
                      "began): it keeps one row for every period");
  }
}

/// Replaces, for every stage fitted by time in stage and kept, its plain row by the bucketed
/// rows; a stage estimated with a plain row drops the template's bucketed rows. Segments cannot
/// override bucketed rows, so their rows of those stages go (they share all customers' rows).
void apply_time_in_stage(Journey& journey, const CalibrationResult& result, const CalibrateOptions& options,
                         std::vector<std::string>& notes) {
  const GroupEstimate& all = result.groups.front();
  auto drop_buckets = [&](StageIndex s) {
    std::erase_if(journey.time_in_stage, [s](const TimeInStageRows& rows) { return rows.stage == s; });
  };
  for (StageIndex s = 0; s < journey.stage_count(); ++s)
    if (!journey.stages[s].terminal && !all.rows[s].probability.empty()) drop_buckets(s);
  std::vector<std::string> dropped;
  for (const StageTenureFit& fit : result.time_in_stage) {
    if (!fit.kept) continue;
    drop_buckets(fit.stage);
    std::erase_if(journey.transitions, [&](const TransitionRow& row) { return row.from == fit.stage; });
    journey.time_in_stage.push_back(bucketed_rows(journey, fit));
    for (Segment& segment : journey.segments)
      if (std::erase_if(segment.transitions, [&](const TransitionRow& row) { return row.from == fit.stage; }) > 0)
        dropped.push_back(segment.id + "/" + journey.stages[fit.stage].id);
  }
  // A segment's own template rows by time in stage are not estimated (nor written: the writer
  // has plain segment rows only), so they go here, where the model is validated, with a note.
  for (Segment& segment : journey.segments)
    for (const auto& rows : segment.time_in_stage) dropped.push_back(segment.id + "/" + journey.stages[rows.stage].id);
  for (Segment& segment : journey.segments) segment.time_in_stage.clear();
  // Tallies by period in stage may be there for --heterogeneity alone: no rows by time in stage asked.
  const bool by_time_in_stage = resolve_time_in_stage(options.time_in_stage, journey).mode != TimeInStageChoice::Mode::off;
  note_unfitted_stages(journey, result, by_time_in_stage, notes);
  std::sort(journey.time_in_stage.begin(), journey.time_in_stage.end(),
            [](const TimeInStageRows& x, const TimeInStageRows& y) { return x.stage < y.stage; });
  if (!dropped.empty()) {
    std::string list;
    for (const auto& item : dropped) list += (list.empty() ? "" : ", ") + item;
    notes.push_back("calibrate does not estimate segments' rows by time in stage yet: their rows of the bucketed stages (" +
                    list + ") are left out, so there a segment follows all customers' rows by time in stage, or one "
                    "row of its own where the stage is not by time in stage for all customers");
  }
}

/// The template's propensities are the template's guess: calibrate writes the ones it fits
/// (--heterogeneity beta), or none, with a note when the template had some.
void drop_template_propensities(Journey& journey, const CalibrateOptions& options, std::vector<std::string>& notes) {
  if (journey.propensities.empty()) return;
  std::string stages;
  for (std::size_t i = 0; i < journey.propensities.size(); ++i) {
    const StageIndex s = journey.propensities[i].stage;
    stages += (stages.empty() ? "" : ", ") + journey.stages[s].id;
    std::erase_if(journey.time_in_stage, [&](const TimeInStageRows& rows) { return rows.stage == s; });
    // A stage the log has no data on keeps the template's plain row, as any other row.
    if (!find_row(journey.transitions, s)) journey.transitions.push_back(journey.propensity_base[i]);
  }
  std::stable_sort(journey.transitions.begin(), journey.transitions.end(),
                   [](const TransitionRow& a, const TransitionRow& b) { return a.from < b.from; });
  journey.propensities.clear();
  journey.propensity_base.clear();
  if (options.heterogeneity.mode == HeterogeneityChoice::Mode::none)
    notes.push_back("the template's heterogeneity (" + stages +
                    ") is not re-estimated without --heterogeneity beta: the calibrated model has one probability per "
                    "row there");
}

/// Writes every kept propensity fit: the stage's estimated plain row becomes the propensity's
/// base row, its rows by period in stage are derived (apply_initial_by_period derives them again
/// once the as-of periods in stage are known). Segments share all customers' propensity: their
/// rows of those stages go, with a note.
void apply_heterogeneity(Journey& journey, const CalibrationResult& result, std::vector<std::string>& notes) {
  std::vector<std::string> dropped;
  for (const StagePropensityFit& fit : result.heterogeneity) {
    if (!fit.kept) continue;
    BetaPropensity p;
    p.stage = fit.stage;
    p.to = fit.to;
    p.alpha = fit.sbg.alpha;
    p.beta = fit.sbg.beta;
    p.alpha_se = fit.sbg.alpha_se;
    p.beta_se = fit.sbg.beta_se;
    p.correlation = fit.sbg.correlation;
    TransitionRow base;
    base.from = fit.stage;
    auto row = std::find_if(journey.transitions.begin(), journey.transitions.end(),
                            [&](const TransitionRow& r) { return r.from == fit.stage; });
    if (row != journey.transitions.end()) {
      base = *row;
      journey.transitions.erase(row);
    }
    journey.propensities.push_back(p);
    journey.propensity_base.push_back(std::move(base));
    for (Segment& segment : journey.segments)
      if (std::erase_if(segment.transitions, [&](const TransitionRow& r) { return r.from == fit.stage; }) > 0)
        dropped.push_back(segment.id + "/" + journey.stages[fit.stage].id);
  }
  derive_propensity_rows(journey, journey.info.horizon);
  if (!dropped.empty()) {
    std::string list;
    for (const auto& item : dropped) list += (list.empty() ? "" : ", ") + item;
    notes.push_back("calibrate does not estimate segments' propensities yet: their rows of the stages whose customers "
                    "differ (" + list + ") are left out, so there every segment follows all customers' propensity");
  }
}

/// The as-of state of every bucketed stage by period in stage (population.initial STAGE:
/// {time_in_stage: ...}), from the tallies at as_of: periods at or past the open-ended bucket's
/// first join it. Needs tallies up to that period (a template's bucketed stage with a later
/// open-ended bucket than --time-in-stage tallied keeps plain initial customers, with a note).
/// Segments' own initial counts, as calibrated from a log with a segment column, would make their
/// customers new (resolve_segment), so with any stage by period in stage they are left out:
/// segments take the journey's, scaled by share. (Without a segment column segments keep their
/// template values, initial counts included, as before.)
void apply_initial_by_period(Journey& journey, const Panel& panel, bool segments_calibrated,
                             std::vector<std::string>& notes) {
  const PanelTally& tally = panel.pooled;
  const std::size_t big_t = tally.tenure_periods;
  journey.population.initial_by_period.clear();
  if (big_t == 0) return;
  for (BetaPropensity& p : journey.propensities) {
    // One state per period in stage: the customers by every period tallied, up to the longest.
    std::vector<double> counts(big_t, 0.0);
    for (std::size_t k = 0; k < big_t; ++k)
      counts[k] = static_cast<double>(tally.at_as_of_by_period[std::size_t{p.stage} * big_t + k]);
    while (counts.size() > 1 && counts.back() == 0) counts.pop_back();
    p.initial_periods = static_cast<int>(counts.size());
    journey.population.initial_by_period[p.stage] = std::move(counts);
  }
  derive_propensity_rows(journey, journey.info.horizon);
  for (const TimeInStageRows& rows : journey.time_in_stage) {
    if (rows.derived) continue;
    const auto periods = static_cast<std::size_t>(rows.periods());
    const std::string& id = journey.stages[rows.stage].id;
    if (periods > big_t) {
      notes.push_back("'" + id + "' keeps the template's rows by time in stage, whose open-ended bucket starts after "
                      "the periods tallied: its initial customers are written as just entered (period 1)");
      continue;
    }
    std::vector<double> counts(periods, 0.0);
    double total = 0;
    for (std::size_t k = 0; k < big_t; ++k) {
      const auto n = static_cast<double>(tally.at_as_of_by_period[std::size_t{rows.stage} * big_t + k]);
      counts[std::min(k, periods - 1)] += n;
      total += n;
    }
    if (total != journey.population.initial[rows.stage])
      throw InternalError("calibrate: the customers of '" + id + "' at as_of by period in stage do not add up");
    journey.population.initial_by_period[rows.stage] = std::move(counts);
  }
  if (journey.population.initial_by_period.empty() || !segments_calibrated) return;
  std::string dropped;
  for (Segment& segment : journey.segments)
    if (segment.initial) {
      segment.initial.reset();
      dropped += (dropped.empty() ? "" : ", ") + segment.id;
    }
  if (!dropped.empty())
    notes.push_back("segments cannot have initial customers by time in stage yet: the segments' own initial customers (" +
                    dropped + ") are left out, so each segment starts from all customers' as-of state scaled by its share");
}

TransitionCounts to_counts(const GroupEstimate& group) {
  TransitionCounts counts;
  counts.counts = group.counts;
  counts.row_where.assign(group.counts.size(), SourceLocation{});
  return counts;
}

void fill_calibration(Journey& journey, const CalibrationResult& result, const EventLog& log,
                      const CalibrateOptions& options) {
  const GroupEstimate& all = result.groups.front();
  Calibration& c = journey.calibration;
  c = Calibration{};
  c.present = true;
  c.source = options.source.empty() ? log.file : options.source;
  c.as_of = options.as_of_text.empty() ? format_iso_timestamp(result.panel.as_of) : options.as_of_text;
  c.period = result.panel.period;
  c.prior = options.estimate.prior;
  c.customers = static_cast<long long>(result.panel.customers);
  c.events = static_cast<long long>(result.panel.events_used);
  c.interval_method = describe(options.estimate.interval, options.estimate.prior);
  c.counts = to_counts(all);
  for (StageIndex from = 0; from < journey.stage_count(); ++from) {
    if (journey.stages[from].terminal) continue;
    const RowEstimate& row = all.rows[from];
    if (row.flagged) c.flagged_rows.push_back(from);
    for (StageIndex to = 0; to < row.probability.size(); ++to)
      if (row.estimated[to]) c.intervals[from][to] = {row.low[to], row.high[to]};
  }
  for (const TimeInStageRows& rows : journey.time_in_stage) {
    if (rows.counts.empty()) continue;
    // The plain row of a bucketed stage is the buckets' sum: what reading the file back gives.
    std::fill(c.counts.counts[rows.stage].begin(), c.counts.counts[rows.stage].end(), 0.0);
    for (const auto& bucket : rows.counts)
      for (StageIndex to = 0; to < bucket.size(); ++to) c.counts.counts[rows.stage][to] += bucket[to];
    c.intervals.erase(rows.stage);  // the plain row's: the stage's rows are its buckets'
    bool flagged = false;
    for (const StageTenureFit& fit : result.time_in_stage)
      if (fit.stage == rows.stage)
        for (std::size_t b = 0; b < fit.rows.size() && b < fit.buckets.size(); ++b) {
          const RowEstimate& row = fit.rows[b];
          flagged = flagged || row.flagged;
          for (StageIndex to = 0; to < row.probability.size(); ++to)
            if (row.estimated[to]) c.bucket_intervals[rows.stage][fit.buckets[b].label()][to] = {row.low[to], row.high[to]};
        }
    std::erase(c.flagged_rows, rows.stage);
    if (flagged) c.flagged_rows.push_back(rows.stage);
  }
  std::sort(c.flagged_rows.begin(), c.flagged_rows.end());
  c.homogeneity = all.homogeneity;
  c.inflow_sd = all.inflow_sd;
  c.inflow_periods = static_cast<long long>(result.inflow_periods);
}

void calibrate_segments(Journey& journey, const Journey& template_journey, const EventLog& log,
                        CalibrationResult& result) {
  if (!log.has_segment_column || log.segments.empty()) {
    if (template_journey.segments.empty()) return;
    // The log's revenue is everyone's: the pooled estimate already holds each segment's share,
    // so a segment's own revenue from the template would count it again (a backtest of the
    // example without a segment column forecast revenue 18% high).
    bool dropped = false;
    if (log.has_revenue_column)
      for (Segment& segment : journey.segments) {
        dropped = dropped || !segment.revenue_per_period.empty();
        segment.revenue_per_period.clear();
      }
    result.notes.push_back(std::string("the event log has no segment column: segments keep their template overrides") +
                           (dropped ? ", except revenue, estimated from the log for everyone" : ""));
    return;
  }
  const bool from_template = !template_journey.segments.empty();
  if (!from_template) journey.segments.clear();
  const double customers = static_cast<double>(std::max<std::size_t>(result.panel.customers, 1));
  for (std::size_t g = 0; g < log.segments.size(); ++g) {
    const GroupEstimate& group = result.groups[g + 1];
    if (!from_template) {
      // A segment seen only on later events of customers counted elsewhere (a customer
      // belongs to the segment of its first event) has nothing to calibrate and, without a
      // template, nothing to keep: writing it made a model that fails validation (exit 1;
      // found by fuzz_events).
      if (group.customers == 0) {
        result.notes.push_back("segment '" + log.segments[g] +
                               "' has no customers of its own in the log (each customer counts in the segment of its "
                               "first event): it is left out");
        continue;
      }
      Segment fresh;
      fresh.id = log.segments[g];
      journey.segments.push_back(fresh);
    }
    Segment& segment = from_template ? journey.segments[g] : journey.segments.back();
    if (group.customers == 0) {
      // Without a segment column every segment keeps the template's values. With one, the log
      // measured the other segments' shares as adding up to 1: keeping this one's template share
      // made an invalid model (0.3 + 1.0 = 1.3, exit 1), found with a customer who moved from smb
      // to enterprise.
      if (log.has_segment_column)
        throw ConfigError("segment '" + segment.id + "' of " + template_journey.file +
                          " has no customers in the event log (each customer counts in the segment of its first "
                          "event), so its share cannot be estimated: remove it from the template, or calibrate "
                          "from a log that holds its customers");
      result.notes.push_back("segment '" + segment.id + "' has no customers in the log: its template values are kept");
      continue;
    }
    segment.share = static_cast<double>(group.customers) / customers;
    segment.transitions = estimated_rows(journey, group, nullptr, &journey.transitions);
    segment.initial = group.initial;
    segment.inflow = group.inflow_mean;
    for (StageIndex s = 0; s < journey.stage_count(); ++s)
      if (group.revenue[s] && !journey.stages[s].terminal) segment.revenue_per_period[s] = *group.revenue[s];
    segment.counts = to_counts(group);
    segment.field_where.clear();
  }
}

/// The template's money and time amounts restated per new period when calibrate changes the
/// period: revenue and cost per customer-period scale by the old period's length in new
/// periods (a month is 1/12 of a year: 50 a month is 600 a year), a `periods` target by its
/// inverse. Amounts the log measures (revenue) are overwritten by the estimates afterwards.
void convert_period_amounts(Journey& journey, Period from, Period to) {
  const double money = static_cast<double>(periods_per_year(from)) / periods_per_year(to);
  for (Stage& stage : journey.stages) {
    stage.revenue_per_period *= money;
    stage.cost_per_period *= money;
    if (auto target = stage.targets.find("periods"); target != stage.targets.end()) target->second /= money;
  }
  for (Segment& segment : journey.segments)
    for (auto& [stage, revenue] : segment.revenue_per_period) revenue *= money;
}

}  // namespace

Journey make_calibrated_journey(const Journey& template_journey, const EventLog& log,
                                CalibrationResult& result, const CalibrateOptions& options) {
  Journey journey = template_journey;
  const Panel& panel = result.panel;
  if (panel.period != template_journey.info.period) {
    const double scale = static_cast<double>(periods_per_year(panel.period)) /
                         periods_per_year(template_journey.info.period);
    journey.info.period = panel.period;
    convert_period_amounts(journey, template_journey.info.period, panel.period);
    journey.info.horizon = std::max(1, static_cast<int>(std::lround(template_journey.info.horizon * scale)));
    result.notes.push_back("the period changed from " + to_string(template_journey.info.period) + " to " +
                           to_string(panel.period) + ": the horizon is now " +
                           std::to_string(journey.info.horizon) + " " + to_string(panel.period) +
                           "s, and the template's revenue and cost per customer-" + to_string(template_journey.info.period) +
                           " are restated per " + to_string(panel.period) + " (×" +
                           format_significant(static_cast<double>(periods_per_year(template_journey.info.period)) /
                                                  periods_per_year(panel.period), 6) +
                           ")");
    if (!template_journey.time_in_stage.empty() && options.time_in_stage.mode == TimeInStageChoice::Mode::template_rows)
      result.notes.push_back("the template's buckets of periods in stage are read in the new period (" +
                             to_string(panel.period) + "s, not " + to_string(template_journey.info.period) +
                             "s): give --time-in-stage in " + to_string(panel.period) + "s to choose them");
  }
  const GroupEstimate& all = result.groups.front();
  journey.transitions = estimated_rows(journey, all, &template_journey.transitions, nullptr);
  for (StageIndex s = 0; s < journey.stage_count(); ++s)
    if (!journey.stages[s].terminal && all.rows[s].probability.empty())
      result.notes.push_back("no customer-periods start in '" + journey.stages[s].id +
                             "': its transitions are the template's" +
                             (panel.period != template_journey.info.period
                                  ? " (probabilities per " + to_string(template_journey.info.period) +
                                        ", not converted to the new period: check them)"
                                  : std::string()));
  journey.population.initial = all.initial;
  journey.population.inflow = all.inflow_mean;
  journey.population.initial_where.clear();
  journey.population.inflow_where.clear();
  if (log.has_revenue_column)
    for (StageIndex s = 0; s < journey.stage_count(); ++s)
      if (all.revenue[s] && !journey.stages[s].terminal) journey.stages[s].revenue_per_period = *all.revenue[s];
  drop_template_propensities(journey, options, result.notes);
  calibrate_segments(journey, template_journey, log, result);
  apply_time_in_stage(journey, result, options, result.notes);
  apply_heterogeneity(journey, result, result.notes);
  apply_initial_by_period(journey, panel, log.has_segment_column && !log.segments.empty(), result.notes);
  fill_calibration(journey, result, log, options);
  try {
    validate_journey(journey);
  } catch (const InputError& e) {
    throw InternalError(std::string("the calibrated model is invalid: ") + e.what());
  }
  return journey;
}

}  // namespace journeysim
