#include "journeysim/model/validate.hpp"

#include <cmath>
#include <sstream>

#include "journeysim/model/limits.hpp"
#include "journeysim/model/reachability.hpp"

namespace journeysim {
namespace {

std::string format_number(double value) {
  std::ostringstream out;
  out.precision(12);
  out << value;
  return out.str();
}

const SourceLocation& at(const std::map<std::string, SourceLocation>& where, const std::string& key,
                         const SourceLocation& fallback) {
  auto it = where.find(key);
  return it == where.end() ? fallback : it->second;
}

SourceLocation file_only(const Journey& journey) { return SourceLocation{journey.file, 0, 0}; }

void check_info(const Journey& journey) {
  const JourneyInfo& info = journey.info;
  const SourceLocation fallback = file_only(journey);
  if (info.horizon <= 0)
    throw InputError("horizon must be a positive number of periods, got " +
                         std::to_string(info.horizon),
                     at(info.field_where, "horizon", fallback));
  if (info.horizon > limits::horizon)
    throw InputError("horizon must be at most " + std::to_string(limits::horizon) + " periods, got " +
                         std::to_string(info.horizon),
                     at(info.field_where, "horizon", fallback));
  if (!(info.discount_rate_annual >= 0) || info.discount_rate_annual > 10)
    throw InputError("discount_rate must be an annual rate between 0 and 10, got " +
                         format_number(info.discount_rate_annual),
                     at(info.field_where, "discount_rate", fallback));
  if (!(info.gross_margin >= 0 && info.gross_margin <= 1))
    throw InputError("gross_margin must be a share between 0 and 1, got " +
                         format_number(info.gross_margin),
                     at(info.field_where, "gross_margin", fallback));
}

void check_stage(const Stage& stage, const SourceLocation& fallback) {
  auto where = [&](const std::string& key) -> const SourceLocation& {
    return at(stage.field_where, key, fallback);
  };
  if (stage.revenue_per_period < 0)
    throw InputError("revenue_per_period of stage '" + stage.id + "' must not be negative, got " +
                         format_number(stage.revenue_per_period),
                     where("revenue_per_period"));
  for (const auto& [key, value] : {std::pair{"revenue_per_period", stage.revenue_per_period},
                                    std::pair{"cost_per_period", stage.cost_per_period}})
    if (value > limits::amount)
      throw InputError(std::string(key) + " of stage '" + stage.id + "' must be at most 1e15, got " +
                           format_number(value),
                       where(key));
  if (stage.cost_per_period < 0)
    throw InputError("cost_per_period of stage '" + stage.id + "' must not be negative, got " +
                         format_number(stage.cost_per_period),
                     where("cost_per_period"));
  if (stage.terminal && stage.revenue_per_period > 0)
    throw InputError("terminal stage '" + stage.id +
                         "' cannot earn revenue: customers stay there forever",
                     where("revenue_per_period"));
  if (stage.emotion && !(*stage.emotion >= -1 && *stage.emotion <= 1))
    throw InputError("emotion of stage '" + stage.id + "' must be between -1 and +1, got " +
                         format_number(*stage.emotion),
                     where("emotion"));
  for (const auto& [name, value] : stage.targets) {
    const bool share = name != "periods";
    if (value < 0 || (share && value > 1))
      throw InputError("target '" + name + "' of stage '" + stage.id + "' must be " +
                           (share ? "a share between 0 and 1" : "a non-negative number of periods") +
                           ", got " + format_number(value),
                       where("targets." + name));
  }
}

void check_rows(const Journey& journey, const std::vector<TransitionRow>& rows) {
  for (const auto& row : rows) {
    const Stage& from = journey.stages[row.from];
    if (from.terminal)
      throw InputError("terminal stage '" + from.id +
                           "' cannot have outgoing transitions: customers never leave it",
                       row.where);
    double sum = 0;
    for (const auto& cell : row.cells) {
      if (!(cell.probability >= 0 && cell.probability <= 1))
        throw InputError("probability of " + from.id + " -> " + journey.stages[cell.to].id +
                             " must be between 0 and 1, got " + format_number(cell.probability),
                         cell.where);
      sum += cell.probability;
    }
    if (sum > 1 + row_sum_tolerance)
      throw InputError("transitions out of '" + from.id + "' sum to " + format_number(sum) +
                           ", more than 1",
                       row.where);
  }
}

void check_population(const Journey& journey, const std::vector<double>& values,
                      const std::map<StageIndex, SourceLocation>& where, const std::string& what,
                      const SourceLocation& fallback) {
  for (StageIndex s = 0; s < values.size(); ++s) {
    if (values[s] < 0 || values[s] > limits::stage_population) {
      auto it = where.find(s);
      throw InputError(what + " of stage '" + journey.stages[s].id +
                           (values[s] < 0 ? "' must not be negative, got " : "' must be at most 1e12 customers, got ") +
                           format_number(values[s]),
                       it == where.end() ? fallback : it->second);
    }
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
      if (!(c >= 0 && c <= limits::amount))
        throw InputError("calibration count " + journey.stages[from].id + " -> " +
                             journey.stages[to].id + " must be between 0 and 1e15, got " + format_number(c),
                         where);
      if (to != from) moved += c;
    }
    if (journey.stages[from].terminal && moved > 0)
      throw InputError("terminal stage '" + journey.stages[from].id +
                           "' cannot have counted transitions out of it",
                       where);
  }
}

void check_segments(const Journey& journey) {
  double total_share = 0;
  for (const auto& segment : journey.segments) {
    const SourceLocation& share_where = at(segment.field_where, "share", segment.where);
    if (segment.share && !(*segment.share > 0 && *segment.share <= 1))
      throw InputError("share of segment '" + segment.id + "' must be in (0, 1], got " +
                           format_number(*segment.share),
                       share_where);
    total_share += segment.share.value_or(0.0);
    if (total_share > 1 + 1e-9)
      throw InputError("segment shares add up to " + format_number(total_share) + ", more than 1",
                       share_where);
    check_rows(journey, segment.transitions);
    Journey resolved = resolve_segment(journey, static_cast<std::size_t>(&segment - &journey.segments[0]));
    check_rows(resolved, resolved.transitions);
    check_counts(journey, segment.counts);
    // Segment populations had no check of their own: a negative one reached the samplers.
    const std::map<StageIndex, SourceLocation> at_segment;
    if (segment.initial)
      check_population(journey, *segment.initial, at_segment,
                       "initial population of segment '" + segment.id + "'",
                       at(segment.field_where, "population", segment.where));
    if (segment.inflow)
      check_population(journey, *segment.inflow, at_segment, "inflow of segment '" + segment.id + "'",
                       at(segment.field_where, "population", segment.where));
    for (const auto& [stage, revenue] : segment.revenue_per_period)
      if (revenue < 0 || revenue > limits::amount || (journey.stages[stage].terminal && revenue > 0))
        throw InputError("revenue of stage '" + journey.stages[stage].id + "' in segment '" +
                             segment.id + "' must be between 0 and 1e15 (and 0 for terminal stages), got " +
                             format_number(revenue),
                         at(segment.field_where, "revenue." + journey.stages[stage].id, segment.where));
  }
}

}  // namespace

void validate_journey(const Journey& journey) {
  if (journey.stages.empty())
    throw InputError("the journey has no stages", file_only(journey));
  check_info(journey);
  for (const auto& stage : journey.stages) check_stage(stage, stage.where);
  check_rows(journey, journey.transitions);
  check_population(journey, journey.population.initial, journey.population.initial_where,
                   "initial population", file_only(journey));
  check_population(journey, journey.population.inflow, journey.population.inflow_where, "inflow",
                   file_only(journey));
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
    warnings.push_back("segments claim " + format_number(total_share * 100) +
                       "% of the population; the rest is simulated as segment 'default'");
  return warnings;
}

}  // namespace journeysim
