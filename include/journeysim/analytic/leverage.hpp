#pragma once
/// \file Leverage: what +1 percentage point on each transition is worth.
#include <vector>

#include "journeysim/analytic/chain.hpp"

namespace journeysim {

/// The exact change in the population's discounted revenue over the horizon when
/// p(from → to) rises by `step`, the mass taken from "stay in from".
struct Leverage {
  StageIndex from = 0, to = 0;
  double step = 0;              ///< 0.01, or the whole stay when it is smaller
  bool limited = false;         ///< true when the stay was below the requested step
  double delta_revenue_pv = 0;  ///< currency, over the horizon
};

/// The step that means the same in every period length: one percentage point a month, in the
/// model's period (×12 / periods per year: 0.23pp a week, 3pp a quarter, 0.033pp a day), so a
/// weekly and a monthly model of one journey rank the same moves alike.
double leverage_step(const Economics& economics);

/// Leverage of every non-zero transition out of a non-terminal stage, sorted by the size of
/// delta_revenue_pv, largest first, whatever its sign (ties in stage order): the biggest leak
/// (a negative value: one step less is worth as much) ranks with the biggest lever.
/// Finite differences on the exact trace.
std::vector<Leverage> compute_leverage(const Chain& chain, double step = 0.01);

/// Leverage over a population split into segments (one chain each): p(from → to) rises by
/// `step` in every segment where it is non-zero, and the changes in PV are summed. `limited`
/// is set when any segment's stay was below the step.
std::vector<Leverage> compute_leverage(const std::vector<Chain>& segments, double step = 0.01);

}  // namespace journeysim
