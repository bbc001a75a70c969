#pragma once
// Private to roi: one replicate of every scenario.
#include "journeysim/run/simulation.hpp"

namespace journeysim::detail {

/// Inputs shared by every replicate of a run.
struct RunContext {
  const FixesFile* fixes = nullptr;
  SimulationModel model;  ///< its economics prepared (discount factors tabled)
  std::vector<Scenario> scenarios;
  SimulationSettings settings;
};

/// Simulates replicate `r` for every scenario and stores its metrics and trajectories at
/// index r of `result` (which must already be sized). Returns customer-periods stepped.
std::int64_t simulate_replicate(const RunContext& context, std::int64_t r, SimulationResult& result);

}  // namespace journeysim::detail
