#include "journeysim/rng/distributions.hpp"
#include "journeysim/sim/kernels.hpp"

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
  for (int t = 0; t < horizon; ++t) {
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
      for (Eigen::Index d = 0; d < n && remaining > 0; ++d) {
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
