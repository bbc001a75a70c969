#pragma once
/// \file Period-dependent parameters of one segment under one scenario: P(t), inflow(t) and
/// revenue(t). Fixes ramp in, so P changes for a few periods and then stays; a schedule keeps
/// each distinct phase once and maps every period to its phase.
#include <Eigen/Dense>
#include <cstdint>
#include <limits>
#include <vector>

namespace journeysim {

/// The parameters in force during one or more periods.
struct Phase {
  Eigen::MatrixXd transition;   ///< P(t)
  Eigen::VectorXd revenue_per_period;  ///< per customer per period, by stage
  Eigen::RowVectorXd inflow;    ///< new customers entering after period t (and at t = 0)
};

/// Where a triggered fix fires in a chain with trigger states (scenario/trigger_states.cpp).
/// At the start of every period t ≥ start, before anyone moves, the kernels take the customers
/// in `fire_state`: a `hold_out` share of them (random, per customer) stays there as control,
/// then at most capacity[t] of the rest are served, moved into `served_state`; the unserved stay
/// too. Customers in fire_state follow the baseline row, those in treated states the fix's.
struct TriggerPoint {
  std::uint32_t fire_state = 0;
  std::uint32_t served_state = 0;    ///< the first treated state
  std::uint32_t treated_states = 0;  ///< served_state .. served_state + treated_states − 1
  /// Where the triggered customers not served (held out, or over capacity) go at once: the
  /// fire state itself, or for a rule that fires once per customer the fire state's copy
  /// among the states of customers who fired (scenario/fired_copies.cpp).
  std::uint32_t held_state = 0;
  double hold_out = 0;
  /// Customers it may still serve in each period (what the segments simulated before this one
  /// left of the team's capacity: run/replicate.cpp); empty: unlimited.
  std::vector<double> capacity;
  double capacity_at(int period) const {
    return capacity.empty() ? std::numeric_limits<double>::infinity() : capacity[static_cast<std::size_t>(period)];
  }
  int start = 0;        ///< the first period it fires (its fix's start)
  std::size_t fix = 0;  ///< index into FixesFile::fixes
  /// The first trigger of the schedule with the same fix: a rule with a cooldown fires at
  /// several periods in stage, one TriggerPoint each, and they share one capacity per period.
  std::size_t capacity_group = 0;
};

/// Sets every trigger's capacity_group: the position of the first trigger with its fix.
inline void assign_capacity_groups(std::vector<TriggerPoint>& triggers) {
  for (std::size_t k = 0; k < triggers.size(); ++k)
    for (std::size_t first = 0; first <= k; ++first)
      if (triggers[first].fix == triggers[k].fix) {
        triggers[k].capacity_group = first;
        break;
      }
}

/// Which phase applies in each period t = 0..horizon−1.
struct PeriodSchedule {
  std::vector<Phase> phases;
  std::vector<std::uint32_t> phase_of_period;
  std::vector<TriggerPoint> triggers;  ///< empty unless the scenario has triggered fixes
  const Phase& at(int period) const { return phases[phase_of_period[static_cast<std::size_t>(period)]]; }
};

}  // namespace journeysim
