#include "distribution_reader.hpp"

#include <algorithm>
#include <cmath>

#include "journeysim/core/suggest.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim::fixes_io {
namespace {

using Kind = Distribution::Kind;

const std::vector<std::string>& kind_names() {
  static const std::vector<std::string> names{"normal", "lognormal", "uniform", "triangular", "pert", "beta"};
  return names;
}

std::vector<double> read_list(const YAML::Node& node, const std::string& file, const std::string& what,
                              std::size_t size, const std::string& shape) {
  if (!node.IsSequence() || node.size() != size)
    throw InputError(what + " must be " + shape + ", got " + yaml::kind_of(node), yaml::location(node, file));
  std::vector<double> values;
  for (const auto& item : node) values.push_back(yaml::to_number(item, file, what));
  return values;
}

std::vector<double> read_pair(const YAML::Node& node, const std::string& file, const std::string& what,
                              const std::string& first, const std::string& second) {
  const yaml::Map map(node, file, what, {first, second});
  map.require(first);
  map.require(second);
  return {*map.optional_number(first), *map.optional_number(second)};
}

void check_range(const Distribution& d, const std::string& what) {
  const auto& p = d.parameters;
  const auto x = [](double v) { return format_exact(v); };
  switch (d.kind) {
    case Kind::normal:
    case Kind::lognormal:
      if (p[1] < 0) throw InputError(what + ": sd must not be negative, got " + x(p[1]), d.where);
      break;
    case Kind::uniform:
      if (p[0] > p[1])
        throw InputError(what + ": min " + x(p[0]) + " is above max " + x(p[1]), d.where);
      break;
    case Kind::triangular:
    case Kind::pert:
      if (p[0] > p[2]) throw InputError(what + ": min " + x(p[0]) + " is above max " + x(p[2]), d.where);
      if (p[1] < p[0] || p[1] > p[2])
        throw InputError(what + ": mode " + x(p[1]) + " is outside [" + x(p[0]) + ", " + x(p[2]) + "]", d.where);
      break;
    case Kind::beta:
      if (!(p[0] > 0 && p[1] > 0))
        throw InputError(what + ": beta parameters a and b must be positive, got a = " + x(p[0]) +
                             ", b = " + x(p[1]),
                         d.where);
      break;
    case Kind::constant: break;
  }
}

}  // namespace

Distribution read_distribution(const YAML::Node& node, const std::string& file, const std::string& what) {
  Distribution d;
  d.where = yaml::location(node, file);
  if (node.IsScalar()) {
    d.parameters = {yaml::to_number(node, file, what)};
    return d;
  }
  if (!node.IsMap() || node.size() != 1)
    throw InputError(what + " must be a number or one distribution such as {triangular: [min, mode, max]}, got " +
                         yaml::kind_of(node),
                     d.where);
  const std::string name = yaml::to_string(node.begin()->first, file, what);
  if (std::find(kind_names().begin(), kind_names().end(), name) == kind_names().end())
    throw InputError("unknown distribution '" + name +
                         "' (expected normal, lognormal, uniform, triangular, pert or beta)" +
                         did_you_mean(name, kind_names()),
                     yaml::location(node.begin()->first, file));
  const yaml::Map map(node, file, what, kind_names());
  const YAML::Node body = map.get(name);
  const std::string label = what + " (" + name + ")";
  if (name == "normal" || name == "lognormal") {
    d.kind = name == "normal" ? Kind::normal : Kind::lognormal;
    d.parameters = read_pair(body, file, label, "mean", "sd");
  } else if (name == "uniform") {
    d.kind = Kind::uniform;
    d.parameters = read_list(body, file, label, 2, "[min, max]");
  } else if (name == "triangular" || name == "pert") {
    d.kind = name == "triangular" ? Kind::triangular : Kind::pert;
    d.parameters = read_list(body, file, label, 3, "[min, mode, max]");
  } else {
    d.kind = Kind::beta;
    d.parameters = read_pair(body, file, label, "a", "b");
  }
  d.where = yaml::location(body, file);
  check_range(d, what);
  return d;
}

Distribution read_cost_distribution(const YAML::Node& node, const std::string& file, const std::string& what) {
  const Distribution d = read_distribution(node, file, what);
  const auto& p = d.parameters;
  const auto x = [](double v) { return format_exact(v); };
  // The smallest and largest value the distribution can draw (lognormal: (0, ∞), capped when drawn).
  double low = p[0], high = p[0];
  switch (d.kind) {
    case Kind::constant: break;
    case Kind::normal:
      throw InputError(what + ": a normal distribution can draw a negative cost; use lognormal, triangular, pert or "
                              "uniform, e.g. {triangular: [min, most likely, max]}",
                       d.where);
    case Kind::lognormal:
      // Its mean, e^(m + s²/2), is what budgets count: bounded like any amount.
      if (!(std::exp(p[0] + p[1] * p[1] / 2) <= limits::amount))
        throw InputError(what + ": mean e^(" + x(p[0]) + " + " + x(p[1]) + "²/2) is above 1e15", d.where);
      low = 0, high = 0;
      break;
    case Kind::uniform: high = p[1]; break;
    case Kind::triangular:
    case Kind::pert: high = p[2]; break;
    case Kind::beta: low = 0, high = 1; break;
  }
  if (low < 0)
    throw InputError(what + (d.kind == Kind::constant ? " must not be negative"
                                                      : ": min " + x(low) + " is below 0, and a cost cannot be negative"),
                     d.where);
  if (high > limits::amount)
    throw InputError(what + (d.kind == Kind::constant ? " must be at most 1e15" : ": max " + x(high) + " is above 1e15"),
                     d.where);
  return d;
}

}  // namespace journeysim::fixes_io
