#pragma once
/// \file The numbers one replicate simulates: per segment, the transition matrix (drawn from
/// Dirichlet(counts + prior) when the model carries calibration counts), revenue, cost,
/// population and inflow.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/model/economics.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// The model as the simulator sees it: segments resolved, Dirichlet parameters ready.
struct SimulationModel {
  std::vector<std::string> segment_ids;  ///< {"all"} without segments
  std::vector<Chain> segments;           ///< each segment's baseline chain, before any fix
  /// alpha[segment][state]: Dirichlet parameters of a state's row over destination stages
  /// (counts + prior over allowed cells); empty for exact rows and for the later periods of a
  /// time-in-stage bucket, which share its first state's draw.
  std::vector<std::vector<std::vector<double>>> alpha;
  /// draw_source[segment][state]: the state whose draw this state's row takes (itself, its
  /// bucket's first state), or `exact`: the model's probabilities are used as given.
  std::vector<std::vector<std::size_t>> draw_source;
  static constexpr std::size_t exact = static_cast<std::size_t>(-1);
  /// A row's stream is keyed by segment × stride + state: the stage count when no segment has
  /// time-in-stage states (the keys of every model before them), else the state limit, so that
  /// segments with different numbers of states never share a key.
  std::size_t row_key_stride = 0;
  /// Standard deviation of the per-replicate inflow level (a gamma multiplier with mean 1):
  /// the relative standard error of the calibrated mean inflow; 0 keeps the inflow exact.
  double inflow_level_sd = 0;
  /// propensities[segment]: its Beta propensities (model/heterogeneity.hpp); those with
  /// standard errors draw (ln α, ln β) per replicate and their stage's rows follow.
  std::vector<std::vector<BetaPropensity>> propensities;
  std::vector<std::string> stage_ids;
  Economics economics;                   ///< over the run's horizon
  bool has_segments() const { return segment_ids.size() > 1 || segment_ids.front() != "all"; }
  std::size_t stage_count() const { return stage_ids.size(); }
};

/// Prepares a validated journey for simulation over `horizon` periods.
SimulationModel prepare_simulation_model(const Journey& journey, int horizon);

/// The inflow level's standard deviation for a calibrated journey: (√Σ inflow_sd² / Σ inflow)
/// / √inflow_periods; 0 without inflow_sd and inflow_periods (the inflow stays exact).
double inflow_level_sd(const Journey& journey);

/// Draws every segment's transition rows and inflow level for one replicate (keyed streams:
/// the same for every scenario and every thread count). Rows without counts are copied from
/// the model.
void draw_segment_parameters(const SimulationModel& model, std::uint64_t seed, std::uint64_t replicate,
                             std::vector<Chain>& out);

}  // namespace journeysim
