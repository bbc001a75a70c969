#pragma once
/// \file The output directory of `simulate`: summary.json, trajectories.csv, replicates.csv,
/// written together and atomically.
#include <string>

#include "journeysim/io/atomic_file.hpp"
#include "journeysim/model/journey.hpp"
#include "journeysim/output/summary_json.hpp"
#include "journeysim/run/simulation.hpp"

namespace journeysim {

/// Writes summary.json, trajectories.csv, replicates.csv and the inputs' copies into the
/// claimed directory atomically (see write_directory_atomically).
void write_simulation_outputs(const OutputDirectory& out, const Journey& journey, const SimulationResult& result,
                              const RunDescription& run);

}  // namespace journeysim
