// The decision: enumerate, screen, re-score the leaders on fresh replicates, pick, explain.
#include "journeysim/decide/decide.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>

#include "decide_detail.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/stats/summary.hpp"

namespace journeysim {
namespace {

using namespace decide_detail;

std::string money(double value, const Journey& journey) { return format_money(value, journey.info.currency); }

void check_settings(const Journey& journey, const FixesFile& fixes, const DecisionSettings& settings,
                    const Candidates& candidates) {
  if (!(settings.budget > 0) || !std::isfinite(settings.budget))
    throw ConfigError("--budget must be a positive amount, got " + format_exact(settings.budget));
  if (settings.max_fixes < 0) throw ConfigError("--max-fixes must be at least 1");
  if (candidates.fixes.empty()) throw ConfigError("decide needs at least one fix that is not excluded");
  if (candidates.fixes.size() > max_decide_candidates)
    throw ConfigError("decide searches every portfolio exactly and takes at most " +
                      std::to_string(max_decide_candidates) + " candidate fixes; this file has " +
                      std::to_string(candidates.fixes.size()) +
                      " (list the others under decision: excluded, or split the decision)");
  double cheapest = candidates.known_cost[0];
  std::size_t which = 0;
  for (std::size_t i = 1; i < candidates.known_cost.size(); ++i)
    if (candidates.known_cost[i] < cheapest) cheapest = candidates.known_cost[i], which = i;
  if (cheapest > settings.budget)
    throw ConfigError("the budget of " + money(settings.budget, journey) + " is below the cost of every fix (" +
                      to_string(settings.basis) + " basis; the cheapest, '" + fixes.fixes[candidates.fixes[which]].id +
                      "', costs " + (settings.basis == BudgetBasis::total_discounted ? "at least " : "") +
                      money(cheapest, journey) +
                      (settings.basis == BudgetBasis::total_discounted
                           ? ": its upfront and per-period costs at their lowest, before per-customer costs"
                           : "") +
                      ")");
  double required = 0;
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i)
    if (candidates.required & (std::uint32_t{1} << i)) required += candidates.known_cost[i];
  const SourceLocation& where = fixes.decision.required_where;
  if (required > settings.budget * (1 + 1e-12))
    throw InputError("the required fixes cost " + money(required, journey) + " (" + to_string(settings.basis) +
                         " basis), above the budget of " + money(settings.budget, journey),
                     where);
  if (settings.max_fixes > 0 && std::popcount(candidates.required) > settings.max_fixes)
    throw InputError(std::to_string(std::popcount(candidates.required)) + " fixes are required, above --max-fixes " +
                         std::to_string(settings.max_fixes),
                     where);
}

/// Every structurally feasible portfolio, plus every single fix and pair (for the
/// prioritisation table and the interactions), in mask order.
std::vector<std::uint32_t> portfolios_to_screen(const Candidates& candidates, const DecisionSettings& settings) {
  const std::size_t n = candidates.fixes.size();
  std::vector<std::uint32_t> masks;
  for (std::uint64_t m = 0; m < (std::uint64_t{1} << n); ++m) {
    const auto mask = static_cast<std::uint32_t>(m);
    if (std::popcount(mask) <= 2 || structurally_feasible(mask, candidates, settings)) masks.push_back(mask);
    if (masks.size() > max_decide_portfolios)
      throw ConfigError("more than " + std::to_string(max_decide_portfolios) +
                        " portfolios meet the constraints; lower --max-fixes or the budget, or exclude fixes");
  }
  return masks;
}

double budget_cost(std::uint32_t mask, const Candidates& candidates, const DecisionSettings& settings,
                   const PortfolioStats& stats) {
  if (settings.basis == BudgetBasis::total_discounted) return stats.cost_pv;
  double cost = 0;
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i)
    if (mask & (std::uint32_t{1} << i)) cost += candidates.known_cost[i];
  return cost;
}

bool within(double cost, double budget) { return cost <= budget * (1 + 1e-12); }

/// The risk constraint; funding nothing carries no risk and always meets it.
bool risk_ok(const PortfolioResult& p, const PortfolioStats& stats, const DecisionSettings& settings) {
  return p.mask == 0 || !settings.min_p_positive || stats.p_positive >= *settings.min_p_positive;
}

bool better(const PortfolioResult& a, const PortfolioStats& sa, const PortfolioResult& b, const PortfolioStats& sb) {
  return ranks_above(sa.objective, a.budget_cost, a.mask, sb.objective, b.budget_cost, b.mask);
}

