#include "journeysim/analytic/flows.hpp"

namespace journeysim {

StageFlows compute_flows(const Chain& chain, const Trace& trace) {
  const Eigen::Index n = chain.transition.rows();
  StageFlows flows;
  flows.moves = Eigen::MatrixXd::Zero(n, n);
  flows.entered = (chain.initial + chain.inflow * chain.horizon).transpose();
  flows.at_end = Eigen::VectorXd::Zero(n);
  if (chain.horizon <= 0) return flows;
  for (Eigen::Index t = 0; t + 1 < chain.horizon; ++t)
    flows.moves += trace.counts.row(t).transpose().asDiagonal() * chain.transition;
  flows.moves.diagonal().setZero();  // staying is not a move
  flows.at_end = trace.counts.row(chain.horizon - 1).transpose();
  return flows;
}

StageFlows journey_flows(const Journey& journey) {
  const auto segments = segment_journeys(journey);
  if (segments.empty()) {
    const Chain chain = make_chain(journey);
    return compute_flows(chain, compute_trace(chain));
  }
  StageFlows total;
  for (const auto& segment : segments) {
    const Chain chain = make_chain(segment.journey);
    const StageFlows part = compute_flows(chain, compute_trace(chain));
    if (total.moves.size() == 0) {
      total = part;
    } else {
      total.moves += part.moves;
      total.entered += part.entered;
      total.at_end += part.at_end;
    }
  }
  return total;
}

}  // namespace journeysim
