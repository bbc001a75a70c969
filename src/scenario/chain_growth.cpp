#include "chain_growth.hpp"

namespace journeysim::scenario_detail {

/// Grows a phase to `states` states; new states copy the revenue of `source[j]` and get no inflow.
void grow_phase(Phase& phase, Eigen::Index states, const std::vector<Eigen::Index>& source) {
  const Eigen::Index old = phase.transition.rows();
  phase.transition.conservativeResize(states, states);
  phase.transition.rightCols(states - old).setZero();
  phase.transition.bottomRows(states - old).setZero();
  phase.revenue_per_period.conservativeResize(states);
  phase.inflow.conservativeResize(states);
  for (Eigen::Index j = old; j < states; ++j) {
    phase.revenue_per_period(j) = phase.revenue_per_period(source[static_cast<std::size_t>(j - old)]);
    phase.inflow(j) = 0;
  }
}

/// Grows the chain the same way (new states: no initial customers, the source's economics, the
/// given stage and period in stage).
void grow_chain(Chain& chain, Eigen::Index states, const std::vector<Eigen::Index>& source,
                const std::vector<StageIndex>& stages, const std::vector<int>& periods) {
  const Eigen::Index old = chain.transition.rows();
  chain.transition.conservativeResize(states, states);
  chain.transition.rightCols(states - old).setZero();
  chain.transition.bottomRows(states - old).setZero();
  chain.revenue_per_period.conservativeResize(states);
  chain.cost_per_period.conservativeResize(states);
  chain.initial.conservativeResize(states);
  chain.inflow.conservativeResize(states);
  for (Eigen::Index j = old; j < states; ++j) {
    const Eigen::Index from = source[static_cast<std::size_t>(j - old)];
    chain.revenue_per_period(j) = chain.revenue_per_period(from);
    chain.cost_per_period(j) = chain.cost_per_period(from);
    chain.initial(j) = 0;
    chain.inflow(j) = 0;
    chain.terminal.push_back(false);
    chain.paying.push_back(chain.paying[static_cast<std::size_t>(from)]);
    chain.states.stage.push_back(stages[static_cast<std::size_t>(j - old)]);
    chain.states.period.push_back(periods[static_cast<std::size_t>(j - old)]);
  }
}

}  // namespace journeysim::scenario_detail
