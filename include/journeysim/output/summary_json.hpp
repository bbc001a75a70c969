#pragma once
/// \file summary.json of a simulate run (docs/reference/outputs.md): settings, metadata and
/// every metric's statistics per scenario and view.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "journeysim/core/quantile_levels.hpp"

#include "journeysim/model/journey.hpp"
#include "journeysim/run/simulation.hpp"

namespace journeysim {

/// What the run was, for the metadata of summary.json.
struct RunDescription {
  std::string model_path, fixes_path;  ///< as given on the command line ("" without fixes)
  std::string mode;
  std::uint64_t seed = 0;
  double precision = 0;
  std::int64_t max_replicates = 0;
  /// The inputs' text as simulate parsed it: copied into the run directory and hashed into
  /// summary.json (model_sha256, fixes_sha256), so the directory is self-contained.
  std::string model_text, fixes_text;
  /// The levels every statistic reports (`--quantiles`), named by quantile_key.
  QuantileLevels quantiles = QuantileLevels::standard();
  /// NPVs include the value beyond the horizon (`--terminal-value`): summary.json says so and
  /// adds terminal_value (metrics) and incremental_terminal_value (vs_baseline).
  bool terminal_value = false;
};

/// summary.json as a document (every statistic S = mean, sd, mcse and one key per quantile level: p05, p10, p50, …).
nlohmann::ordered_json summary_json(const Journey& journey, const SimulationResult& result, const RunDescription& run);

}  // namespace journeysim
