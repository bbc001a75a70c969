#include "journeysim/analytic/chain.hpp"

#include <cmath>

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
  }
  chain.horizon = journey.info.horizon;
  chain.periods_per_year = periods_per_year(journey.info.period);
  chain.discount_rate_annual = journey.info.discount_rate_annual;
  return chain;
}

double discount_factor(int period, double discount_rate_annual, int periods_per_year) {
  return std::pow(1.0 + discount_rate_annual, -static_cast<double>(period) / periods_per_year);
}

}  // namespace journeysim
