#pragma once
/// \file The output directory of `simulate`: summary.json, trajectories.csv, revenue.csv and
/// replicates.csv, written together and atomically.
#include <string>

#include "journeysim/io/atomic_file.hpp"
#include "journeysim/model/journey.hpp"
#include "journeysim/output/summary_json.hpp"
#include "journeysim/run/simulation.hpp"

namespace journeysim {

/// Rough sizes of trajectories.csv (with revenue.csv) and replicates.csv before a run (rows × typical row width:
/// about 100 and 210 bytes), so a run that would write gigabytes can say so before it starts.
struct OutputSizeEstimate {
  double trajectories_bytes = 0, replicates_bytes = 0;
  double total() const { return trajectories_bytes + replicates_bytes; }
};
OutputSizeEstimate estimate_output_size(const Journey& journey, const FixesFile& fixes,
                                        const SimulationSettings& settings);

/// Writes summary.json, trajectories.csv, revenue.csv, replicates.csv and the inputs' copies into the
/// claimed directory atomically (see write_directory_atomically).
void write_simulation_outputs(const OutputDirectory& out, const Journey& journey, const SimulationResult& result,
                              const RunDescription& run);

}  // namespace journeysim
