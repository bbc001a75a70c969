#include "journeysim/model/validate.hpp"

#include <cmath>
#include <sstream>

#include "journeysim/core/number_text.hpp"
#include "journeysim/model/limits.hpp"
#include "journeysim/model/reachability.hpp"

namespace journeysim {
namespace {

const SourceLocation& at(const std::map<std::string, SourceLocation>& where, const std::string& key,
                         const SourceLocation& fallback) {
  auto it = where.find(key);
  return it == where.end() ? fallback : it->second;
}

SourceLocation file_only(const Journey& journey) { return SourceLocation{journey.file, 0, 0}; }

/// Money and customer counts: finite (journeys built in code skip the reader's check), >= 0
/// and at most `limit` (model/limits.hpp: sums over customers and periods stay finite).
void check_amount(double value, const std::string& what, const SourceLocation& where,
                  double limit = limits::amount) {
  if (!std::isfinite(value))
    throw InputError(what + " must be a finite number, got " + format_significant(value, 12), where);
  if (value < 0)
    throw InputError(what + " must not be negative, got " + format_significant(value, 12), where);
  if (value > limit)
    throw InputError(what + " must be at most " + format_significant(limit, 12) + ", got " + format_significant(value, 12), where);
}

void check_info(const Journey& journey) {
  const JourneyInfo& info = journey.info;
  const SourceLocation fallback = file_only(journey);
  if (info.horizon <= 0)
    throw InputError("horizon must be a positive number of periods, got " +
                         std::to_string(info.horizon),
                     at(info.field_where, "horizon", fallback));
  // The trace keeps every period in memory; a runaway horizon must fail here, not in malloc.
  if (info.horizon > max_horizon)
    throw InputError("horizon must be at most " + std::to_string(max_horizon) + " periods, got " +
                         std::to_string(info.horizon),
                     at(info.field_where, "horizon", fallback));
  if (!(info.discount_rate_annual >= 0) || info.discount_rate_annual > 10)
    throw InputError("discount_rate must be an annual rate between 0 and 10, got " +
                         format_significant(info.discount_rate_annual, 12),
                     at(info.field_where, "discount_rate", fallback));
  if (!(info.gross_margin >= 0 && info.gross_margin <= 1))
    throw InputError("gross_margin must be a share between 0 and 1, got " +
                         format_significant(info.gross_margin, 12),
                     at(info.field_where, "gross_margin", fallback));
}

void check_stage(const Stage& stage, const SourceLocation& fallback) {
  auto where = [&](const std::string& key) -> const SourceLocation& {
    return at(stage.field_where, key, fallback);
  };
  check_amount(stage.revenue_per_period, "revenue_per_period of stage '" + stage.id + "'",
               where("revenue_per_period"));
  check_amount(stage.cost_per_period, "cost_per_period of stage '" + stage.id + "'",
               where("cost_per_period"));
  if (stage.terminal && stage.revenue_per_period > 0)
    throw InputError("terminal stage '" + stage.id +
                         "' cannot earn revenue: customers stay there forever",
                     where("revenue_per_period"));
  if (stage.emotion && !(*stage.emotion >= -1 && *stage.emotion <= 1))
    throw InputError("emotion of stage '" + stage.id + "' must be between -1 and +1, got " +
                         format_significant(*stage.emotion, 12),
                     where("emotion"));
  for (const auto& [name, value] : stage.targets) {
    const bool share = name != "periods";
    if (!(value >= 0) || !std::isfinite(value) || (share && value > 1))
      throw InputError("target '" + name + "' of stage '" + stage.id + "' must be " +
                           (share ? "a share between 0 and 1" : "a non-negative number of periods") +
                           ", got " + format_significant(value, 12),
                       where("targets." + name));
  }
}

/// A row whose probabilities add up to more than 1 leaves a negative stay. The message spells
/// out the sum term by term, because the analyst has to decide which term is wrong.
void check_row_sum(const Journey& journey, const TransitionRow& row, const std::string& context,
                   const SourceLocation& where) {
  double sum = 0;
  std::string terms;
  for (const auto& cell : row.cells) {
    sum += cell.probability;
    terms += (terms.empty() ? "" : " + ") + journey.stages[cell.to].id + " " +
             format_significant(cell.probability, 12);
  }
  if (sum > 1 + row_sum_tolerance)
    throw InputError("transitions out of '" + journey.stages[row.from].id + "'" + context +
                         " sum to " + format_significant(sum, 12) + " (" + terms +
                         "), more than 1: nothing can be left to stay",
                     where);
}

void check_rows(const Journey& journey, const std::vector<TransitionRow>& rows) {
  for (const auto& row : rows) {
    const Stage& from = journey.stages[row.from];
    if (from.terminal)
      throw InputError("terminal stage '" + from.id +
                           "' cannot have outgoing transitions: customers never leave it",
                       row.where);
    for (const auto& cell : row.cells)
      if (!(cell.probability >= 0 && cell.probability <= 1))
        throw InputError("probability of " + from.id + " -> " + journey.stages[cell.to].id +
                             " must be between 0 and 1, got " + format_significant(cell.probability, 12),
                         cell.where);
    check_row_sum(journey, row, "", row.where);
  }
}

/// Calibration counts of bucketed rows (calibration.counts.STAGE.time_in_stage): one row of
/// whole-stage width per bucket, each count finite and within the limit.
void check_bucket_counts(const Journey& journey, const TimeInStageRows& rows) {
  if (rows.counts.empty()) return;
  const Stage& stage = journey.stages[rows.stage];
  if (rows.counts.size() != rows.buckets.size())
    throw InputError("stage '" + stage.id + "' has counts for " + std::to_string(rows.counts.size()) + " buckets and " +
                         std::to_string(rows.buckets.size()) + " buckets of rows",
                     rows.where);
  for (std::size_t b = 0; b < rows.counts.size(); ++b) {
    if (rows.counts[b].size() != journey.stages.size())
      throw InputError("the counts of bucket '" + rows.buckets[b].label() + "' of '" + stage.id + "' are not one per stage",
                       rows.where);
    for (StageIndex to = 0; to < rows.counts[b].size(); ++to) {
      const double c = rows.counts[b][to];
      if (!(c >= 0) || !std::isfinite(c) || c > limits::amount)
        throw InputError("calibration count " + stage.id + " -> " + journey.stages[to].id + " in bucket '" +
                             rows.buckets[b].label() + "' must be between 0 and 1e15, got " + format_significant(c, 12),
                         rows.stage < journey.calibration.counts.row_where.size()
                             ? journey.calibration.counts.row_where[rows.stage]
                             : rows.where);
    }
  }
}

/// Bucketed rows: a non-terminal stage without a plain row, each bucket's row a valid row, and
/// the expanded chain (one state per period up to the open-ended bucket) within the stage limit.
void check_time_in_stage(const Journey& journey) {
  std::size_t states = journey.stages.size();
  for (const auto& rows : journey.time_in_stage) {
    const Stage& stage = journey.stages[rows.stage];
    if (stage.terminal)
      throw InputError("terminal stage '" + stage.id + "' cannot have outgoing transitions: customers never leave it",
                       rows.where);
    for (const auto& row : journey.transitions)
      if (row.from == rows.stage)
        throw InputError("stage '" + stage.id + "' has two rows, one plain and one by time in stage", rows.where);
    for (std::size_t b = 0; b < rows.rows.size(); ++b) {
      for (const auto& cell : rows.rows[b].cells)
        if (!(cell.probability >= 0 && cell.probability <= 1))
          throw InputError("probability of " + stage.id + " -> " + journey.stages[cell.to].id + " in bucket '" +
                               rows.buckets[b].label() + "' must be between 0 and 1, got " +
                               format_significant(cell.probability, 12),
                           cell.where);
      check_row_sum(journey, rows.rows[b], " in bucket '" + rows.buckets[b].label() + "'", rows.rows[b].where);
    }
    check_bucket_counts(journey, rows);
    states += static_cast<std::size_t>(rows.periods()) - 1;
    if (states > limits::stages && rows.derived)
      throw InputError("the rows of '" + stage.id + "', whose customers differ (heterogeneity), take one state per period " +
                           "of the horizon and of the initial customers' periods in stage (" +
                           std::to_string(rows.periods()) + " here), which makes " + std::to_string(states) +
                           " states, above the limit of " + std::to_string(limits::stages) +
                           ": shorten the horizon, or give fewer stages a propensity",
                       rows.where);
    if (states > limits::stages)
      throw InputError("the time-in-stage buckets make " + std::to_string(states) +
                           " states (one per stage, plus one per period before each open-ended bucket), above the limit of " +
                           std::to_string(limits::stages) + ": start the open-ended buckets earlier",
                       rows.buckets.back().where);
  }
}

void check_population(const Journey& journey, const std::vector<double>& values,
                      const std::map<StageIndex, SourceLocation>& where, const std::string& what) {
  for (StageIndex s = 0; s < values.size(); ++s) {
    auto it = where.find(s);
    check_amount(values[s], what + " of stage '" + journey.stages[s].id + "'",
                 it == where.end() ? file_only(journey) : it->second, limits::stage_population);
  }
}

void check_counts(const Journey& journey, const TransitionCounts& counts) {
  if (counts.empty()) return;
  for (StageIndex from = 0; from < counts.counts.size(); ++from) {
    const SourceLocation& where =
        from < counts.row_where.size() ? counts.row_where[from] : SourceLocation{journey.file, 0, 0};
    double moved = 0;
    for (StageIndex to = 0; to < counts.counts[from].size(); ++to) {
      const double c = counts.counts[from][to];
      if (!(c >= 0) || !std::isfinite(c) || c > limits::amount)
        throw InputError("calibration count " + journey.stages[from].id + " -> " +
                             journey.stages[to].id + " must be between 0 and 1e15, got " + format_significant(c, 12),
                         where);
      if (to != from) moved += c;
    }
    if (journey.stages[from].terminal && moved > 0)
      throw InputError("terminal stage '" + journey.stages[from].id +
                           "' cannot have counted transitions out of it",
                       where);
  }
}

void check_segment_numbers(const Journey& journey, const Segment& segment,
                           const std::optional<std::vector<double>>& values, const std::string& key,
                           const std::string& what) {
  if (!values) return;
  const SourceLocation& fallback = at(segment.field_where, "population", segment.where);
  for (StageIndex s = 0; s < values->size(); ++s)
    check_amount((*values)[s],
                 what + " of stage '" + journey.stages[s].id + "' in segment '" + segment.id + "'",
                 at(segment.field_where, key + "." + journey.stages[s].id, fallback), limits::stage_population);
}

void check_segment_population(const Journey& journey, const Segment& segment) {
  check_segment_numbers(journey, segment, segment.initial, "population.initial", "initial population");
  check_segment_numbers(journey, segment, segment.inflow, "population.inflow", "inflow");
  // Without a share a segment claims none of the journey's population (see segment_journeys),
  // so it must bring its own or it would have no customers at all.
  if (!segment.share && !segment.initial && !segment.inflow)
    throw InputError("segment '" + segment.id +
                         "' has no customers: give it a share of the population or its own "
                         "population (initial and inflow)",
                     segment.where);
}

void check_segments(const Journey& journey) {
  double total_share = 0;
  for (std::size_t index = 0; index < journey.segments.size(); ++index) {
    const Segment& segment = journey.segments[index];
    const SourceLocation& share_where = at(segment.field_where, "share", segment.where);
    if (segment.share && !(*segment.share > 0 && *segment.share <= 1))
      throw InputError("share of segment '" + segment.id + "' must be in (0, 1], got " +
                           format_significant(*segment.share, 12),
                       share_where);
    total_share += segment.share.value_or(0.0);
    if (total_share > 1 + 1e-9)
      throw InputError("segment shares add up to " + format_significant(total_share, 12) + ", more than 1",
                       share_where);
    check_rows(journey, segment.transitions);
    // An override row is merged cell by cell into the journey's row: the merged row must still
    // sum to at most 1, and the error belongs to the segment's row, not the journey's.
    const Journey resolved = resolve_segment(journey, index);
    for (const auto& override_row : segment.transitions) {
      for (const auto& row : resolved.transitions)
        if (row.from == override_row.from)
          check_row_sum(resolved, row, " in segment '" + segment.id + "'",
                        override_row.where);
      if (const TimeInStageRows* rows = resolved.time_in_stage_of(override_row.from))
        for (std::size_t b = 0; b < rows->rows.size(); ++b)
          check_row_sum(resolved, rows->rows[b],
                        " in segment '" + segment.id + "', bucket '" + rows->buckets[b].label() + "'", override_row.where);
    }
    check_time_in_stage(resolved);
    // The journey's initial customers by period in stage can be regrouped into fewer periods,
    // not spread over more: "2+" says nothing about who is in period 2 and who in period 5.
    for (const auto& rows : segment.time_in_stage) {
      const auto by_period = journey.population.initial_by_period.find(rows.stage);
      if (by_period != journey.population.initial_by_period.end() && !segment.initial &&
          static_cast<std::size_t>(rows.periods()) > by_period->second.size())
        throw InputError("segment '" + segment.id + "' gives '" + journey.stages[rows.stage].id +
                             "' buckets up to period " + std::to_string(rows.periods()) +
                             ", but the journey's initial customers there are by period only up to " +
                             std::to_string(by_period->second.size()) +
                             ": start the segment's open-ended bucket by then, or give the segment its own population",
                         rows.where);
    }
    check_counts(journey, segment.counts);
    check_segment_population(journey, segment);
    for (const auto& [stage, revenue] : segment.revenue_per_period) {
      const SourceLocation& where = at(segment.field_where, "revenue." + journey.stages[stage].id, segment.where);
      if (!(revenue >= 0) || !std::isfinite(revenue) || (journey.stages[stage].terminal && revenue > 0))
        throw InputError("revenue of stage '" + journey.stages[stage].id + "' in segment '" +
                             segment.id + "' must be non-negative (and 0 for terminal stages), got " +
                             format_significant(revenue, 12),
                         where);
      check_amount(revenue, "revenue of stage '" + journey.stages[stage].id + "' in segment '" + segment.id + "'",
                   where);
    }
  }
}

}  // namespace

void validate_journey(const Journey& journey) {
  if (journey.stages.empty())
    throw InputError("the journey has no stages", file_only(journey));
  check_info(journey);
  for (const auto& stage : journey.stages) check_stage(stage, stage.where);
  check_rows(journey, journey.transitions);
  check_time_in_stage(journey);
  check_population(journey, journey.population.initial, journey.population.initial_where,
                   "initial population");
  check_population(journey, journey.population.inflow, journey.population.inflow_where, "inflow");
  check_counts(journey, journey.calibration.counts);
  check_segments(journey);
}

std::vector<std::string> journey_warnings(const Journey& journey) {
  std::vector<std::string> warnings;
  const auto p = journey.transition_matrix();
  const auto reachable = stages_reachable_from_population(journey, p);
  for (StageIndex s = 0; s < journey.stages.size(); ++s)
    if (!reachable[s])
      warnings.push_back("stage '" + journey.stages[s].id +
                         "' is never reached: no initial customers, no inflow and no transition into it");
  for (const auto& s : stages_never_absorbed(journey, p))
    warnings.push_back("stage '" + journey.stages[s].id +
                       "' can never reach a terminal stage: its customers stay in the journey forever");
  double total_share = 0;
  for (const auto& segment : journey.segments) total_share += segment.share.value_or(0.0);
  if (!journey.segments.empty() && total_share < 1 - 1e-9)
    warnings.push_back("segments claim " + format_significant(total_share * 100, 12) +
                       "% of the population; the rest is simulated as segment 'default'");
  return warnings;
}

}  // namespace journeysim
