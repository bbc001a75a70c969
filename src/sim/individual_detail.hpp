#pragma once
// Private to sim: what the two forms of individual mode share — customers walked alone through
// the horizon (individual_kernel.cpp) or stepped period by period together when a trigger's
// capacity is shared among them (individual_by_period.cpp). Both give every customer the same
// stream, so with no capacity to share they produce the same numbers.
#include <cstdint>
#include <vector>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/rng/stream.hpp"
#include "journeysim/sim/kernels.hpp"

namespace journeysim::sim_detail {

/// Customers arriving together: same arrival period and entry state. A customer's ordinal
/// (first + its index in the cohort) orders all customers by arrival period, then entry state.
struct ArrivalCohort {
  int period = 0;
  int stage = 0;
  std::int64_t size = 0;
  std::int64_t first = 0;  ///< ordinal of its first customer among all customers
};

/// The initial customers (rounded at random) and each period's Poisson arrivals, in ordinal order.
std::vector<ArrivalCohort> arrival_cohorts(const Chain& base, const PeriodSchedule& schedule, int horizon,
                                           const StreamBase& streams);

/// The parent of a cohort's customer streams: (seed, replicate, segment, arrival period, entry state).
inline std::uint64_t cohort_digest(const ArrivalCohort& cohort, int horizon, Eigen::Index states,
                                   const StreamBase& streams) {
  return key_digest(streams.cell_key(horizon, static_cast<std::uint64_t>(states), cohort.period,
                                     static_cast<std::uint64_t>(cohort.stage), Purpose::customer));
}

/// Cumulative rows of each phase, columns in destination_order: cumulative[phase][s · n + k].
std::vector<std::vector<double>> phase_cumulative_rows(const PeriodSchedule& schedule, const std::vector<int>& order);

/// Per state: the index of the trigger firing there, or −1.
std::vector<int> trigger_states(const PeriodSchedule& schedule, Eigen::Index states);

/// Whether customer `index` of a cohort, firing trigger k in period t, is held out: a uniform
/// from a stream of its own (keyed by cohort, period, trigger, customer), so the draw never
/// shifts the customer's path's uniforms.
inline bool held_out(const TriggerPoint& trigger, std::uint64_t digest, std::uint64_t index, int t, std::size_t k) {
  if (trigger.hold_out <= 0) return false;
  const StreamKey key{digest, static_cast<std::uint64_t>(t), static_cast<std::uint64_t>(k), Purpose::trigger_hold_out};
  return ChildStream(key_digest(key), index).uniform() < trigger.hold_out;
}

/// Individual mode with every customer stepped period by period, so that a trigger's capacity
/// can be shared: at the start of each period the customers who fire are taken in ordinal
/// order (earliest arrival first), and served while capacity lasts.
void run_individual_by_period(const Chain& base, const PeriodSchedule& schedule, int horizon,
                              const StreamBase& streams, SegmentPath& out);

}  // namespace journeysim::sim_detail
