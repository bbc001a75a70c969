#include "journeysim/model/heterogeneity.hpp"

#include <algorithm>

#include "journeysim/core/error.hpp"
#include "journeysim/model/journey.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim {

double beta_hazard(double alpha, double beta, int period) { return alpha / (alpha + beta + period - 1); }

int derived_periods(const BetaPropensity& propensity, int horizon) {
  return std::clamp(horizon + propensity.initial_periods, 2, max_time_in_stage_period);
}

TimeInStageRows derive_rows(const BetaPropensity& propensity, const TransitionRow& base, int horizon) {
  double base_exit = 0;
  for (const auto& cell : base.cells)
    if (cell.to == propensity.to) base_exit += cell.probability;
  TimeInStageRows out;
  out.stage = propensity.stage;
  out.where = propensity.where;
  out.derived = true;
  const int periods = derived_periods(propensity, horizon);
  for (int k = 1; k <= periods; ++k) {
    const double hazard = beta_hazard(propensity.alpha, propensity.beta, k);
    // base_exit < 1 (validated), so the others keep their proportions among the non-exits.
    const double others = (1 - hazard) / (1 - base_exit);
    TransitionRow row;
    row.from = propensity.stage;
    row.where = base.where;
    row.cells.push_back({propensity.to, hazard, propensity.where});
    for (const auto& cell : base.cells)
      if (cell.to != propensity.to) row.cells.push_back({cell.to, cell.probability * others, cell.where});
    TenureBucket bucket;
    bucket.first = k;
    bucket.last = k == periods ? 0 : k;
    bucket.where = propensity.where;
    out.buckets.push_back(bucket);
    out.rows.push_back(std::move(row));
  }
  return out;
}

void derive_propensity_rows(Journey& journey, int horizon) {
  for (std::size_t i = 0; i < journey.propensities.size(); ++i) {
    BetaPropensity& propensity = journey.propensities[i];
    propensity.horizon = horizon;
    std::erase_if(journey.time_in_stage, [&](const TimeInStageRows& r) { return r.stage == propensity.stage; });
    journey.time_in_stage.push_back(derive_rows(propensity, journey.propensity_base[i], horizon));
    // Initial customers by period in stage keep their periods; the rows past them start empty.
    const auto periods = static_cast<std::size_t>(journey.time_in_stage.back().periods());
    auto by_period = journey.population.initial_by_period.find(propensity.stage);
    if (by_period != journey.population.initial_by_period.end()) by_period->second.resize(periods, 0.0);
  }
}

Journey covering(const Journey& journey, int horizon) {
  Journey out = journey;
  bool short_rows = false;
  for (const auto& propensity : journey.propensities) short_rows |= propensity.horizon < horizon;
  if (!short_rows) return out;
  derive_propensity_rows(out, horizon);
  std::size_t states = out.stages.size();
  for (const auto& rows : out.time_in_stage) states += static_cast<std::size_t>(rows.periods()) - 1;
  if (states > limits::stages)
    throw ConfigError("a run of " + std::to_string(horizon) + " periods gives the stages whose customers differ "
                      "(heterogeneity) one state per period: " + std::to_string(states) + " states, above the limit of " +
                      std::to_string(limits::stages) + "; lower --horizon (synth: --periods)");
  return out;
}

}  // namespace journeysim
