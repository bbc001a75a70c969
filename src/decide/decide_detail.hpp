#pragma once
// Private to decide: the steps of the decision (enumeration, simulation, statistics).
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "journeysim/decide/decide.hpp"

namespace journeysim::decide_detail {

/// The fixes that may be funded (not excluded), in file order; bit i of a mask is candidates[i].
struct Candidates {
  std::vector<std::size_t> fixes;
  std::uint32_t required = 0;  ///< mask of required fixes
  std::vector<std::uint32_t> exclusive;  ///< masks of exclusive groups (excluded fixes dropped)
  std::vector<std::pair<std::uint32_t, int>> capacity;  ///< mask of an owner's fixes, its limit
  std::vector<double> known_cost;  ///< per candidate: known_cost on the basis
};

Candidates candidates_of(const FixesFile& fixes, const DecisionSettings& settings, const Economics& economics);

/// Meets every constraint that needs no simulation (required, exclusive, capacity,
/// --max-fixes, the known part of the cost within the budget).
bool structurally_feasible(std::uint32_t mask, const Candidates& candidates, const DecisionSettings& settings);

/// File indices of the fixes of a mask, in file order.
std::vector<std::size_t> fixes_of(std::uint32_t mask, const Candidates& candidates);

/// Statistics of a portfolio's replicates. npv of the empty portfolio is 0 in every replicate.
struct Samples {
  std::vector<double> npv, cost_pv, roi, payback;
};
PortfolioStats stats_of(const Samples& samples, const Objective& objective);

/// Simulates `portfolios` (masks; 0 = fund nothing, not simulated: NPV 0) over the replicates
/// of `settings` (first_replicate, replicates) in chunks whose results depend neither on the
/// chunk size nor on the thread count. Fills `stats` and returns each portfolio's NPV samples.
std::vector<std::vector<double>> simulate_portfolios(const Journey& journey, const FixesFile& fixes,
                                                     const Candidates& candidates,
                                                     const std::vector<std::uint32_t>& portfolios,
                                                     SimulationSettings settings, const Objective& objective,
                                                     std::vector<PortfolioStats>& stats,
                                                     const std::function<void(double)>& advanced);

/// Per candidate: mean customer-periods in its affected stages from its start (the fix alone),
/// over the first `replicates` screening replicates.
std::vector<double> reach_of(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                             SimulationSettings settings);

/// The tornado of portfolio `mask` over the replicates of `settings`.
/// The recommendation re-simulated with the discount rate and the gross margin at each end of
/// their ranges (EconomicsSwing).
std::vector<EconomicsSwing> economics_tornado_of(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                                                 std::uint32_t mask, const SimulationSettings& settings,
                                                 const Objective& objective);

std::vector<TornadoBar> tornado_of(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                                   std::uint32_t mask, SimulationSettings settings, const Objective& objective);

/// Most portfolios the value of information compares (the best by screening mean NPV): the
/// max over the rest rarely changes and would cost portfolios × replicates per input.
inline constexpr std::size_t max_information_options = 256;

/// The feasible portfolios the value of information compares, by index, the best-mean one among them.
std::vector<std::size_t> information_options(const DecisionResult& result);

/// Effect `effect` of fix `fix` as drawn in replicates [first, first + replicates).
std::vector<double> effect_draws(const FixesFile& fixes, std::size_t fix, std::size_t effect, std::uint64_t seed,
                                 std::uint64_t first_replicate, std::int64_t replicates);

/// EVPPI (screening replicates) and variance share of the recommendation's NPV (its samples on
/// the confirmation replicates) of every uncertain effect of a candidate, largest EVPPI first.
std::vector<EffectInformation> effect_information(const FixesFile& fixes, const Candidates& candidates,
                                                  const DecisionResult& result,
                                                  const std::vector<std::vector<double>>& npv,
                                                  const std::vector<double>& confirmed_npv, std::uint64_t seed);

/// The A/B pilot of the transition effect with the largest EVPPI that maximises its expected
/// net benefit; nullopt when no candidate has an uncertain transition effect.
std::optional<Pilot> best_pilot(const Journey& journey, const FixesFile& fixes, const DecisionResult& result,
                                const std::vector<std::vector<double>>& npv, std::uint64_t seed);

/// Most chain states (all segments) whose drawn rows the tornado reads per replicate: a
/// propensity's derived rows can reach 1,000 states, copied per replicate.
inline constexpr std::size_t max_swing_states = 400;

/// The tornado's model inputs (drawn transition cells, propensities, inflow levels) against the
/// recommendation's NPV per replicate `npv` of replicates [first, first + npv.size()), widest
/// swing first; empty when the model draws nothing or has more than max_swing_states states.
std::vector<ModelSwing> model_swings(const Journey& journey, int horizon, std::uint64_t seed, std::uint64_t first,
                                     const std::vector<double>& npv);

/// True when portfolio a ranks above b on objective values va, vb (ties: lower cost, then lower mask).
bool ranks_above(double va, double cost_a, std::uint32_t mask_a, double vb, double cost_b, std::uint32_t mask_b);

}  // namespace journeysim::decide_detail
