#pragma once
/// \file The output directory of `simulate`: summary.json, trajectories.csv, replicates.csv,
/// written together and atomically.
#include <string>

#include "journeysim/model/journey.hpp"
#include "journeysim/output/summary_json.hpp"
#include "journeysim/run/simulation.hpp"

namespace journeysim {

/// Writes summary.json, trajectories.csv and replicates.csv into `directory` atomically
/// (see write_directory_atomically for `force`).
void write_simulation_outputs(const std::string& directory, bool force, const Journey& journey,
                              const SimulationResult& result, const RunDescription& run);

}  // namespace journeysim
