#pragma once
// Private to scenario: the states of customers who already fired a rule that fires once per
// customer (`once_per: customer`, docs/reference/fixes-file.md#triggers).
#include "journeysim/analytic/chain.hpp"
#include "journeysim/model/fix.hpp"
#include "journeysim/sim/schedule.hpp"

namespace journeysim::scenario_detail {

/// For each rule of the schedule that fires once per customer, gives the chain a copy of every
/// state a customer can reach once it has fired (every phase's rows, and the allocations of the
/// triggers that fire on the way), terminal states excepted. A firing moves its customers into
/// the copies: the served to the copy of the first treated state, the rest (held out, unserved)
/// to the copy of the fire state (TriggerPoint::held_state). In the copies the rule never fires
/// again; every other trigger whose fire state is copied fires there too (a TriggerPoint of the
/// copy with the same fix and capacity group, listed right after the one it copies: within a
/// capacity, the customers who fired the rule before come after the others firing with them).
/// Copies are appended in the order of the states they copy, so a trigger's treated states stay
/// contiguous. Returns 0, or, when the copies would take the chain past `max_states`, the states
/// it would need (checked before building each rule's copies; the chain is then unusable).
Eigen::Index add_fired_copies(const FixesFile& fixes, Chain& chain, PeriodSchedule& schedule, Eigen::Index max_states);

}  // namespace journeysim::scenario_detail
