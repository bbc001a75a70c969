#pragma once
// Private to sim: what the kernels share about triggered fixes (sim/schedule.hpp TriggerPoint).
#include <algorithm>

#include "journeysim/sim/kernels.hpp"

namespace journeysim::sim_detail {

/// Zeroed tallies, one per trigger of the schedule, `horizon` periods each.
inline void reset_trigger_tallies(const PeriodSchedule& schedule, int horizon, SegmentPath& out) {
  const auto periods = static_cast<std::size_t>(horizon);
  out.triggers.assign(schedule.triggers.size(),
                      TriggerTally{std::vector<double>(periods, 0.0), std::vector<double>(periods, 0.0),
                                   std::vector<double>(periods, 0.0)});
}

/// How many of `eligible` customers (triggered, not held out) a capacity serves.
template <typename Count>
Count served_of(Count eligible, double capacity) {
  return capacity >= static_cast<double>(eligible) ? eligible : static_cast<Count>(capacity);
}

}  // namespace journeysim::sim_detail
