#include "journeysim/analytic/flows.hpp"

#include <algorithm>

namespace journeysim {

StageFlows compute_flows(const Chain& chain, const Trace& trace) {
  const Eigen::Index n = chain.transition.rows();
  StageFlows flows;
  flows.moves = Eigen::MatrixXd::Zero(n, n);
  // Arrivals come at the end of periods 0..H−2 (the as-of convention): H−1 of them.
  const double arrivals = std::max(0, chain.economics.horizon - 1);
  flows.entered = (chain.initial + chain.inflow * arrivals).transpose();
  flows.at_end = Eigen::VectorXd::Zero(n);
  if (chain.economics.horizon <= 0) return flows;
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
