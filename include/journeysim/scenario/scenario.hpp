#pragma once
/// \file Scenarios: baseline, every fix alone, every portfolio — and how fixes transform a
/// replicate's parameters into a period schedule.
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/rng/stream.hpp"
#include "journeysim/model/fix.hpp"
#include "journeysim/sim/parameters.hpp"
#include "journeysim/sim/schedule.hpp"

namespace journeysim {

/// One scenario to simulate.
struct Scenario {
  enum class Kind { baseline, fix, portfolio };
  std::string id, name;
  Kind kind = Kind::baseline;
  std::vector<std::size_t> fixes;  ///< indices into FixesFile::fixes, in application order
  std::vector<std::string> fix_ids;  ///< the same fixes by id
  std::string owner;               ///< the fix's owner; owners joined for portfolios
};

/// "baseline", "fix", "portfolio".
std::string to_string(Scenario::Kind kind);

/// Baseline first, then each fix alone in file order, then each portfolio.
std::vector<Scenario> build_scenarios(const FixesFile& fixes);

/// Drawn effect values for one replicate: draws[fix][effect]. One draw per replicate, shared
/// by every scenario containing the fix (each fix has its own keyed stream).
using EffectDraws = std::vector<std::vector<double>>;

/// One draw from a distribution.
double draw_value(const Distribution& distribution, Stream& stream);

/// Draws every effect of every fix for replicate `replicate`.
EffectDraws draw_effects(const FixesFile& fixes, std::uint64_t seed, std::uint64_t replicate);

/// Drawn costs for one replicate: costs[fix]. Like effects, one draw per replicate shared by
/// every scenario containing the fix, from the fix's own keyed stream (Purpose::fix_cost), so
/// an uncertain cost never changes an effect's draws. Lognormal draws are capped at 1e15.
using CostDraws = std::vector<CostValues>;

/// Draws every cost of every fix for replicate `replicate` (constants cost no random numbers).
CostDraws draw_costs(const FixesFile& fixes, std::uint64_t seed, std::uint64_t replicate);

/// Applies the scenario's fixes to one segment's parameters, period by period (start, linear
/// ramp), in fix order then effect order. Values that would make a row invalid are clamped to
/// the nearest valid value; `clamped` counts effects clamped in any period.
/// Triggered fixes are left out: add_trigger_states applies them.
PeriodSchedule build_schedule(const Chain& base, const FixesFile& fixes, const Scenario& scenario,
                              const EffectDraws& draws, int horizon, std::int64_t& clamped);

/// Whether any fix of the scenario is triggered or limited to a range of time in stage (and so
/// needs add_trigger_states).
bool acts_by_time_in_stage(const FixesFile& fixes, const Scenario& scenario);

/// Adds to one segment's chain, and to its schedule from build_schedule, the states the
/// scenario's triggered fixes need (docs/ARCHITECTURE.md, "Triggered fixes"): for a trigger on
/// stage S firing in period q = after + 1 in S, S gets untreated states for its periods 1 ..
/// U (one per period until the last, which customers stay in; U ≥ q + 1, so nobody fires twice
/// in one stay) and treated copies for periods q .. while the effect lasts, whose rows carry
/// the fix's effects at its ramp share (× the fade). New states come after every existing
/// one, so the model's states keep their indices (and their random streams). Each trigger is
/// listed in schedule.triggers. `clamped` counts effects clamped in any treated row.
/// A fix limited to periods A..B of time in stage (`time_in_stage: "A-B"`) gives its stage one
/// untreated state per period up to B + 1 and writes its effects into the rows of A..B; ranges
/// are laid out before a stage's rules, whose treated copies keep what the ranges changed.
/// Last, a rule that fires once per customer gets copies of the states its customers reach
/// after firing (scenario/fired_copies.hpp).
/// Returns 0, or the states the chain would need when the copies for once-per-customer rules
/// would take it past `max_states` (nothing more is built; the chain is then unusable). The
/// layout before them is bounded by the caller with trigger_state_count.
[[nodiscard]] Eigen::Index add_trigger_states(const FixesFile& fixes, const Scenario& scenario, const EffectDraws& draws,
                                              Chain& chain, PeriodSchedule& schedule, std::int64_t& clamped,
                                              Eigen::Index max_states);

/// How many states `chain` has once add_trigger_states has laid out the scenario's rules over
/// `horizon` periods, counted without building them (a cooldown can ask for thousands, and
/// building them costs the square of the count per firing). The copies a rule that fires once
/// per customer adds afterwards (scenario/fired_copies.hpp, at most as many again) are not
/// counted.
Eigen::Index trigger_state_count(const FixesFile& fixes, const Scenario& scenario, const Chain& chain, int horizon);

}  // namespace journeysim
