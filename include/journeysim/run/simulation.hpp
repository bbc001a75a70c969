#pragma once
/// \file The Monte Carlo run: replicates (parameter and effect draws) × scenarios (baseline,
/// each fix, each portfolio) × segments, in parallel, with results stored by index so that
/// outputs do not depend on the thread count. It lives in `roi` because it sits above the
/// scenario, sim and stats modules and its product is the ROI of each scenario.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "journeysim/model/journey.hpp"
#include "journeysim/roi/metrics.hpp"
#include "journeysim/scenario/scenario.hpp"
#include "journeysim/sim/kernels.hpp"

namespace journeysim {

/// How to run.
struct SimulationSettings {
  Mode mode = Mode::cohort;
  std::uint64_t seed = 1;
  std::int64_t replicates = 1000;  ///< the first batch when `precision` is set
  int horizon = 0;                 ///< periods; 0 = the model's horizon
  /// Stop when the MCSE of every scenario's NPV is below precision·|mean| (0 = off), adding
  /// batches of `replicates` up to `max_replicates`.
  double precision = 0;
  std::int64_t max_replicates = 0;
  /// Add the value of the customers present at the horizon to every NPV (`--terminal-value`;
  /// needs a positive discount rate).
  bool terminal_value = false;
  /// Test-only: false gives each scenario its own streams (no common random numbers).
  bool common_random_numbers = true;
  /// false keeps no trajectories (columns = 0): `decide` runs thousands of scenarios and needs
  /// only their metrics.
  bool store_trajectories = true;
  /// Replicate r of the run draws the random numbers of replicate first_replicate + r: a run
  /// with first_replicate = R uses fresh replicates, independent of a run of R (decide's
  /// re-scoring), with the same common random numbers across its scenarios.
  std::uint64_t first_replicate = 0;
  /// Called from the calling thread after each chunk: (replicates done, replicates planned).
  std::function<void(std::int64_t, std::int64_t)> progress;
};

/// What one triggered fix did in one replicate, summed over segments and periods.
struct TriggerCounts {
  double triggered = 0;  ///< customers who met the condition while the fix was on
  double held_out = 0;   ///< of them, kept as the control group
  double served = 0;     ///< of them, treated (and paid for, per_trigger)
  double unserved = 0;   ///< eligible, not held out, beyond capacity
};

/// One scenario's results over all replicates.
struct ScenarioOutcome {
  Scenario scenario;
  /// The scenario's triggered fixes (indices into FixesFile::fixes, scenario order), and
  /// trigger_counts[k][replicate] for each.
  std::vector<std::size_t> trigger_fixes;
  std::vector<std::vector<TriggerCounts>> trigger_counts;
  /// trigger_periods[k]: replicates × 2·horizon, row-major (each replicate one row): customers
  /// triggered in period t at column t, served at horizon + t; empty when trajectories are not
  /// kept (SimulationSettings::store_trajectories).
  std::vector<std::vector<float>> trigger_periods;
  /// metrics[view][replicate]; views are the segments then "all" (just "all" without segments).
  std::vector<std::vector<ReplicateMetrics>> metrics;
  /// trajectories[view]: replicates × columns, row-major (each replicate writes one
  /// contiguous row); column period·(n+1) + s is customers in stage s, + n is revenue.
  std::vector<std::vector<float>> trajectories;
  std::size_t columns = 0;  ///< horizon·(n+1)
  /// One stored trajectory value.
  float trajectory(std::size_t view, std::int64_t replicate, std::size_t column) const {
    return trajectories[view][static_cast<std::size_t>(replicate) * columns + column];
  }
  /// One column over all replicates (for tests and summaries).
  std::vector<double> trajectory_column(std::size_t view, std::size_t column) const;
};

/// Everything a run produced.
struct SimulationResult {
  std::vector<std::string> view_ids;  ///< segment ids then "all"
  std::vector<std::string> stage_ids;
  int horizon = 0;
  std::int64_t replicates = 0;
  bool converged = false;             ///< precision reached (only meaningful with precision)
  std::int64_t customer_periods = 0;  ///< individual mode: customer-periods stepped
  std::vector<ScenarioOutcome> scenarios;
};

/// Bytes the stored results of a run will take (checked before the run starts).
double estimated_result_bytes(const Journey& journey, const FixesFile& fixes, const SimulationSettings& settings);

/// Customers one segment can bring into one replicate under `mode` (limits.hpp): 10^8 in
/// individual mode (each is stepped), 10^15 in cohort mode (binomial sampler range), no limit
/// in expected mode. 0 for expected mode.
double customer_limit(Mode mode);

/// ConfigError, before any work, when a segment's initial population plus its inflow over the
/// horizon exceeds customer_limit(mode); the message names the segment, the count and the
/// options that change it. Fix effects that raise inflow are checked per replicate.
void check_run_size(const Journey& journey, const SimulationSettings& settings);

/// Runs the simulation. Same seed ⇒ same results, whatever the number of threads.
SimulationResult run_simulation(const Journey& journey, const FixesFile& fixes, const SimulationSettings& settings);

/// The same run over given scenarios (the first must be the baseline: the others are measured
/// against it), e.g. portfolios that are not declared in the file. A scenario's results do not
/// depend on which other scenarios run beside it (common random numbers are keyed by replicate,
/// segment and fix id, never by scenario).
SimulationResult run_simulation(const Journey& journey, const FixesFile& fixes, const std::vector<Scenario>& scenarios,
                                const SimulationSettings& settings);

}  // namespace journeysim
