#include "journeysim/analytic/flows.hpp"

#include <algorithm>

namespace journeysim {
namespace {

/// Flows of a chain whose rows depend on time in stage: its own trace by state, moves between
/// states of different stages added into stage moves (moving on within a stage is staying).
StageFlows flows_by_stage(const Chain& chain, StageFlows by_state) {
  const StateLayout& layout = chain.states;
  const auto stages = static_cast<Eigen::Index>(chain.stage_count());
  StageFlows flows;
  flows.moves = Eigen::MatrixXd::Zero(stages, stages);
  Eigen::RowVectorXd x = chain.initial;
  for (int t = 0; t + 1 < chain.economics.horizon; ++t) {
    for (Eigen::Index i = 0; i < x.size(); ++i)
      for (Eigen::Index j = 0; j < x.size(); ++j) {
        const auto from = static_cast<Eigen::Index>(layout.stage_of(static_cast<std::size_t>(i)));
        const auto to = static_cast<Eigen::Index>(layout.stage_of(static_cast<std::size_t>(j)));
        if (from != to) flows.moves(from, to) += x(i) * chain.transition(i, j);
      }
    x = x * chain.transition + chain.inflow;
  }
  flows.entered = sum_into_stages(by_state.entered.transpose(), layout, chain.stage_count()).transpose();
  flows.at_end = sum_into_stages(x, layout, chain.stage_count()).transpose();
  return flows;
}

}  // namespace

StageFlows compute_flows(const Chain& chain, const Trace& trace) {
  const Eigen::Index n = chain.transition.rows();
  StageFlows flows;
  flows.moves = Eigen::MatrixXd::Zero(n, n);
  // Arrivals come at the end of periods 0..H−2 (the as-of convention): H−1 of them.
  const double arrivals = std::max(0, chain.economics.horizon - 1);
  flows.entered = (chain.initial + chain.inflow * arrivals).transpose();
  flows.at_end = Eigen::VectorXd::Zero(n);
  if (chain.economics.horizon <= 0) return flows;
  if (chain.states.expanded()) return flows_by_stage(chain, flows);
  for (Eigen::Index t = 0; t + 1 < chain.economics.horizon; ++t)
    flows.moves += trace.counts.row(t).transpose().asDiagonal() * chain.transition;
  flows.moves.diagonal().setZero();  // staying is not a move
  flows.at_end = trace.counts.row(chain.economics.horizon - 1).transpose();
  return flows;
}

void add_flows(StageFlows& total, const StageFlows& part) {
  if (total.moves.size() == 0) {
    total = part;
    return;
  }
  total.moves += part.moves;
  total.entered += part.entered;
  total.at_end += part.at_end;
}

}  // namespace journeysim
