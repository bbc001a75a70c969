#pragma once
/// \file The states of a chain whose rows depend on time in stage (model/time_in_stage.hpp):
/// a stage with buckets gets one state per period in stage 1..K, K being the first period of
/// its open-ended bucket (a customer there stays in state K until it leaves); every other
/// stage is one state. Customers entering a stage enter its first state. The expanded chain is
/// an ordinary first-order chain, so the three kernels and the exact analytics run on it
/// unchanged; results are summed back into stages for output.
#include <Eigen/Dense>
#include <cstddef>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Which stage and which period in stage each state of a chain stands for. Empty (the default)
/// means one state per stage, as for a chain built in code.
struct StateLayout {
  std::vector<StageIndex> stage;  ///< per state
  std::vector<int> period;        ///< per state: its period in stage (1 for a stage without buckets)
  std::vector<std::size_t> first; ///< per stage: the state customers enter
  std::vector<std::size_t> count; ///< per stage: how many states it has

  bool expanded() const { return stage.size() != first.size(); }
  std::size_t stage_of(std::size_t state) const { return stage.empty() ? state : stage[state]; }
  std::size_t first_state(StageIndex s) const { return first.empty() ? s : first[s]; }
  std::size_t state_count(StageIndex s) const { return count.empty() ? 1 : count[s]; }
  /// Where a customer in `state` goes when its stage's row sends it to stage `to`: the next
  /// period's state when `to` is its own stage (the last one stays put), else `to`'s first.
  std::size_t destination(std::size_t state, StageIndex to) const;
};

/// The layout of a journey's stages and time-in-stage buckets.
StateLayout state_layout(const Journey& journey);

/// Sums the columns of a by-state matrix (rows × states) into stages (rows × stages).
Eigen::MatrixXd sum_into_stages(const Eigen::MatrixXd& by_state, const StateLayout& layout, std::size_t stages);

}  // namespace journeysim
