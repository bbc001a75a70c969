#pragma once
/// \file The three simulation modes, consistent in expectation (SPEC §1). Each moves one
/// segment's customers through a PeriodSchedule and reports the path.
/// Conventions (the as-of convention, docs/reference/outputs.md): x(0) = initial, the state
/// observed at as_of with no arrivals added; x(t+1) = x(t)·P(t) + inflow(t) for t = 0..horizon−2.
#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "journeysim/rng/stream.hpp"
#include "journeysim/sim/parameters.hpp"
#include "journeysim/sim/schedule.hpp"

namespace journeysim {

/// How a segment's path was simulated.
enum class Mode { expected, cohort, individual };
/// "expected", "cohort", "individual": the names the CLI and summary.json use.
std::string to_string(Mode mode);
/// Every mode, in the order above (for option checks and help texts).
inline constexpr Mode all_modes[] = {Mode::expected, Mode::cohort, Mode::individual};
/// The mode named `name`, or nullopt.
std::optional<Mode> parse_mode(std::string_view name);

/// What one trigger did in each period t (customers; whole numbers in the stochastic modes).
/// Unserved = triggered − held_out − served.
struct TriggerTally {
  std::vector<double> triggered, held_out, served;
};

/// What a kernel returns for one segment, one scenario, one replicate.
struct SegmentPath {
  Eigen::MatrixXd counts;  ///< horizon × n: customers in each stage at period t
  double churned = 0;      ///< moves from paying stages into terminal stages within the horizon
  double lost = 0;         ///< moves from non-paying stages into terminal stages
  std::int64_t customer_periods = 0;  ///< individual mode: customer-periods actually stepped
  std::vector<TriggerTally> triggers;  ///< per PeriodSchedule::triggers, horizon entries each
};

/// The Markov trace with the replicate's parameters (no finite-population noise).
void run_expected(const Chain& base, const PeriodSchedule& schedule, int horizon, SegmentPath& out);

/// Integer stage counts moved each period by multinomial draws; inflow Poisson(mean).
void run_cohort(const Chain& base, const PeriodSchedule& schedule, int horizon,
                const StreamBase& streams, SegmentPath& out);

/// Every customer simulated with its own stream keyed by (seed, replicate, customer), one
/// uniform per customer-period; customer blocks run in parallel (TBB).
void run_individual(const Chain& base, const PeriodSchedule& schedule, int horizon,
                    const StreamBase& streams, SegmentPath& out);

}  // namespace journeysim
