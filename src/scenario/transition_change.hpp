#pragma once
// Private to scenario: one transition effect on one cell of a row, shared by plain fixes
// (schedule_builder.cpp) and the treated rows of triggered fixes (trigger_states.cpp).
#include "journeysim/model/fix.hpp"

namespace journeysim::scenario_detail {

/// Changes cell `p` by the effect's `value` at `share` of its full size (relative p·(1+x),
/// absolute p+x, to p→x), taking the mass from (or giving it back to) `source`, the balance
/// cell; returns true when clamped ([0, 1], and source never below 0). A NaN draw leaves both
/// cells as they were and counts as clamped.
bool change_transition(EffectMode mode, double value, double share, double& p, double& source);

}  // namespace journeysim::scenario_detail
