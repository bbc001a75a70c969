#include "journeysim/model/journey.hpp"

#include <algorithm>
#include <optional>

namespace journeysim {

std::optional<StageIndex> Journey::find_stage(const std::string& id) const {
  for (StageIndex i = 0; i < stages.size(); ++i)
    if (stages[i].id == id) return i;
  return std::nullopt;
}

std::vector<std::string> Journey::stage_ids() const {
  std::vector<std::string> ids;
  ids.reserve(stages.size());
  for (const auto& stage : stages) ids.push_back(stage.id);
  return ids;
}

std::size_t TimeInStageRows::bucket_of(int period) const {
  for (std::size_t b = 0; b < buckets.size(); ++b)
    if (buckets[b].contains(period)) return b;
  return buckets.size() - 1;
}

const TimeInStageRows* Journey::time_in_stage_of(StageIndex stage) const {
  for (const auto& rows : time_in_stage)
    if (rows.stage == stage) return &rows;
  return nullptr;
}

namespace {

/// The stay of every row: what its listed moves leave.
void fill_stays(std::vector<std::vector<double>>& p) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    double moved = 0;
    for (std::size_t j = 0; j < p.size(); ++j)
      if (j != i) moved += p[i][j];
    // Rows may exceed 1 by the validation tolerance; never let the stay go negative.
    p[i][i] = std::max(0.0, 1.0 - moved);
  }
}

}  // namespace

std::vector<double> Journey::bucket_row(const TimeInStageRows& rows, std::size_t bucket) const {
  std::vector<double> row(stages.size(), 0.0);
  for (const auto& cell : rows.rows[bucket].cells) row[cell.to] += cell.probability;
  double moved = 0;
  for (std::size_t j = 0; j < row.size(); ++j)
    if (j != rows.stage) moved += row[j];
  row[rows.stage] = std::max(0.0, 1.0 - moved);
  return row;
}

std::vector<std::vector<double>> Journey::transition_matrix() const {
  const std::size_t n = stages.size();
  std::vector<std::vector<double>> p(n, std::vector<double>(n, 0.0));
  for (const auto& row : transitions)
    for (const auto& cell : row.cells) p[row.from][cell.to] += cell.probability;
  for (const auto& rows : time_in_stage)
    for (const auto& row : rows.rows)
      for (const auto& cell : row.cells) p[rows.stage][cell.to] = std::max(p[rows.stage][cell.to], cell.probability);
  fill_stays(p);
  return p;
}

namespace {

/// The override's cells replace `row`'s one by one.
void apply_overrides_to_row(TransitionRow& row, const TransitionRow& override_row) {
  for (const auto& cell : override_row.cells) {
    auto existing = std::find_if(row.cells.begin(), row.cells.end(),
                                 [&](const TransitionCell& c) { return c.to == cell.to; });
    if (existing == row.cells.end())
      row.cells.push_back(cell);
    else
      *existing = cell;
  }
}

void apply_overrides(std::vector<TransitionRow>& rows, const std::vector<TransitionRow>& overrides) {
  for (const auto& override_row : overrides) {
    auto row = std::find_if(rows.begin(), rows.end(),
                            [&](const TransitionRow& r) { return r.from == override_row.from; });
    if (row == rows.end())
      rows.push_back(override_row);
    else
      apply_overrides_to_row(*row, override_row);
  }
}

std::vector<double> scaled(const std::vector<double>& values, double factor) {
  std::vector<double> out(values);
  for (double& v : out) v *= factor;
  return out;
}

/// Removes the propensity of `stage`, if any, and its derived rows; returns its plain row.
std::optional<TransitionRow> drop_propensity(Journey& journey, StageIndex stage) {
  for (std::size_t i = 0; i < journey.propensities.size(); ++i) {
    if (journey.propensities[i].stage != stage) continue;
    TransitionRow base = journey.propensity_base[i];
    journey.propensities.erase(journey.propensities.begin() + static_cast<std::ptrdiff_t>(i));
    journey.propensity_base.erase(journey.propensity_base.begin() + static_cast<std::ptrdiff_t>(i));
    std::erase_if(journey.time_in_stage, [&](const TimeInStageRows& r) { return r.stage == stage; });
    return base;
  }
  return std::nullopt;
}

/// A segment's override of a stage with a propensity changes the stage's plain row and its rows
/// are derived again; overriding the exit that differs makes it one probability for the whole
/// segment (the propensity is dropped and the overridden row is plain). False when `stage` has
/// no propensity.
bool apply_to_propensity(Journey& journey, const TransitionRow& override_row) {
  for (std::size_t i = 0; i < journey.propensities.size(); ++i) {
    if (journey.propensities[i].stage != override_row.from) continue;
    const StageIndex to = journey.propensities[i].to;
    const bool flattened = std::any_of(override_row.cells.begin(), override_row.cells.end(),
                                       [&](const TransitionCell& c) { return c.to == to; });
    if (!flattened) {
      apply_overrides_to_row(journey.propensity_base[i], override_row);
      derive_propensity_rows(journey, journey.propensities[i].horizon);
      return true;
    }
    TransitionRow base = *drop_propensity(journey, override_row.from);
    apply_overrides_to_row(base, override_row);
    journey.transitions.push_back(std::move(base));
    return true;
  }
  return false;
}

}  // namespace