/// The top `leaders` feasible portfolios (screening) at each budget level, merged.
std::vector<std::size_t> choose_leaders(const DecisionResult& result, const DecisionSettings& settings) {
  std::vector<std::size_t> feasible;
  for (std::size_t p = 0; p < result.portfolios.size(); ++p)
    if (result.portfolios[p].feasible) feasible.push_back(p);
  const auto& all = result.portfolios;
  std::sort(feasible.begin(), feasible.end(), [&](std::size_t a, std::size_t b) {
    return better(all[a], all[a].screening, all[b], all[b].screening);
  });
  std::vector<std::size_t> leaders;
  for (int k = 1; k <= settings.budget_levels; ++k) {
    const double level = settings.budget * k / settings.budget_levels;
    std::size_t taken = 0;
    for (std::size_t p : feasible) {
      if (taken == settings.leaders) break;
      if (!within(all[p].budget_cost, level)) continue;
      ++taken;
      if (std::find(leaders.begin(), leaders.end(), p) == leaders.end()) leaders.push_back(p);
    }
  }
  std::sort(leaders.begin(), leaders.end());
  return leaders;
}

/// Best leader (re-scored values) within `budget` meeting the risk constraint on fresh replicates.
std::optional<std::size_t> best_leader(const DecisionResult& result, double budget, const DecisionSettings& settings) {
  std::optional<std::size_t> best;
  for (std::size_t p : result.leaders) {
    const PortfolioResult& candidate = result.portfolios[p];
    if (!within(candidate.budget_cost, budget) || !risk_ok(candidate, *candidate.rescored, settings)) continue;
    if (!best || better(candidate, *candidate.rescored, result.portfolios[*best], *result.portfolios[*best].rescored))
      best = p;
  }
  return best;
}

void pick(DecisionResult& result, const DecisionSettings& settings) {
  for (int k = 1; k <= settings.budget_levels; ++k) {
    const double level = settings.budget * k / settings.budget_levels;
    if (const auto best = best_leader(result, level, settings)) result.frontier.push_back({level, *best});
  }
  const auto best = best_leader(result, settings.budget, settings);
  if (!best)
    throw ConfigError("no portfolio meets the risk constraint on the re-scoring replicates; lower --min-p-positive");
  result.recommended = *best;
  std::optional<std::size_t> screening;
  for (std::size_t p = 0; p < result.portfolios.size(); ++p)
    if (result.portfolios[p].feasible &&
        (!screening || better(result.portfolios[p], result.portfolios[p].screening, result.portfolios[*screening],
                              result.portfolios[*screening].screening)))
      screening = p;
  result.screening_best = *screening;
}

/// Best screening objective over feasible portfolios with (holds = true) or without fix bit i.
std::optional<double> best_with(const DecisionResult& result, std::uint32_t bit, bool holds) {
  std::optional<double> best;
  for (const auto& p : result.portfolios)
    if (p.feasible && ((p.mask & bit) != 0) == holds && (!best || p.screening.objective > *best))
      best = p.screening.objective;
  return best;
}

/// For each screening replicate, the feasible portfolio with the highest NPV (ties: first).
std::vector<std::size_t> best_per_replicate(const DecisionResult& result, const std::vector<std::vector<double>>& npv) {
  std::vector<std::size_t> best(static_cast<std::size_t>(result.screening_replicates), result.portfolios.size());
  for (std::size_t r = 0; r < best.size(); ++r)
    for (std::size_t p = 0; p < result.portfolios.size(); ++p)
      if (result.portfolios[p].feasible && (best[r] == result.portfolios.size() || npv[p][r] > npv[best[r]][r]))
        best[r] = p;
  return best;
}

std::size_t index_of(const DecisionResult& result, std::uint32_t mask) {
  const auto it = std::lower_bound(result.portfolios.begin(), result.portfolios.end(), mask,
                                   [](const PortfolioResult& p, std::uint32_t m) { return p.mask < m; });
  return static_cast<std::size_t>(it - result.portfolios.begin());
}

