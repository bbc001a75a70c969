#include "journeysim/rng/distributions.hpp"
#include "journeysim/sim/kernels.hpp"
#include "journeysim/sim/step.hpp"
#include "trigger_allocation.hpp"

namespace journeysim {

void run_cohort(const Chain& base, const PeriodSchedule& schedule, int horizon,
                const StreamBase& streams, SegmentPath& out) {
  const Eigen::Index n = base.transition.rows();
  const auto stages = static_cast<std::uint64_t>(n);
  out.counts.resize(horizon, n);
  out.churned = out.lost = 0;
  out.customer_periods = 0;
  std::vector<std::int64_t> x(static_cast<std::size_t>(n)), next(static_cast<std::size_t>(n));
  for (Eigen::Index s = 0; s < n; ++s) {
    Stream initial(streams.cell_key(horizon, stages, horizon, static_cast<std::uint64_t>(s), Purpose::initial));
    x[s] = round_stochastically(base.initial(s), initial);  // the as-of state: no arrivals at period 0
  }
  const std::vector<int> order = destination_order(base.states, n);
  sim_detail::reset_trigger_tallies(schedule, horizon, out);
  std::vector<double> used(schedule.triggers.size());  // capacity used this period, by group
  for (int t = 0; t < horizon; ++t) {
    std::fill(used.begin(), used.end(), 0.0);
    for (std::size_t k = 0; k < schedule.triggers.size(); ++k) {
      const TriggerPoint& trigger = schedule.triggers[k];
      std::int64_t& firing = x[trigger.fire_state];
      if (t < trigger.start || firing == 0) continue;
      Stream stream(streams.cell_key(horizon, stages, t, trigger.fire_state, Purpose::trigger_hold_out));
      const std::int64_t held_out = trigger.hold_out > 0 ? draw_binomial(firing, trigger.hold_out, stream) : 0;
      const std::int64_t served =
          sim_detail::served_of(firing - held_out, trigger.capacity_at(t) - used[trigger.capacity_group]);
      used[trigger.capacity_group] += static_cast<double>(served);
      TriggerTally& tally = out.triggers[k];
      tally.triggered[static_cast<std::size_t>(t)] = static_cast<double>(firing);
      tally.held_out[static_cast<std::size_t>(t)] = static_cast<double>(held_out);
      tally.served[static_cast<std::size_t>(t)] = static_cast<double>(served);
      firing -= served;
      x[trigger.served_state] += served;
      if (trigger.held_state != trigger.fire_state) {  // once per customer: the rest have fired too
        x[trigger.held_state] += firing;
        firing = 0;
      }
    }
    for (Eigen::Index s = 0; s < n; ++s) out.counts(t, s) = static_cast<double>(x[s]);
    if (t + 1 == horizon) break;
    const Phase& phase = schedule.at(t);
    std::fill(next.begin(), next.end(), 0);
    for (Eigen::Index s = 0; s < n; ++s) {
      if (x[s] == 0) continue;
      if (base.terminal[s]) {
        next[s] += x[s];
        continue;
      }
      // Multinomial as a chain of binomials over the row, in stage order.
      Stream stream(streams.cell_key(horizon, stages, t, static_cast<std::uint64_t>(s), Purpose::cohort_move));
      std::int64_t remaining = x[s];
      double mass_left = 1.0;
      for (Eigen::Index k = 0; k < n && remaining > 0; ++k) {
        const Eigen::Index d = order[static_cast<std::size_t>(k)];  // by stage (destination_order)
        const double p = phase.transition(s, d);
        if (p <= 0) continue;
        const std::int64_t moved = mass_left - p <= 1e-15 ? remaining
                                   : draw_binomial(remaining, std::min(1.0, p / mass_left), stream);
        next[d] += moved;
        remaining -= moved;
        mass_left -= p;
        if (base.terminal[d]) (base.paying[s] ? out.churned : out.lost) += static_cast<double>(moved);
      }
      next[s] += remaining;  // rounding residue of the row stays
    }
    for (Eigen::Index s = 0; s < n; ++s) {
      if (phase.inflow(s) <= 0) continue;
      Stream stream(streams.cell_key(horizon, stages, t, static_cast<std::uint64_t>(s), Purpose::cohort_inflow));
      next[s] += draw_poisson(phase.inflow(s), stream);
    }
    x.swap(next);
  }
}

}  // namespace journeysim
