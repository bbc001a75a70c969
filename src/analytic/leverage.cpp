#include "journeysim/analytic/leverage.hpp"

#include <algorithm>

#include "journeysim/analytic/trace.hpp"

namespace journeysim {

std::vector<Leverage> compute_leverage(const Chain& chain, double step) {
  const double base = trace_revenue_pv(chain);
  const Eigen::Index n = chain.transition.rows();
  std::vector<Leverage> out;
  Chain changed = chain;
  for (Eigen::Index a = 0; a < n; ++a) {
    if (chain.terminal[a]) continue;
    const double stay = chain.transition(a, a);
    for (Eigen::Index b = 0; b < n; ++b) {
      if (b == a || chain.transition(a, b) <= 0) continue;
      Leverage lever;
      lever.from = static_cast<StageIndex>(a);
      lever.to = static_cast<StageIndex>(b);
      lever.step = std::min(step, stay);
      lever.limited = stay < step;
      changed.transition(a, b) += lever.step;
      changed.transition(a, a) -= lever.step;
      lever.delta_revenue_pv = trace_revenue_pv(changed) - base;
      changed.transition(a, b) = chain.transition(a, b);
      changed.transition(a, a) = stay;
      out.push_back(lever);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Leverage& x, const Leverage& y) {
    return x.delta_revenue_pv > y.delta_revenue_pv;
  });
  return out;
}

}  // namespace journeysim
