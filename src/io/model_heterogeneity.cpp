// The `heterogeneity` block of the model file (model/heterogeneity.hpp):
// `heterogeneity: {STAGE: {DEST: {beta: {alpha: a, beta: b}}}}`.
#include <algorithm>
#include <cmath>
#include <tuple>

#include "journeysim/model/heterogeneity.hpp"
#include "model_sections.hpp"

namespace journeysim::model_io {
namespace {

/// Beyond this, Beta(α, β) is a point mass for any journey's purposes, and the hazard's
/// arithmetic (α + β + k − 1) stays exact in doubles.
constexpr double max_shape = 1e9;

double positive_shape(const yaml::Map& map, const std::string& key, const std::string& what) {
  map.require(key);
  map.require_value(key, "a positive number");
  const double value = yaml::to_number(map.get(key), map.file(), what + "." + key);
  if (!(value > 0) || value > max_shape)
    throw InputError(what + "." + key + " must be a positive number (at most 1e9), got " +
                         yaml::to_string(map.get(key), map.file(), key),
                     map.value_where(key));
  return value;
}

BetaPropensity read_beta(const yaml::Map& cell, const std::string& what) {
  BetaPropensity out;
  out.where = cell.key_where("beta");
  cell.require_value("beta", "a map with alpha and beta");
  const std::string beta_what = what + ".beta";
  const yaml::Map beta(cell.get("beta"), cell.file(), beta_what,
                       {"alpha", "beta", "alpha_se", "beta_se", "correlation"});
  out.alpha = positive_shape(beta, "alpha", beta_what);
  out.beta = positive_shape(beta, "beta", beta_what);
  auto non_negative = [&](const std::string& key) {
    const auto value = beta.optional_number(key);
    if (value && !(*value >= 0))
      throw InputError(beta_what + "." + key + " must be a standard error (0 or more)", beta.value_where(key));
    return value.value_or(0.0);
  };
  out.alpha_se = non_negative("alpha_se");
  out.beta_se = non_negative("beta_se");
  if (const auto r = beta.optional_number("correlation")) {
    if (!(*r >= -1 && *r <= 1))
      throw InputError(beta_what + ".correlation must be between -1 and 1", beta.value_where("correlation"));
    out.correlation = *r;
  }
  // An error ten times its estimate says nothing about the shape (sd of ln α above 10).
  for (const auto& [key, se, value] : {std::tuple<const char*, double, double>{"alpha_se", out.alpha_se, out.alpha},
                                       {"beta_se", out.beta_se, out.beta}})
    if (se > 10 * value)
      throw InputError(beta_what + "." + key + " is more than 10 times its estimate: such a fit says nothing about "
                       "the shape; leave the standard errors out or fit more data",
                       beta.value_where(key));
  if ((out.alpha_se > 0) != (out.beta_se > 0))
    throw InputError(beta_what + " gives one standard error: give both alpha_se and beta_se, or neither",
                     beta.where());
  return out;
}

}  // namespace

void read_heterogeneity(const YAML::Node& node, const std::string& file, Journey& journey) {
  if (node.IsNull()) return;
  const yaml::Map map(node, file, "heterogeneity");
  for (const auto& [from_id, from_node] : map.keys()) {
    const StageIndex from = stage_ref(from_node, file, journey, "heterogeneity");
    const SourceLocation from_where = yaml::location(from_node, file);
    if (journey.stages[from].terminal)
      throw InputError("'" + from_id + "' is terminal: its customers never leave, so they cannot differ in how they leave",
                       from_where);
    if (journey.time_in_stage_of(from))
      throw InputError("'" + from_id + "' has rows by time in stage and a propensity that differs between customers; "
                       "give it one or the other (both together are not supported yet)",
                       from_where);
    map.require_value(from_id, "a map of destination: {beta: {alpha: a, beta: b}}");
    const std::string what = "heterogeneity." + from_id;
    const yaml::Map exits(map.get(from_id), file, what);
    if (exits.keys().size() != 1)
      throw InputError(what + " must name exactly one destination whose probability differs between customers",
                       exits.where());
    const auto& [to_id, to_node] = exits.keys().front();
    const StageIndex to = stage_ref(to_node, file, journey, what);
    if (to == from)
      throw InputError(what + " names '" + to_id + "' itself: name the exit whose probability differs (the stay is what is left)",
                       yaml::location(to_node, file));
    exits.require_value(to_id, "a map {beta: {alpha: a, beta: b}}");
    const std::string cell_what = what + "." + to_id;
    const yaml::Map cell(exits.get(to_id), file, cell_what, {"beta"});
    cell.require("beta");
    BetaPropensity propensity = read_beta(cell, cell_what);
    propensity.stage = from;
    propensity.to = to;
    // The stage's plain row moves to propensity_base; its rows by period are derived from it.
    TransitionRow base;
    base.from = from;
    base.where = from_where;
    auto row = std::find_if(journey.transitions.begin(), journey.transitions.end(),
                            [&](const TransitionRow& r) { return r.from == from; });
    if (row != journey.transitions.end()) {
      base = *row;
      journey.transitions.erase(row);
    }
    double others = 0, exit = 0;
    for (const auto& c : base.cells) (c.to == to ? exit : others) += c.probability;
    if (!(exit < 1) || others > 1 + 1e-9)
      throw InputError("the row of '" + from_id + "' must leave room for customers who do not leave to '" + to_id +
                           "' (its probability is below 1 and the others sum to at most 1)",
                       base.where);
    journey.propensities.push_back(propensity);
    journey.propensity_base.push_back(std::move(base));
  }
  derive_propensity_rows(journey, journey.info.horizon);
}

}  // namespace journeysim::model_io
