#include <cstdint>

#include "journeysim/sim/kernels.hpp"
#include "trigger_allocation.hpp"

namespace journeysim {

namespace {

/// One non-zero cell of P(t); journey matrices are sparse (a row moves to two or three stages).
struct Cell {
  std::uint32_t from, to;
  double probability;
  std::uint8_t flow;  ///< 0: none, 1: churn (paying → terminal), 2: loss (non-paying → terminal)
};

std::vector<Cell> nonzero_cells(const Chain& base, const Eigen::MatrixXd& p) {
  std::vector<Cell> cells;
  for (Eigen::Index i = 0; i < p.rows(); ++i)
    for (Eigen::Index j = 0; j < p.cols(); ++j) {
      if (p(i, j) == 0) continue;
      const bool into_terminal = i != j && base.terminal[static_cast<std::size_t>(j)] &&
                                 !base.terminal[static_cast<std::size_t>(i)];
      const std::uint8_t flow = !into_terminal ? 0 : base.paying[static_cast<std::size_t>(i)] ? 1 : 2;
      cells.push_back({static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), p(i, j), flow});
    }
  return cells;
}

}  // namespace

void run_expected(const Chain& base, const PeriodSchedule& schedule, int horizon, SegmentPath& out) {
  const Eigen::Index n = base.transition.rows();
  out.counts.resize(horizon, n);
  out.churned = out.lost = 0;
  out.customer_periods = 0;
  std::vector<std::vector<Cell>> phase_cells;
  for (const auto& phase : schedule.phases) phase_cells.push_back(nonzero_cells(base, phase.transition));
  std::vector<double> x(static_cast<std::size_t>(n)), next(static_cast<std::size_t>(n));
  for (Eigen::Index s = 0; s < n; ++s) x[static_cast<std::size_t>(s)] = base.initial(s);  // as-of state
  double flows[3] = {0, 0, 0};
  sim_detail::reset_trigger_tallies(schedule, horizon, out);
  std::vector<double> used(schedule.triggers.size());  // capacity used this period, by group
  for (int t = 0; t < horizon; ++t) {
    std::fill(used.begin(), used.end(), 0.0);
    for (std::size_t k = 0; k < schedule.triggers.size(); ++k) {
      const TriggerPoint& trigger = schedule.triggers[k];
      if (t < trigger.start) continue;
      double& firing = x[trigger.fire_state];
      const double held_out = trigger.hold_out * firing;
      const double served =
          sim_detail::served_of(firing - held_out, trigger.capacity_at(t) - used[trigger.capacity_group]);
      used[trigger.capacity_group] += served;
      TriggerTally& tally = out.triggers[k];
      tally.triggered[static_cast<std::size_t>(t)] = firing;
      tally.held_out[static_cast<std::size_t>(t)] = held_out;
      tally.served[static_cast<std::size_t>(t)] = served;
      firing -= served;
      x[trigger.served_state] += served;
      if (trigger.held_state != trigger.fire_state) {  // once per customer: the rest have fired too
        x[trigger.held_state] += firing;
        firing = 0;
      }
    }
    for (Eigen::Index s = 0; s < n; ++s) out.counts(t, s) = x[static_cast<std::size_t>(s)];
    if (t + 1 == horizon) break;
    const std::uint32_t phase = schedule.phase_of_period[static_cast<std::size_t>(t)];
    const Eigen::RowVectorXd& inflow = schedule.phases[phase].inflow;
    for (Eigen::Index s = 0; s < n; ++s) next[static_cast<std::size_t>(s)] = inflow(s);
    for (const Cell& cell : phase_cells[phase]) {
      const double moved = x[cell.from] * cell.probability;
      next[cell.to] += moved;
      flows[cell.flow] += moved;
    }
    x.swap(next);
  }
  out.churned = flows[1];
  out.lost = flows[2];
}

}  // namespace journeysim