void explain_fixes(DecisionResult& result, const Candidates& candidates, const std::vector<std::vector<double>>& npv,
                   const std::vector<double>& reach, const std::vector<double>& margin) {
  const std::vector<std::size_t> best = best_per_replicate(result, npv);
  const PortfolioResult& chosen = result.portfolios[result.recommended];
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i) {
    const std::uint32_t bit = std::uint32_t{1} << i;
    FixDecision fix;
    fix.fix = candidates.fixes[i];
    fix.recommended = (chosen.mask & bit) != 0;
    double in = 0;
    for (std::size_t b : best) in += (result.portfolios[b].mask & bit) ? 1.0 : 0.0;
    fix.p_in_optimal = in / static_cast<double>(best.size());
    const auto other = best_with(result, bit, !fix.recommended);
    const double lost = other ? chosen.screening.objective - *other : std::nan("");
    (fix.recommended ? fix.replacement_cost : fix.forcing_cost) = lost;
    const PortfolioResult& alone = result.portfolios[index_of(result, bit)];
    fix.alone = alone.screening;
    fix.budget_cost = alone.budget_cost;
    fix.reach = reach[i];
    fix.impact = reach[i] > 0 ? margin[i] / reach[i] : std::nan("");
    result.fixes.push_back(fix);
  }
}

void find_interactions(DecisionResult& result, const Candidates& candidates, const std::vector<std::vector<double>>& npv) {
  const std::size_t n = candidates.fixes.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const std::uint32_t a = std::uint32_t{1} << i, b = std::uint32_t{1} << j;
      const auto& both = npv[index_of(result, a | b)];
      const auto& first = npv[index_of(result, a)];
      const auto& second = npv[index_of(result, b)];
      std::vector<double> extra(both.size());
      for (std::size_t r = 0; r < both.size(); ++r) extra[r] = both[r] - first[r] - second[r];
      const QuantileLevels median_only{{0.5}};
      const auto s = summarize(extra, median_only);
      const double scale = std::fabs(summarize(first, median_only)->mean) + std::fabs(summarize(second, median_only)->mean);
      if (s && std::fabs(s->mean) > 2 * s->mcse && std::fabs(s->mean) > 1e-9 * scale)
        result.interactions.push_back({candidates.fixes[i], candidates.fixes[j], s->mean, s->mcse});
    }
  std::stable_sort(result.interactions.begin(), result.interactions.end(),
                   [](const Interaction& x, const Interaction& y) { return std::fabs(x.mean) > std::fabs(y.mean); });
}

/// E_r[max_p NPV_p(r)] − max_p E_r[NPV_p] over feasible portfolios and screening replicates.
double expected_value_of_perfect_information(const DecisionResult& result, const std::vector<std::vector<double>>& npv) {
  const std::vector<std::size_t> best = best_per_replicate(result, npv);
  double with_information = 0;
  for (std::size_t r = 0; r < best.size(); ++r) with_information += npv[best[r]][r];
  with_information /= static_cast<double>(best.size());
  double without = -std::numeric_limits<double>::infinity();
  for (const auto& p : result.portfolios)
    if (p.feasible) without = std::max(without, p.screening.mean);
  return with_information - without;
}

/// Values the frontier's portfolios on replicates [R + R', R + 2R'), which no choice saw.
/// Returns the recommendation's NPV per confirmation replicate.
std::vector<double> confirm(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                            SimulationSettings fresh, const DecisionSettings& settings, DecisionResult& result,
                            const std::function<void(double)>& advanced) {
  std::vector<std::size_t> chosen{result.recommended};
  for (const auto& point : result.frontier)
    if (std::find(chosen.begin(), chosen.end(), point.portfolio) == chosen.end()) chosen.push_back(point.portfolio);
  std::sort(chosen.begin(), chosen.end());
  std::vector<std::uint32_t> masks;
  for (auto p : chosen) masks.push_back(result.portfolios[p].mask);
  fresh.first_replicate += static_cast<std::uint64_t>(fresh.replicates);
  std::vector<PortfolioStats> stats;
  auto npv = simulate_portfolios(journey, fixes, candidates, masks, fresh, settings.objective, stats, advanced);
  for (std::size_t k = 0; k < chosen.size(); ++k) result.portfolios[chosen[k]].confirmed = stats[k];
  result.tornado = tornado_of(journey, fixes, candidates, result.portfolios[result.recommended].mask, fresh,
                              settings.objective);
  result.economics_tornado = economics_tornado_of(journey, fixes, candidates, result.portfolios[result.recommended].mask,
                                                  fresh, settings.objective);
  const auto recommended = std::find(chosen.begin(), chosen.end(), result.recommended) - chosen.begin();
  return std::move(npv[static_cast<std::size_t>(recommended)]);
}

}  // namespace

