// The up-front size estimate of a run's CSV files against the files a run writes.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>

#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/output/simulation_output.hpp"
#include "test_paths.hpp"

using namespace journeysim;

TEST_CASE("the output size estimate is within 30% of the files written", "[output]") {
  const Journey journey = read_journey(test::source_path("scenarios/b2b-saas/journey.yaml"));
  const FixesFile fixes = read_fixes(test::source_path("scenarios/b2b-saas/fixes.yaml"), journey);
  SimulationSettings settings;
  settings.mode = Mode::expected;
  settings.replicates = 60;
  settings.seed = 3;
  const OutputSizeEstimate estimate = estimate_output_size(journey, fixes, settings);
  const SimulationResult result = run_simulation(journey, fixes, settings);
  const auto dir = std::filesystem::temp_directory_path() / ("journeysim-size-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  write_simulation_outputs(check_output_directory(dir.string(), false, {}), journey, result, RunDescription{});
  const double trajectories = static_cast<double>(std::filesystem::file_size(dir / "trajectories.csv"));
  const double replicates = static_cast<double>(std::filesystem::file_size(dir / "replicates.csv"));
  std::filesystem::remove_all(dir);
  CHECK(estimate.trajectories_bytes / trajectories == Approx(1).margin(0.3));
  CHECK(estimate.replicates_bytes / replicates == Approx(1).margin(0.3));
}
