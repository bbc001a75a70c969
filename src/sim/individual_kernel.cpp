#include <limits>
#include <stdexcept>
#include <tbb/enumerable_thread_specific.h>

#include "journeysim/rng/distributions.hpp"
#include "journeysim/sim/kernels.hpp"
#include "journeysim/core/parallel.hpp"
#include "journeysim/sim/step.hpp"
#include "individual_detail.hpp"
#include "trigger_allocation.hpp"

namespace journeysim {

namespace sim_detail {

std::vector<int> trigger_states(const PeriodSchedule& schedule, Eigen::Index states) {
  std::vector<int> at(static_cast<std::size_t>(states), -1);
  for (std::size_t k = 0; k < schedule.triggers.size(); ++k) at[schedule.triggers[k].fire_state] = static_cast<int>(k);
  return at;
}

/// Cumulative rows of each phase: cumulative[phase][s * n + d].
std::vector<std::vector<double>> phase_cumulative_rows(const PeriodSchedule& schedule, const std::vector<int>& order) {
  std::vector<std::vector<double>> out;
  for (const auto& phase : schedule.phases) out.push_back(cumulative_rows(phase.transition, order));
  return out;
}

std::vector<ArrivalCohort> arrival_cohorts(const Chain& base, const PeriodSchedule& schedule,
                                           int horizon, const StreamBase& streams) {
  const Eigen::Index n = base.transition.rows();
  const auto stages = static_cast<std::uint64_t>(n);
  std::vector<ArrivalCohort> cohorts;
  std::int64_t ordinal = 0;
  for (int a = 0; a < horizon; ++a) {
    for (Eigen::Index s = 0; s < n; ++s) {
      std::int64_t size = 0;
      if (a == 0) {  // the as-of state: the initial customers, no arrivals at period 0
        Stream initial(streams.cell_key(horizon, stages, horizon, static_cast<std::uint64_t>(s), Purpose::initial));
        size = round_stochastically(base.initial(s), initial);
      } else {
        Stream arrivals(streams.cell_key(horizon, stages, a, static_cast<std::uint64_t>(s), Purpose::arrivals));
        size = draw_poisson(schedule.at(a - 1).inflow(s), arrivals);
      }
      if (size > 0) cohorts.push_back({a, static_cast<int>(s), size, ordinal});
      ordinal += size;
    }
  }
  return cohorts;
}

}  // namespace sim_detail

namespace {
using sim_detail::ArrivalCohort;

/// Per-thread tallies. Integer sums are exact, so how TBB groups blocks cannot change results.
struct Tally {
  std::vector<std::int64_t> counts;     ///< horizon × n, customers present
  std::vector<std::int64_t> stays_from; ///< horizon × n, absorbed customers staying from t on
  std::int64_t churned = 0, lost = 0, steps = 0;
  /// Per trigger k: 3 × horizon entries (triggered, held out, served in period t).
  std::vector<std::vector<std::int64_t>> triggers;
};

/// What every customer's walk reads: built once per segment, scenario and replicate.
struct Walk {
  const std::vector<std::vector<double>>& cumulative;  ///< per phase, n × n
  const std::vector<std::uint32_t>& phase_of_period;
  const std::vector<unsigned char>& terminal;
  const std::vector<unsigned char>& paying;
  int n = 0;
  int horizon = 0;
  const std::vector<TriggerPoint>& triggers;
  const std::vector<int>& trigger_at;  ///< per state: the trigger firing there, or −1
  const std::vector<int>& order;       ///< destination_order: position in a cumulative row → state
};

/// The customer at a trigger's fire state in period t: held out (stays, with the probability
/// hold_out, from a stream of its own so that the draw never shifts its path's uniforms),
/// else served (moved to the trigger's first treated state). Capacity is unlimited here. A held
/// out customer moves to the trigger's held state (itself, unless it fires once per customer).
int fire(const Walk& w, int k, int s, int t, std::uint64_t cohort_digest, std::uint64_t index, Tally& tally) {
  const TriggerPoint& trigger = w.triggers[static_cast<std::size_t>(k)];
  if (t < trigger.start) return s;
  std::int64_t* counts = tally.triggers[static_cast<std::size_t>(k)].data();
  const auto at = static_cast<std::size_t>(t);
  const auto periods = static_cast<std::size_t>(w.horizon);
  ++counts[at];
  if (sim_detail::held_out(trigger, cohort_digest, index, t, k)) {
    ++counts[periods + at];
    return static_cast<int>(trigger.held_state);
  }
  ++counts[2 * periods + at];
  return static_cast<int>(trigger.served_state);
}

/// One customer from its arrival until it is absorbed or the horizon ends: one uniform per
/// period stepped, tallied into the thread's counts.
void walk_customer(const Walk& w, const ArrivalCohort& cohort, std::uint64_t cohort_digest, std::uint64_t index,
                   Tally& tally) {
  ChildStream stream(cohort_digest, index);
  const auto n = static_cast<std::size_t>(w.n);
  int s = cohort.stage;
  for (int t = cohort.period; t < w.horizon; ++t) {
    if (const int k = w.trigger_at[static_cast<std::size_t>(s)]; k >= 0) s = fire(w, k, s, t, cohort_digest, index, tally);
    const std::size_t cell = static_cast<std::size_t>(t) * n + static_cast<std::size_t>(s);
    if (w.terminal[static_cast<std::size_t>(s)]) {
      ++tally.stays_from[cell];
      return;
    }
    ++tally.counts[cell];
    if (t + 1 == w.horizon) return;
    ++tally.steps;
    const double u = stream.uniform();
    const double* row = w.cumulative[w.phase_of_period[static_cast<std::size_t>(t)]].data() + static_cast<std::size_t>(s) * n;
    const int d = w.order[static_cast<std::size_t>(next_stage(row, w.n, u))];
    if (d == s) continue;
    if (w.terminal[static_cast<std::size_t>(d)]) ++(w.paying[static_cast<std::size_t>(s)] ? tally.churned : tally.lost);
    s = d;
  }
}

}  // namespace

void run_individual(const Chain& base, const PeriodSchedule& schedule, int horizon,
                    const StreamBase& streams, SegmentPath& out) {
  // A capacity is shared by the customers of one period: then every customer steps period by
  // period together (individual_by_period.cpp) instead of walking alone.
  for (const TriggerPoint& trigger : schedule.triggers)
    if (!trigger.capacity.empty())
      return sim_detail::run_individual_by_period(base, schedule, horizon, streams, out);
  const Eigen::Index n = base.transition.rows();
  const auto cells = static_cast<std::size_t>(horizon * n);
  const std::vector<int> order = destination_order(base.states, n);
  const auto cumulative = sim_detail::phase_cumulative_rows(schedule, order);
  const auto cohorts = sim_detail::arrival_cohorts(base, schedule, horizon, streams);
  std::vector<unsigned char> terminal(base.terminal.begin(), base.terminal.end());
  std::vector<unsigned char> paying(base.paying.begin(), base.paying.end());
  const std::vector<int> trigger_at = sim_detail::trigger_states(schedule, n);

  tbb::enumerable_thread_specific<Tally> tallies([&] {
    Tally tally;
    tally.counts.assign(cells, 0);
    tally.stays_from.assign(cells, 0);
    tally.triggers.assign(schedule.triggers.size(), std::vector<std::int64_t>(3 * static_cast<std::size_t>(horizon), 0));
    return tally;
  });
  const Walk walk{cumulative, schedule.phase_of_period, terminal, paying, static_cast<int>(n), horizon,
                  schedule.triggers, trigger_at, order};
  parallel_for_ranges(std::size_t{0}, cohorts.size(), std::size_t{1}, [&](const auto& range) {
    Tally& tally = tallies.local();
    for (std::size_t c = range.begin(); c != range.end(); ++c) {
      const ArrivalCohort& cohort = cohorts[c];
      // Each customer's stream is a child of its arrival cohort's key: (seed, replicate,
      // segment, arrival period, entry stage, index). A fix that changes one customer's path
      // never shifts anyone else's numbers.
      const std::uint64_t cohort_digest = sim_detail::cohort_digest(cohort, horizon, n, streams);
      for (std::int64_t i = 0; i < cohort.size; ++i)
        walk_customer(walk, cohort, cohort_digest, static_cast<std::uint64_t>(i), tally);
    }
  });

  std::vector<std::int64_t> counts(cells, 0), stays_from(cells, 0);
  std::int64_t churned = 0, lost = 0, steps = 0;
  std::vector<std::vector<std::int64_t>> trigger_counts(schedule.triggers.size(),
                                                        std::vector<std::int64_t>(3 * static_cast<std::size_t>(horizon), 0));
  for (const Tally& tally : tallies) {
    for (std::size_t k = 0; k < trigger_counts.size(); ++k)
      for (std::size_t i = 0; i < trigger_counts[k].size(); ++i) trigger_counts[k][i] += tally.triggers[k][i];
    for (std::size_t i = 0; i < cells; ++i) {
      counts[i] += tally.counts[i];
      stays_from[i] += tally.stays_from[i];
    }
    churned += tally.churned;
    lost += tally.lost;
    steps += tally.steps;
  }
  out.counts.resize(horizon, n);
  for (Eigen::Index s = 0; s < n; ++s) {
    std::int64_t absorbed = 0;  // customers who entered terminal stage s by period t
    for (int t = 0; t < horizon; ++t) {
      absorbed += stays_from[static_cast<std::size_t>(t * n + s)];
      out.counts(t, s) = static_cast<double>(counts[static_cast<std::size_t>(t * n + s)] + absorbed);
    }
  }
  out.churned = static_cast<double>(churned);
  out.lost = static_cast<double>(lost);
  out.customer_periods = steps;
  sim_detail::reset_trigger_tallies(schedule, horizon, out);
  for (std::size_t k = 0; k < trigger_counts.size(); ++k)
    for (std::size_t t = 0; t < static_cast<std::size_t>(horizon); ++t) {
      out.triggers[k].triggered[t] = static_cast<double>(trigger_counts[k][t]);
      out.triggers[k].held_out[t] = static_cast<double>(trigger_counts[k][static_cast<std::size_t>(horizon) + t]);
      out.triggers[k].served[t] = static_cast<double>(trigger_counts[k][2 * static_cast<std::size_t>(horizon) + t]);
    }
}

}  // namespace journeysim
