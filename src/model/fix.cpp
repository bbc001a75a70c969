#include "journeysim/model/fix.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "journeysim/core/number_text.hpp"

namespace journeysim {

double Distribution::mean() const {
  const auto& p = parameters;
  switch (kind) {
    case Kind::constant: return p[0];
    case Kind::normal: return p[0];
    case Kind::lognormal: return std::exp(p[0] + p[1] * p[1] / 2);
    case Kind::uniform: return (p[0] + p[1]) / 2;
    case Kind::triangular: return (p[0] + p[1] + p[2]) / 3;
    case Kind::pert: return (p[0] + 4 * p[1] + p[2]) / 6;
    case Kind::beta: return p[0] / (p[0] + p[1]);
  }
  return p[0];
}

std::string Distribution::describe() const {
  const auto& p = parameters;
  auto x = [](double v) { return format_exact(v); };
  switch (kind) {
    case Kind::constant: return x(p[0]);
    case Kind::normal: return "normal{mean: " + x(p[0]) + ", sd: " + x(p[1]) + "}";
    case Kind::lognormal: return "lognormal{mean: " + x(p[0]) + ", sd: " + x(p[1]) + "}";
    case Kind::uniform: return "uniform[" + x(p[0]) + ", " + x(p[1]) + "]";
    case Kind::triangular: return "triangular[" + x(p[0]) + ", " + x(p[1]) + ", " + x(p[2]) + "]";
    case Kind::pert: return "pert[" + x(p[0]) + ", " + x(p[1]) + ", " + x(p[2]) + "]";
    case Kind::beta: return "beta{a: " + x(p[0]) + ", b: " + x(p[1]) + "}";
  }
  return x(p[0]);
}

double Fix::effect_share(int period) const {
  if (period < start) return 0.0;
  if (ramp <= 0) return 1.0;
  return std::min(1.0, static_cast<double>(period - start + 1) / ramp);
}

double Distribution::lowest() const {
  switch (kind) {
    case Kind::constant:
    case Kind::uniform:
    case Kind::triangular:
    case Kind::pert: return parameters[0];
    case Kind::normal: return parameters[1] == 0 ? parameters[0] : -std::numeric_limits<double>::infinity();
    case Kind::lognormal:
    case Kind::beta: return 0;
  }
  return parameters[0];
}

CostValues FixCost::lowest() const {
  return {upfront.lowest(), per_period.lowest(), per_customer.lowest(), per_trigger.lowest()};
}

bool FixCost::uncertain() const {
  for (const Distribution* d : {&upfront, &per_period, &per_customer, &per_trigger})
    if (d->kind != Distribution::Kind::constant) return true;
  return false;
}

const Distribution& FixCost::field(const std::string& name) const {
  if (name == "upfront") return upfront;
  if (name == "per_period") return per_period;
  if (name == "per_trigger") return per_trigger;
  return per_customer;
}

bool Fix::reaches(const std::string& segment) const {
  return segments.empty() || std::find(segments.begin(), segments.end(), segment) != segments.end();
}

std::vector<StageIndex> Fix::affected_stages() const {
  std::vector<StageIndex> stages;
  for (const auto& effect : effects)
    if (std::find(stages.begin(), stages.end(), effect.from) == stages.end()) stages.push_back(effect.from);
  return stages;
}

}  // namespace journeysim
