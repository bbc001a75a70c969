#pragma once
/// \file The outputs of `simulate` (SPEC §6): summary.json, trajectories.csv, replicates.csv.
#include <nlohmann/json.hpp>
#include <string>

#include "journeysim/model/journey.hpp"
#include "journeysim/roi/simulation.hpp"

namespace journeysim {

/// What the run was, for the metadata of summary.json.
struct RunDescription {
  std::string model_path, fixes_path;  ///< as given on the command line ("" without fixes)
  std::string mode;
  std::uint64_t seed = 0;
  double precision = 0;
  std::int64_t max_replicates = 0;
};

/// summary.json as a document (every statistic S = mean, sd, mcse, p05, p50, p95).
nlohmann::ordered_json summary_json(const Journey& journey, const SimulationResult& result, const RunDescription& run);

/// Writes summary.json, trajectories.csv and replicates.csv into `directory` atomically
/// (see write_directory_atomically for `force`).
void write_simulation_outputs(const std::string& directory, bool force, const Journey& journey,
                              const SimulationResult& result, const RunDescription& run);

}  // namespace journeysim
