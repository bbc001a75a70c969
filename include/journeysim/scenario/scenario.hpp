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
PeriodSchedule build_schedule(const Chain& base, const FixesFile& fixes, const Scenario& scenario,
                              const EffectDraws& draws, int horizon, std::int64_t& clamped);

}  // namespace journeysim
