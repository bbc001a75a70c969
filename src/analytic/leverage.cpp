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
  const Eigen::Index n = segments.front().transition.rows();
  std::vector<Leverage> out;
  std::vector<Chain> changed = segments;
  for (Eigen::Index a = 0; a < n; ++a) {
    if (segments.front().terminal[static_cast<std::size_t>(a)]) continue;
    for (Eigen::Index b = 0; b < n; ++b) {
      if (b == a) continue;
      Leverage lever;
      lever.from = static_cast<StageIndex>(a);
      lever.to = static_cast<StageIndex>(b);
      lever.step = step;
      bool used = false;
      for (std::size_t g = 0; g < segments.size(); ++g) {
        const Chain& chain = segments[g];
        if (chain.transition(a, b) <= 0) continue;
        used = true;
        const double stay = chain.transition(a, a);
        const double taken = std::min(step, stay);  // take what the stay has, and say so
        if (stay < step) {
          lever.limited = true;
          lever.step = std::min(lever.step, stay);
        }
        changed[g].transition(a, b) += taken;
        changed[g].transition(a, a) -= taken;
        lever.delta_revenue_pv += trace_revenue_pv(changed[g]) - base[g];
        changed[g].transition(a, b) = chain.transition(a, b);
        changed[g].transition(a, a) = stay;
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
