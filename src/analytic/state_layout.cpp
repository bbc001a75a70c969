#include "journeysim/analytic/state_layout.hpp"

namespace journeysim {

std::size_t StateLayout::destination(std::size_t state, StageIndex to) const {
  if (stage.empty()) return to;
  if (to != stage[state]) return first[to];
  const std::size_t last = first[to] + count[to] - 1;
  return state < last ? state + 1 : last;
}

StateLayout state_layout(const Journey& journey) {
  StateLayout layout;
  for (StageIndex s = 0; s < journey.stages.size(); ++s) {
    const TimeInStageRows* rows = journey.time_in_stage_of(s);
    const int periods = rows ? rows->periods() : 1;
    layout.first.push_back(layout.stage.size());
    layout.count.push_back(static_cast<std::size_t>(periods));
    for (int k = 1; k <= periods; ++k) {
      layout.stage.push_back(s);
      layout.period.push_back(k);
    }
  }
  return layout;
}

Eigen::MatrixXd sum_into_stages(const Eigen::MatrixXd& by_state, const StateLayout& layout, std::size_t stages) {
  if (!layout.expanded()) return by_state;
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(by_state.rows(), static_cast<Eigen::Index>(stages));
  for (Eigen::Index i = 0; i < by_state.cols(); ++i)
    out.col(static_cast<Eigen::Index>(layout.stage_of(static_cast<std::size_t>(i)))) += by_state.col(i);
  return out;
}

}  // namespace journeysim
