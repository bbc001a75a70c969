#include "journeysim/sim/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/model/limits.hpp"
#include "journeysim/rng/distributions.hpp"
#include "journeysim/rng/stream.hpp"

namespace journeysim {
namespace {

/// Dirichlet parameters per state, over destination stages: counts + prior over the cells the
/// model allows (the stay and every listed or counted destination). A bucket of time-in-stage
/// rows is one draw: its first state holds the parameters, the bucket's other states stay empty
/// and copy that draw: `source` names, per state, the state whose draw it takes (itself, its
/// bucket's first state, or SimulationModel::exact for rows without counts).
std::vector<std::vector<double>> dirichlet_alpha(const Journey& journey, const StateLayout& layout,
                                                 std::vector<std::size_t>& source) {
  const std::size_t n = journey.stages.size();
  std::vector<std::vector<double>> alpha(layout.stage.size());
  source.assign(layout.stage.size(), SimulationModel::exact);
  const auto p = journey.transition_matrix();
  auto row_alpha = [&](StageIndex row, const std::vector<double>& counts) {
    std::vector<double> out;
    double total = 0;
    for (double c : counts) total += c;
    if (total <= 0) return out;
    out.assign(n, 0.0);
    for (std::size_t col = 0; col < n; ++col) {
      const bool allowed = col == row || p[row][col] > 0 || counts[col] > 0;
      if (allowed) out[col] = counts[col] + journey.calibration.prior;
    }
    return out;
  };
  for (std::size_t state = 0; state < layout.stage.size(); ++state) {
    const StageIndex row = layout.stage[state];
    if (journey.stages[row].terminal) continue;
    if (const TimeInStageRows* rows = journey.time_in_stage_of(row)) {
      const std::size_t bucket = rows->bucket_of(layout.period[state]);
      const std::size_t first = state - static_cast<std::size_t>(layout.period[state] - rows->buckets[bucket].first);
      if (rows->counts.empty()) continue;
      if (first == state) alpha[state] = row_alpha(row, rows->counts[bucket]);
      if (!alpha[first].empty()) source[state] = first;
      continue;
    }
    if (!journey.calibration.counts.empty()) alpha[state] = row_alpha(row, journey.calibration.counts.counts[row]);
    if (!alpha[state].empty()) source[state] = state;
  }
  return alpha;
}

std::size_t row_key_stride(const SimulationModel& model) {
  for (const Chain& chain : model.segments)
    if (chain.states.expanded()) return limits::stages;
  return model.stage_count();
}

/// Gamma(shape 1/sd², scale sd²): mean 1, standard deviation sd.
double draw_level(double sd, Stream& stream) {
  const double shape = 1.0 / (sd * sd);
  return draw_gamma(shape, stream) / shape;
}

/// One replicate's (α, β) of an uncertain propensity: (ln α, ln β) normal with the standard
/// errors of the fit (delta method: sd(ln α) = se(α)/α) and their correlation.
std::pair<double, double> draw_shapes(const BetaPropensity& p, Stream& stream) {
  const auto [z1, z2] = draw_normal_pair(stream);
  const double r = p.correlation;
  const double log_alpha = std::log(p.alpha) + p.alpha_se / p.alpha * z1;
  const double log_beta = std::log(p.beta) + p.beta_se / p.beta * (r * z1 + std::sqrt(std::max(0.0, 1 - r * r)) * z2);
  // Within the shapes a model may state (1e-9 … 1e9): a wide error's tail drew e^±40, whose
  // hazard was NaN and emptied replicates (found by a new-user trial with alpha_se: 1000).
  constexpr double low = -20.72326583694641, high = 20.72326583694641;  // ln 1e-9, ln 1e9
  return {std::exp(std::clamp(log_alpha, low, high)), std::exp(std::clamp(log_beta, low, high))};
}

/// Replaces the hazard of `p`'s exit in every state of its stage by the drawn shapes' hazard,
/// scaling the state's other moves by (1 − h₁)/(1 − h₀) so they keep their proportions.
void redraw_propensity(const BetaPropensity& p, double alpha, double beta, Chain& chain) {
  const StateLayout& layout = chain.states;
  const auto exit = static_cast<Eigen::Index>(layout.first_state(p.to));
  for (std::size_t k = 0; k < layout.state_count(p.stage); ++k) {
    const auto state = static_cast<Eigen::Index>(layout.first_state(p.stage) + k);
    const double h0 = chain.transition(state, exit);
    const double h1 = beta_hazard(alpha, beta, static_cast<int>(k) + 1);
    chain.transition.row(state) *= (1 - h1) / (1 - h0);
    chain.transition(state, exit) = h1;
  }
}

}  // namespace

double inflow_level_sd(const Journey& journey) {
  const Calibration& c = journey.calibration;
  if (c.inflow_periods <= 0 || c.inflow_sd.empty()) return 0;
  double mean = 0, variance = 0;
  for (std::size_t s = 0; s < journey.population.inflow.size(); ++s) mean += journey.population.inflow[s];
  for (double sd : c.inflow_sd) variance += sd * sd;  // stages' arrivals taken as independent
  if (mean <= 0 || variance <= 0) return 0;
  return std::sqrt(variance) / mean / std::sqrt(static_cast<double>(c.inflow_periods));
}

SimulationModel prepare_simulation_model(const Journey& model_journey, int horizon) {
  const Journey journey = covering(model_journey, horizon);
  SimulationModel model;
  model.stage_ids = journey.stage_ids();
  model.economics = economics_of(journey, horizon);
  model.inflow_level_sd = inflow_level_sd(journey);
  const auto views = segment_journeys(journey);
  if (views.empty()) {
    model.segment_ids = {"all"};
    model.segments = {make_chain(journey)};
    model.propensities = {journey.propensities};
    model.segments.front().economics = model.economics;  // the run's horizon
    model.draw_source.emplace_back();
    model.alpha = {dirichlet_alpha(journey, model.segments.front().states, model.draw_source.back())};
    model.row_key_stride = row_key_stride(model);
    return model;
  }
  for (const auto& view : views) {
    model.segment_ids.push_back(view.id);
    model.segments.push_back(make_chain(view.journey));
    model.propensities.push_back(view.journey.propensities);
    model.draw_source.emplace_back();
    model.alpha.push_back(dirichlet_alpha(view.journey, model.segments.back().states, model.draw_source.back()));
  }
  for (Chain& segment : model.segments) segment.economics = model.economics;  // the run's horizon
  model.row_key_stride = row_key_stride(model);
  return model;
}

void draw_segment_parameters(const SimulationModel& model, std::uint64_t seed, std::uint64_t replicate,
                             std::vector<Chain>& out) {
  out = model.segments;
  std::vector<double> row_draw;
  for (std::size_t segment = 0; segment < model.segments.size(); ++segment) {
    if (model.inflow_level_sd > 0) {
      // Parameter uncertainty of the mean inflow, drawn once per replicate like the rows.
      Stream stream(StreamKey{seed, replicate, segment, Purpose::inflow_level});
      out[segment].inflow *= draw_level(model.inflow_level_sd, stream);
    }
    Chain& chain = out[segment];
    for (const BetaPropensity& p : model.propensities[segment]) {
      if (!p.uncertain()) continue;
      Stream stream(StreamKey{seed, replicate, segment * limits::stages + p.stage, Purpose::propensity});
      const auto [alpha, beta] = draw_shapes(p, stream);
      redraw_propensity(p, alpha, beta, chain);
    }
    const StateLayout& layout = chain.states;
    const std::size_t states = static_cast<std::size_t>(chain.transition.rows());
    // Keyed by the state that holds the draw: the stage itself for a chain without buckets.
    // A bucket's later states (draw_source) take the draw of its first state, which is the
    // state drawn last (buckets are runs of states): row_draw still holds it.
    for (std::size_t state = 0; state < states; ++state) {
      const std::size_t source = model.draw_source[segment][state];
      if (source == SimulationModel::exact) continue;
      if (source == state) {
        Stream stream(StreamKey{seed, replicate, segment * model.row_key_stride + state, Purpose::transition_row});
        draw_dirichlet(model.alpha[segment][state], stream, row_draw);
      }
      const auto r = static_cast<Eigen::Index>(state);
      chain.transition.row(r).setZero();
      for (std::size_t col = 0; col < row_draw.size(); ++col)
        chain.transition(r, static_cast<Eigen::Index>(layout.destination(state, col))) += row_draw[col];
    }
  }
}

}  // namespace journeysim