Journey resolve_segment(const Journey& journey, std::size_t segment_index) {
  const Segment& segment = journey.segments.at(segment_index);
  Journey out = journey;
  out.segments.clear();
  // A plain override of a stage whose rows depend on time in stage changes its cells in every
  // bucket; a segment's own time-in-stage rows replace the journey's row of that stage.
  std::vector<TransitionRow> plain;
  for (const auto& override_row : segment.transitions) {
    if (apply_to_propensity(out, override_row)) continue;
    auto bucketed = std::find_if(out.time_in_stage.begin(), out.time_in_stage.end(),
                                 [&](const TimeInStageRows& r) { return r.stage == override_row.from; });
    if (bucketed == out.time_in_stage.end()) {
      plain.push_back(override_row);
      continue;
    }
    for (auto& row : bucketed->rows) apply_overrides_to_row(row, override_row);
    bucketed->counts.clear();  // the pooled counts describe the pooled rows: now exact
  }
  apply_overrides(out.transitions, plain);
  for (const auto& rows : segment.time_in_stage) {
    drop_propensity(out, rows.stage);
    std::erase_if(out.transitions, [&](const TransitionRow& r) { return r.from == rows.stage; });
    std::erase_if(out.time_in_stage, [&](const TimeInStageRows& r) { return r.stage == rows.stage; });
    out.time_in_stage.push_back(rows);
  }
  // A segment without a share claims nothing of the journey's population (segment_journeys
  // gives the unclaimed rest to "default"); counting it in full here would count it twice.
  const double share = segment.share.value_or(0.0);
  out.population.initial = segment.initial.value_or(scaled(journey.population.initial, share));
  out.population.inflow = segment.inflow.value_or(scaled(journey.population.inflow, share));
  // The journey's initial customers by period in stage, scaled by the share; periods past a
  // segment's own open-ended bucket join it. A segment's own initial customers are new.
  if (segment.initial) {
    out.population.initial_by_period.clear();
  } else {
    for (auto& [stage, counts] : out.population.initial_by_period) {
      const TimeInStageRows* rows = out.time_in_stage_of(stage);
      const std::size_t periods = rows ? static_cast<std::size_t>(rows->periods()) : 1;
      std::vector<double> rebinned(periods, 0.0);
      for (std::size_t k = 0; k < counts.size(); ++k) rebinned[std::min(k, periods - 1)] += counts[k] * share;
      counts = rebinned;
    }
  }
  for (const auto& [stage, revenue] : segment.revenue_per_period)
    out.stages[stage].revenue_per_period = revenue;
  if (!segment.counts.empty()) {
    out.calibration.counts = segment.counts;
  } else if (!out.calibration.counts.empty()) {
    // Pooled counts describe the pooled rows: a row the segment overrides is taken as exact.
    for (const auto& override_row : segment.transitions)
      std::fill(out.calibration.counts.counts[override_row.from].begin(),
                out.calibration.counts.counts[override_row.from].end(), 0.0);
    for (const auto& rows : segment.time_in_stage)
      std::fill(out.calibration.counts.counts[rows.stage].begin(), out.calibration.counts.counts[rows.stage].end(), 0.0);
  }
  return out;
}

}  // namespace journeysim

namespace journeysim {

std::vector<SegmentJourney> segment_journeys(const Journey& journey) {
  std::vector<SegmentJourney> out;
  double claimed = 0;
  for (std::size_t i = 0; i < journey.segments.size(); ++i) {
    claimed += journey.segments[i].share.value_or(0.0);
    out.push_back({journey.segments[i].id, resolve_segment(journey, i)});
  }
  const double rest = 1.0 - claimed;
  if (!journey.segments.empty() && rest > 1e-9) {
    Journey base = journey;
    base.segments.clear();
    base.population.initial = scaled(journey.population.initial, rest);
    base.population.inflow = scaled(journey.population.inflow, rest);
    for (auto& [stage, counts] : base.population.initial_by_period) counts = scaled(counts, rest);
    out.push_back({"default", std::move(base)});
  }
  return out;
}

}  // namespace journeysim
