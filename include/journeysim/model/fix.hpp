#pragma once
/// \file Fixes and portfolios (SPEC §3) as plain data.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "journeysim/core/error.hpp"
#include "journeysim/model/journey.hpp"
#include "journeysim/model/time_in_stage.hpp"
#include "journeysim/model/trigger.hpp"

namespace journeysim {

/// An uncertain value: a constant or one of the distributions of SPEC §3.
struct Distribution {
  enum class Kind { constant, normal, lognormal, uniform, triangular, pert, beta };
  Kind kind = Kind::constant;
  /// constant: {value}; normal/lognormal: {mean, sd}; uniform: {min, max};
  /// triangular/pert: {min, mode, max}; beta: {a, b}.
  std::vector<double> parameters{0.0};
  SourceLocation where;

  /// The distribution's mean (exact, for reports).
  double mean() const;
  /// The smallest value it can draw (−∞ for normal, 0 for lognormal and beta).
  double lowest() const;
  /// "triangular[0.05, 0.15, 0.3]" and the like, for reports and messages.
  std::string describe() const;
};

/// What an effect changes.
enum class EffectTarget { transition, inflow, revenue };
/// How the drawn value x applies: relative p·(1+x), absolute p+x, to (p = x).
enum class EffectMode { relative, absolute, to };

/// One effect of a fix.
struct Effect {
  EffectTarget target = EffectTarget::transition;
  StageIndex from = 0;                 ///< transition source, or the inflow/revenue stage
  StageIndex to = 0;                   ///< transition destination (transition only)
  std::optional<StageIndex> balance;   ///< where moved mass comes from/goes to; nullopt = stay
  EffectMode mode = EffectMode::relative;
  Distribution value;
  SourceLocation where;
};

/// The costs of a fix in one replicate (drawn from its FixCost), in the journey's currency.
struct CostValues {
  double upfront = 0;       ///< paid in period `start`
  double per_period = 0;    ///< paid in every period t ≥ start
  double per_customer = 0;  ///< per customer in the affected stage(s), every period t ≥ start
  double per_trigger = 0;   ///< per customer a triggered fix serves, in the period served
};

/// Costs of a fix: each a constant or a distribution (never negative; fixes-file.md#costs).
struct FixCost {
  Distribution upfront, per_period, per_customer, per_trigger;  ///< constant 0 unless given

  /// The means, for budgets and plans made before anything is drawn.
  CostValues mean() const { return {upfront.mean(), per_period.mean(), per_customer.mean(), per_trigger.mean()}; }
  /// The smallest values each cost can draw (a bound that holds in every replicate).
  CostValues lowest() const;
  /// Whether any cost is a distribution (not a constant).
  bool uncertain() const;
  /// The fields' names as the fixes file writes them, in drawing order.
  static constexpr const char* names[] = {"upfront", "per_period", "per_customer", "per_trigger"};
  /// The field of that name (one of `names`).
  const Distribution& field(const std::string& name) const;
  Distribution& field(const std::string& name) { return const_cast<Distribution&>(std::as_const(*this).field(name)); }
};

/// A fix limited to some periods of its customers' stays in one stage (`time_in_stage: "1-2"`,
/// issue #12 §2): its effects change that stage's rows only for periods in `periods`.
struct StagePeriods {
  StageIndex stage = 0;  ///< the source of every effect of the fix
  TenureBucket periods;  ///< period 1 is the period a customer enters (or is observed at as_of)
};

/// A proposed change to the journey.
struct Fix {
  std::string id, name, owner;
  std::vector<std::string> addresses;  ///< pain points or opportunities it targets
  FixCost cost;
  int start = 0;  ///< first period with any effect
  int ramp = 0;   ///< periods to full effect (linear); 0 = full at once
  std::vector<Effect> effects;
  /// Segment ids the fix is limited to (`segments:`); empty = every customer. Outside them it
  /// changes nothing and costs nothing per customer.
  std::vector<std::string> segments;
  /// Set: the fix acts only on the customers its trigger serves (model/trigger.hpp), and its
  /// effects are transitions out of the trigger's stage.
  std::optional<Trigger> trigger;
  /// Set: the effects act only in these periods of time in stage (scenario/trigger_states.cpp
  /// lays the stage out period by period); never together with a trigger.
  std::optional<StagePeriods> time_in_stage;
  SourceLocation where;

  /// Whether the fix needs states of its own (a trigger, or a range of time in stage).
  bool acts_by_time_in_stage() const { return trigger.has_value() || time_in_stage.has_value(); }

  /// Whether the fix acts on the customers of simulation segment `segment` ("all" without segments).
  bool reaches(const std::string& segment) const;

  /// Share of the full effect in period t: 0 before start, min(1, (t − start + 1)/ramp) after.
  double effect_share(int period) const;
  /// Stages whose customers count for per_customer cost (sources of its effects); for a
  /// triggered fix, only the customers it is treating count (run/replicate.cpp).
  std::vector<StageIndex> affected_stages() const;
};

/// A named set of fixes funded together.
struct Portfolio {
  std::string id, name;
  std::vector<std::size_t> fixes;  ///< indices into FixesFile::fixes
  SourceLocation where;
};

/// The constraints of `journeysim decide` written in the fixes file (its `decision:` block;
/// docs/reference/fixes-file.md). simulate reads and ignores them.
struct DecisionRules {
  /// Groups of fixes of which a portfolio holds at most one (variants of one fix).
  std::vector<std::vector<std::size_t>> exclusive;
  std::vector<std::size_t> required, excluded;  ///< indices into FixesFile::fixes
  /// A team (a fix's `owner`) runs at most `limit` fixes of a portfolio.
  struct Capacity {
    std::string owner;
    int limit = 0;
    SourceLocation where;
  };
  std::vector<Capacity> capacity;
  SourceLocation where;           ///< the block itself
  SourceLocation required_where;  ///< the `required` list (required fixes over budget or --max-fixes)
  bool present = false;
};

/// A whole fixes file, resolved against its model.
struct FixesFile {
  std::string file;
  std::string model_path;  ///< the `model:` entry resolved relative to the fixes file
  std::vector<Fix> fixes;
  std::vector<Portfolio> portfolios;
  DecisionRules decision;
};

}  // namespace journeysim
