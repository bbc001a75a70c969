#include "journeysim/sim/parameters.hpp"

#include <cmath>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/rng/distributions.hpp"
#include "journeysim/rng/stream.hpp"

namespace journeysim {
namespace {

/// Dirichlet parameters per row: counts + prior over the cells the model allows (the stay and
/// every listed or counted destination). Rows without counts stay exact (empty).
std::vector<std::vector<double>> dirichlet_alpha(const Journey& journey) {
  const std::size_t n = journey.stages.size();
  std::vector<std::vector<double>> alpha(n);
  const TransitionCounts& counts = journey.calibration.counts;
  if (counts.empty()) return alpha;
  const auto p = journey.transition_matrix();
  for (std::size_t row = 0; row < n; ++row) {
    if (journey.stages[row].terminal) continue;
    double total = 0;
    for (double c : counts.counts[row]) total += c;
    if (total <= 0) continue;
    alpha[row].assign(n, 0.0);
    for (std::size_t col = 0; col < n; ++col) {
      const bool allowed = col == row || p[row][col] > 0 || counts.counts[row][col] > 0;
      if (allowed) alpha[row][col] = counts.counts[row][col] + journey.calibration.prior;
    }
  }
  return alpha;
}

/// Gamma(shape 1/sd², scale sd²): mean 1, standard deviation sd.
double draw_level(double sd, Stream& stream) {
  const double shape = 1.0 / (sd * sd);
  return draw_gamma(shape, stream) / shape;
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

SimulationModel prepare_simulation_model(const Journey& journey, int horizon) {
  SimulationModel model;
  model.stage_ids = journey.stage_ids();
  model.economics = economics_of(journey, horizon);
  model.inflow_level_sd = inflow_level_sd(journey);
  const auto views = segment_journeys(journey);
  if (views.empty()) {
    model.segment_ids = {"all"};
    model.segments = {make_chain(journey)};
    model.segments.front().economics = model.economics;  // the run's horizon
    model.alpha = {dirichlet_alpha(journey)};
    return model;
  }
  for (const auto& view : views) {
    model.segment_ids.push_back(view.id);
    model.segments.push_back(make_chain(view.journey));
    model.alpha.push_back(dirichlet_alpha(view.journey));
  }
  for (Chain& segment : model.segments) segment.economics = model.economics;  // the run's horizon
  return model;
}

void draw_segment_parameters(const SimulationModel& model, std::uint64_t seed, std::uint64_t replicate,
                             std::vector<Chain>& out) {
  out = model.segments;
  const std::size_t n = model.stage_count();
  std::vector<double> row_draw;
  for (std::size_t segment = 0; segment < model.segments.size(); ++segment) {
    if (model.inflow_level_sd > 0) {
      // Parameter uncertainty of the mean inflow, drawn once per replicate like the rows.
      Stream stream(StreamKey{seed, replicate, segment, Purpose::inflow_level});
      out[segment].inflow *= draw_level(model.inflow_level_sd, stream);
    }
    for (std::size_t row = 0; row < n; ++row) {
      const auto& alpha = model.alpha[segment][row];
      if (alpha.empty()) continue;
      Stream stream(StreamKey{seed, replicate, segment * n + row, Purpose::transition_row});
      draw_dirichlet(alpha, stream, row_draw);
      for (std::size_t col = 0; col < n; ++col)
        out[segment].transition(static_cast<Eigen::Index>(row), static_cast<Eigen::Index>(col)) = row_draw[col];
    }
  }
}

}  // namespace journeysim
