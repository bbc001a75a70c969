#include "journeysim/analytic/leverage.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/analytic/trace.hpp"

namespace journeysim {

double leverage_step(const Economics& economics) { return 0.01 * 12.0 / economics.periods_per_year; }

std::vector<Leverage> compute_leverage(const Chain& chain, double step) {
  return compute_leverage(std::vector<Chain>{chain}, step);
}

std::vector<Leverage> compute_leverage(const std::vector<Chain>& segments, double step) {
  std::vector<double> base;
  for (const auto& chain : segments) base.push_back(trace_revenue_pv(chain));
  const auto n = static_cast<Eigen::Index>(segments.front().stage_count());
  std::vector<Leverage> out;
  std::vector<Chain> changed = segments;
  for (Eigen::Index a = 0; a < n; ++a) {
    const StateLayout& layout = segments.front().states;
    if (segments.front().terminal[layout.first_state(static_cast<StageIndex>(a))]) continue;
    for (Eigen::Index b = 0; b < n; ++b) {
      if (b == a) continue;
      Leverage lever;
      lever.from = static_cast<StageIndex>(a);
      lever.to = static_cast<StageIndex>(b);
      lever.step = step;
      bool used = false;
      for (std::size_t g = 0; g < segments.size(); ++g) {
        const Chain& chain = segments[g];
        bool changed_any = false;
        // Every state of stage a (one per period in stage with time-in-stage rows) moves alike.
        for (std::size_t k = 0; k < chain.states.state_count(lever.from); ++k) {
          const std::size_t state = chain.states.first_state(lever.from) + k;
          const auto i = static_cast<Eigen::Index>(state);
          const auto to = static_cast<Eigen::Index>(chain.states.destination(state, lever.to));
          const auto stay_cell = static_cast<Eigen::Index>(chain.states.destination(state, lever.from));
          if (chain.transition(i, to) <= 0) continue;
          changed_any = true;
          const double stay = chain.transition(i, stay_cell);
          const double taken = std::min(step, stay);  // take what the stay has, and say so
          if (stay < step) {
            lever.limited = true;
            lever.step = std::min(lever.step, stay);
          }
          changed[g].transition(i, to) += taken;
          changed[g].transition(i, stay_cell) -= taken;
        }
        if (!changed_any) continue;
        used = true;
        lever.delta_revenue_pv += trace_revenue_pv(changed[g]) - base[g];
        for (std::size_t k = 0; k < chain.states.state_count(lever.from); ++k) {  // restore row by row
          const auto i = static_cast<Eigen::Index>(chain.states.first_state(lever.from) + k);
          changed[g].transition.row(i) = chain.transition.row(i);
        }
      }
      if (used) out.push_back(lever);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Leverage& x, const Leverage& y) {
    return std::abs(x.delta_revenue_pv) > std::abs(y.delta_revenue_pv);
  });
  return out;
}

}  // namespace journeysim