DecisionResult decide(const Journey& journey, const FixesFile& fixes, const DecisionSettings& settings) {
  const int horizon = settings.simulation.horizon > 0 ? settings.simulation.horizon : journey.info.horizon;
  Economics economics = economics_of(journey, horizon);
  economics.prepare();
  const Candidates candidates = candidates_of(fixes, settings, economics);
  check_settings(journey, fixes, settings, candidates);
  const std::vector<std::uint32_t> masks = portfolios_to_screen(candidates, settings);
  // Every screened portfolio keeps its NPV per screening replicate (8 bytes each).
  const double bytes = 8.0 * static_cast<double>(masks.size()) * static_cast<double>(settings.simulation.replicates);
  if (bytes > max_decide_bytes)
    throw ConfigError("screening " + std::to_string(masks.size()) + " portfolios on " +
                      std::to_string(settings.simulation.replicates) + " replicates would hold " +
                      format_grouped(bytes / 1e9, 1) + " GB; lower --replicates (and raise --rescore-replicates) "
                      "or narrow the search with --max-fixes");
  SimulationSettings screen = settings.simulation;
  screen.first_replicate = 0;
  const SimulationSettings profile = [&] {
    SimulationSettings s = screen;
    s.replicates = std::min<std::int64_t>(screen.replicates, 256);
    return s;
  }();
  SimulationSettings fresh = screen;
  fresh.first_replicate = static_cast<std::uint64_t>(screen.replicates);
  fresh.replicates = settings.rescore_replicates > 0 ? settings.rescore_replicates : screen.replicates;
  const double planned = static_cast<double>(masks.size()) * static_cast<double>(screen.replicates) +
                         static_cast<double>(2 * settings.leaders * static_cast<std::size_t>(fresh.replicates)) +
                         static_cast<double>(candidates.fixes.size() * static_cast<std::size_t>(profile.replicates));
  double done = 0;
  const auto advanced = [&](double amount) {
    done += amount;
    if (settings.progress) settings.progress(done, planned);
  };

  DecisionResult result;
  result.candidates = candidates.fixes.size();
  result.horizon = horizon;
  result.screening_replicates = screen.replicates;
  result.rescore_replicates = fresh.replicates;
  std::vector<PortfolioStats> stats;
  const auto npv = simulate_portfolios(journey, fixes, candidates, masks, screen, settings.objective, stats, advanced);
  for (std::size_t p = 0; p < masks.size(); ++p) {
    PortfolioResult portfolio;
    portfolio.mask = masks[p];
    portfolio.fixes = fixes_of(masks[p], candidates);
    portfolio.screening = stats[p];
    portfolio.budget_cost = budget_cost(masks[p], candidates, settings, stats[p]);
    portfolio.feasible = structurally_feasible(masks[p], candidates, settings) &&
                         within(portfolio.budget_cost, settings.budget) && risk_ok(portfolio, stats[p], settings);
    result.feasible_count += portfolio.feasible ? 1 : 0;
    result.portfolios.push_back(std::move(portfolio));
  }
  if (result.feasible_count == 0)
    throw ConfigError("no portfolio meets every constraint within the budget of " + money(settings.budget, journey) +
                      " (" + to_string(settings.basis) + " basis)");
  result.leaders = choose_leaders(result, settings);
  std::vector<std::uint32_t> leader_masks;
  for (auto p : result.leaders) leader_masks.push_back(result.portfolios[p].mask);
  std::vector<PortfolioStats> rescored;
  simulate_portfolios(journey, fixes, candidates, leader_masks, fresh, settings.objective, rescored, advanced);
  for (std::size_t k = 0; k < result.leaders.size(); ++k) result.portfolios[result.leaders[k]].rescored = rescored[k];
  pick(result, settings);
  const std::vector<double> confirmed_npv = confirm(journey, fixes, candidates, fresh, settings, result, advanced);

  std::vector<double> margin;
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i) {
    const PortfolioStats& alone = result.portfolios[index_of(result, std::uint32_t{1} << i)].screening;
    margin.push_back(alone.mean + alone.cost_pv);  // incremental margin PV = NPV + cost PV
  }
  const std::vector<double> reach = reach_of(journey, fixes, candidates, profile);
  advanced(static_cast<double>(candidates.fixes.size() * static_cast<std::size_t>(profile.replicates)));
  explain_fixes(result, candidates, npv, reach, margin);
  find_interactions(result, candidates, npv);
  result.evpi = expected_value_of_perfect_information(result, npv);
  result.information = effect_information(fixes, candidates, result, npv, confirmed_npv, settings.simulation.seed);
  result.pilot = best_pilot(journey, fixes, result, npv, settings.simulation.seed);
  result.model_tornado = model_swings(journey, horizon, settings.simulation.seed,
                                      static_cast<std::uint64_t>(result.screening_replicates + result.rescore_replicates),
                                      confirmed_npv);
  return result;
}

}  // namespace journeysim
