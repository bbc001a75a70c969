// TEMPORARY (branch `report` only): definitions of the Fix/Distribution methods declared in
// scenario/fix.hpp, so the report links before the simulator lands. The scenario module's own
// definitions replace this file when main is merged (delete it then; the linker will insist).
#include <algorithm>
#include <cmath>

#include "journeysim/report/format.hpp"
#include "journeysim/scenario/fix.hpp"

namespace journeysim {

double Distribution::mean() const {
  const auto& p = parameters;
  switch (kind) {
    case Kind::constant: return p.at(0);
    case Kind::normal: return p.at(0);
    case Kind::lognormal: return std::exp(p.at(0) + p.at(1) * p.at(1) / 2);
    case Kind::uniform: return (p.at(0) + p.at(1)) / 2;
    case Kind::triangular: return (p.at(0) + p.at(1) + p.at(2)) / 3;
    case Kind::pert: return (p.at(0) + 4 * p.at(1) + p.at(2)) / 6;
    case Kind::beta: return p.at(0) / (p.at(0) + p.at(1));
  }
  return 0;
}

std::string Distribution::describe() const {
  const auto& p = parameters;
  auto f = [](double v) { return format_exact(v); };
  switch (kind) {
    case Kind::constant: return f(p.at(0));
    case Kind::normal: return "normal{mean: " + f(p.at(0)) + ", sd: " + f(p.at(1)) + "}";
    case Kind::lognormal: return "lognormal{mean: " + f(p.at(0)) + ", sd: " + f(p.at(1)) + "}";
    case Kind::uniform: return "uniform[" + f(p.at(0)) + ", " + f(p.at(1)) + "]";
    case Kind::triangular: return "triangular[" + f(p.at(0)) + ", " + f(p.at(1)) + ", " + f(p.at(2)) + "]";
    case Kind::pert: return "pert[" + f(p.at(0)) + ", " + f(p.at(1)) + ", " + f(p.at(2)) + "]";
    case Kind::beta: return "beta{a: " + f(p.at(0)) + ", b: " + f(p.at(1)) + "}";
  }
  return "";
}

double Fix::effect_share(int period) const {
  if (period < start) return 0;
  if (ramp <= 0) return 1;
  return std::min(1.0, static_cast<double>(period - start + 1) / ramp);
}

std::vector<StageIndex> Fix::affected_stages() const {
  std::vector<StageIndex> out;
  for (const auto& e : effects)
    if (std::find(out.begin(), out.end(), e.from) == out.end()) out.push_back(e.from);
  return out;
}

}  // namespace journeysim
