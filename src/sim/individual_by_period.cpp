#include <algorithm>
#include <tbb/enumerable_thread_specific.h>

#include "journeysim/core/parallel.hpp"
#include "journeysim/sim/step.hpp"
#include "individual_detail.hpp"
#include "trigger_allocation.hpp"

namespace journeysim::sim_detail {
namespace {

/// Per-thread tallies of one period's step (integer sums: exact whatever the grouping).
struct StepTally {
  std::vector<std::int64_t> counts;  ///< n: customers present this period, by state
  std::int64_t churned = 0, lost = 0, steps = 0;
};

/// The customer of `ordinal`: its cohort (by binary search on first ordinals) and its index in it.
std::pair<const ArrivalCohort*, std::uint64_t> customer_at(const std::vector<ArrivalCohort>& cohorts,
                                                          std::int64_t ordinal) {
  const auto it = std::upper_bound(cohorts.begin(), cohorts.end(), ordinal,
                                   [](std::int64_t o, const ArrivalCohort& c) { return o < c.first; });
  const ArrivalCohort& cohort = *(it - 1);
  return {&cohort, static_cast<std::uint64_t>(ordinal - cohort.first)};
}

}  // namespace

void run_individual_by_period(const Chain& base, const PeriodSchedule& schedule, int horizon,
                              const StreamBase& streams, SegmentPath& out) {
  const Eigen::Index n = base.transition.rows();
  const auto width = static_cast<std::size_t>(n);
  const std::vector<int> order = destination_order(base.states, n);
  const auto cumulative = phase_cumulative_rows(schedule, order);
  const auto cohorts = arrival_cohorts(base, schedule, horizon, streams);
  const std::vector<int> trigger_at = trigger_states(schedule, n);
  std::vector<std::uint64_t> digests;
  for (const auto& cohort : cohorts) digests.push_back(cohort_digest(cohort, horizon, n, streams));
  const std::int64_t customers = cohorts.empty() ? 0 : cohorts.back().first + cohorts.back().size;
  // Each customer's state and its own stream: the stream a walk alone would use (individual_kernel.cpp).
  std::vector<int> state(static_cast<std::size_t>(customers), 0);
  std::vector<ChildStream> stream;
  stream.reserve(static_cast<std::size_t>(customers));
  for (std::size_t c = 0; c < cohorts.size(); ++c)
    for (std::int64_t i = 0; i < cohorts[c].size; ++i) {
      stream.emplace_back(digests[c], static_cast<std::uint64_t>(i));
      state[static_cast<std::size_t>(cohorts[c].first + i)] = cohorts[c].stage;
    }

  out.counts.setZero(horizon, n);
  out.churned = out.lost = 0;
  out.customer_periods = 0;
  reset_trigger_tallies(schedule, horizon, out);
  std::vector<double> served_now(schedule.triggers.size());
  std::vector<std::vector<std::int64_t>> firing(schedule.triggers.size());  // ordinals at each fire state
  std::size_t arrived = 0;  // cohorts present so far (they arrive in period order)
  std::int64_t present = 0; // customers present: ordinals [0, present)
  for (int t = 0; t < horizon; ++t) {
    while (arrived < cohorts.size() && cohorts[arrived].period == t) present += cohorts[arrived++].size;
    // Triggers in schedule order (a rule's earlier firings first, as the other modes), and the
    // customers of each in ordinal order: the earliest arrivals are served first.
    std::fill(served_now.begin(), served_now.end(), 0.0);
    for (auto& list : firing) list.clear();
    if (!schedule.triggers.empty())
      for (std::int64_t o = 0; o < present; ++o)
        if (const int k = trigger_at[static_cast<std::size_t>(state[static_cast<std::size_t>(o)])]; k >= 0)
          firing[static_cast<std::size_t>(k)].push_back(o);
    for (std::size_t kk = 0; kk < firing.size(); ++kk)
      for (const std::int64_t o : firing[kk]) {
        int& s = state[static_cast<std::size_t>(o)];
        const int k = static_cast<int>(kk);
        const TriggerPoint& trigger = schedule.triggers[kk];
        if (t < trigger.start) continue;
        TriggerTally& tally = out.triggers[static_cast<std::size_t>(k)];
        const auto at = static_cast<std::size_t>(t);
        tally.triggered[at] += 1;
        const auto [cohort, index] = customer_at(cohorts, o);
        if (held_out(trigger, digests[static_cast<std::size_t>(cohort - cohorts.data())], index, t,
                     static_cast<std::size_t>(k))) {
          tally.held_out[at] += 1;
          s = static_cast<int>(trigger.held_state);
        } else if (served_now[trigger.capacity_group] < trigger.capacity_at(t)) {
          served_now[trigger.capacity_group] += 1;
          tally.served[at] += 1;
          s = static_cast<int>(trigger.served_state);
        } else {
          s = static_cast<int>(trigger.held_state);  // unserved
        }
      }
    // Count, then step every present customer one period (in parallel; each writes its own slot).
    tbb::enumerable_thread_specific<StepTally> tallies([&] { return StepTally{std::vector<std::int64_t>(width, 0)}; });
    const double* rows = cumulative[schedule.phase_of_period[static_cast<std::size_t>(t)]].data();
    const bool last = t + 1 == horizon;
    parallel_for_ranges(std::int64_t{0}, present, std::int64_t{4096}, [&](const auto& range) {
      StepTally& tally = tallies.local();
      for (std::int64_t o = range.begin(); o != range.end(); ++o) {
        int& s = state[static_cast<std::size_t>(o)];
        ++tally.counts[static_cast<std::size_t>(s)];
        if (last || base.terminal[static_cast<std::size_t>(s)]) continue;
        ++tally.steps;
        const double u = stream[static_cast<std::size_t>(o)].uniform();
        const int d = order[static_cast<std::size_t>(next_stage(rows + static_cast<std::size_t>(s) * width, static_cast<int>(n), u))];
        if (d != s && base.terminal[static_cast<std::size_t>(d)]) ++(base.paying[static_cast<std::size_t>(s)] ? tally.churned : tally.lost);
        s = d;
      }
    });
    for (const StepTally& tally : tallies) {
      for (std::size_t i = 0; i < width; ++i) out.counts(t, static_cast<Eigen::Index>(i)) += static_cast<double>(tally.counts[i]);
      out.churned += static_cast<double>(tally.churned);
      out.lost += static_cast<double>(tally.lost);
      out.customer_periods += tally.steps;
    }
  }
}

}  // namespace journeysim::sim_detail
