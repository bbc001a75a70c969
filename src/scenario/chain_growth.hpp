#pragma once
// Private to scenario: growing a chain and its schedule's phases by new states, appended after
// every existing one (so existing states keep their indices and random streams). The new
// states' rows are left zero for the caller to write.
#include <vector>

#include "journeysim/analytic/chain.hpp"
#include "journeysim/sim/schedule.hpp"

namespace journeysim::scenario_detail {

/// Grows a phase to `states` states; new states copy the revenue of `source[j]` and get no inflow.
void grow_phase(Phase& phase, Eigen::Index states, const std::vector<Eigen::Index>& source);

/// Grows the chain to `states` states: new state j copies the economics of `source[j]`, has no
/// initial customers or inflow, and stands for `stages[j]`, period `periods[j]` in stage.
void grow_chain(Chain& chain, Eigen::Index states, const std::vector<Eigen::Index>& source,
                const std::vector<StageIndex>& stages, const std::vector<int>& periods);

}  // namespace journeysim::scenario_detail
