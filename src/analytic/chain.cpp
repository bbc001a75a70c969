#include "journeysim/analytic/chain.hpp"

namespace journeysim {

Chain make_chain(const Journey& journey) {
  Chain chain;
  chain.states = state_layout(journey);
  const StateLayout& layout = chain.states;
  const std::size_t stages = journey.stages.size();
  const auto n = static_cast<Eigen::Index>(layout.stage.size());
  chain.transition = Eigen::MatrixXd::Zero(n, n);
  const auto p = journey.transition_matrix();
  for (std::size_t i = 0; i < layout.stage.size(); ++i) {
    const StageIndex s = layout.stage[i];
    const TimeInStageRows* rows = journey.time_in_stage_of(s);
    const std::vector<double> row = rows ? journey.bucket_row(*rows, rows->bucket_of(layout.period[i])) : p[s];
    for (StageIndex d = 0; d < stages; ++d)
      chain.transition(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(layout.destination(i, d))) += row[d];
  }
  chain.revenue_per_period.resize(n);
  chain.cost_per_period.resize(n);
  chain.initial = Eigen::RowVectorXd::Zero(n);
  chain.inflow = Eigen::RowVectorXd::Zero(n);
  for (std::size_t i = 0; i < layout.stage.size(); ++i) {
    const Stage& stage = journey.stages[layout.stage[i]];
    chain.revenue_per_period(static_cast<Eigen::Index>(i)) = stage.revenue_per_period;
    chain.cost_per_period(static_cast<Eigen::Index>(i)) = stage.cost_per_period;
    chain.terminal.push_back(stage.terminal);
    chain.paying.push_back(stage.revenue_per_period > 0);
  }
  // Customers start in their stage's first period (just entered) unless the model gives them
  // by period in stage (a calibrated model's as-of state); arrivals always enter period 1.
  for (StageIndex s = 0; s < stages; ++s) {
    const auto first = static_cast<Eigen::Index>(layout.first[s]);
    chain.inflow(first) = journey.population.inflow[s];
    const auto by_period = journey.population.initial_by_period.find(s);
    if (by_period == journey.population.initial_by_period.end() || layout.count[s] != by_period->second.size()) {
      chain.initial(first) = journey.population.initial[s];
      continue;
    }
    for (std::size_t k = 0; k < by_period->second.size(); ++k)
      chain.initial(first + static_cast<Eigen::Index>(k)) = by_period->second[k];
  }
  chain.economics = economics_of(journey);
  return chain;
}

}  // namespace journeysim
