#pragma once
/// \file The numbers one replicate simulates: per segment, the transition matrix (drawn from
/// Dirichlet(counts + prior) when the model carries calibration counts), revenue, cost,
/// population and inflow.
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// One segment's parameters (for the baseline, before any fix).
struct SegmentParameters {
  Eigen::MatrixXd transition;       ///< P: rows sum to 1, stay on the diagonal
  Eigen::VectorXd revenue;          ///< per customer per period, by stage
  Eigen::VectorXd cost_to_serve;    ///< per customer per period, by stage
  Eigen::RowVectorXd initial;       ///< customers at period 0
  Eigen::RowVectorXd inflow;        ///< new customers per period
  std::vector<bool> terminal;
  std::vector<bool> paying;         ///< revenue_per_period > 0 in the model (SPEC §6 "active")
};

/// The model as the simulator sees it: segments resolved, Dirichlet parameters ready.
struct SimulationModel {
  std::vector<std::string> segment_ids;  ///< {"all"} without segments
  std::vector<SegmentParameters> segments;
  /// alpha[segment][row]: Dirichlet parameters of a row (counts + prior over allowed cells);
  /// an empty row means "exact": the model's probabilities are used as given.
  std::vector<std::vector<std::vector<double>>> alpha;
  std::vector<std::string> stage_ids;
  int horizon = 0;
  int periods_per_year = 12;
  double discount_rate_annual = 0;
  double gross_margin = 1;
  bool has_segments() const { return segment_ids.size() > 1 || segment_ids.front() != "all"; }
  std::size_t stage_count() const { return stage_ids.size(); }
};

/// Prepares a validated journey for simulation over `horizon` periods.
SimulationModel prepare_simulation_model(const Journey& journey, int horizon);

/// Draws every segment's transition rows for one replicate (keyed streams: the same for
/// every scenario and every thread count). Rows without counts are copied from the model.
void draw_segment_parameters(const SimulationModel& model, std::uint64_t seed, std::uint64_t replicate,
                             std::vector<SegmentParameters>& out);

}  // namespace journeysim
