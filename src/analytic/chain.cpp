#include "journeysim/analytic/chain.hpp"

namespace journeysim {

Chain make_chain(const Journey& journey) {
  const auto n = static_cast<Eigen::Index>(journey.stages.size());
  Chain chain;
  chain.transition.resize(n, n);
  const auto p = journey.transition_matrix();
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) chain.transition(i, j) = p[i][j];
  chain.revenue_per_period.resize(n);
  chain.cost_per_period.resize(n);
  chain.initial.resize(n);
  chain.inflow.resize(n);
  chain.terminal.resize(journey.stages.size());
  for (Eigen::Index s = 0; s < n; ++s) {
    chain.revenue_per_period(s) = journey.stages[s].revenue_per_period;
    chain.cost_per_period(s) = journey.stages[s].cost_per_period;
    chain.initial(s) = journey.population.initial[s];
    chain.inflow(s) = journey.population.inflow[s];
    chain.terminal[s] = journey.stages[s].terminal;
    chain.paying.push_back(journey.stages[s].revenue_per_period > 0);
  }
  chain.economics = economics_of(journey);
  return chain;
}

}  // namespace journeysim
