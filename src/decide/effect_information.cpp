// How much learning each uncertain fix effect before funding would be worth (EVPPI), and how
// much of the recommendation's NPV variance it explains.
#include <algorithm>
#include <numeric>

#include "decide_detail.hpp"
#include "journeysim/decide/value_of_information.hpp"
#include "journeysim/scenario/scenario.hpp"

namespace journeysim::decide_detail {

std::vector<std::size_t> information_options(const DecisionResult& result) {
  std::vector<std::size_t> feasible;
  for (std::size_t p = 0; p < result.portfolios.size(); ++p)
    if (result.portfolios[p].feasible) feasible.push_back(p);
  // The best-mean portfolio is first, so the options hold it and EVPPI ≤ EVPI stays exact.
  std::stable_sort(feasible.begin(), feasible.end(), [&](std::size_t a, std::size_t b) {
    return result.portfolios[a].screening.mean > result.portfolios[b].screening.mean;
  });
  if (feasible.size() > max_information_options) feasible.resize(max_information_options);
  std::sort(feasible.begin(), feasible.end());
  return feasible;
}

std::vector<double> effect_draws(const FixesFile& fixes, std::size_t fix, std::size_t effect, std::uint64_t seed,
                                 std::uint64_t first_replicate, std::int64_t replicates) {
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(replicates));
  for (std::int64_t r = 0; r < replicates; ++r)
    values.push_back(draw_effects(fixes, seed, first_replicate + static_cast<std::uint64_t>(r))[fix][effect]);
  return values;
}

namespace {

/// One cost of fix `fix` as drawn for each replicate first_replicate … (keyed streams).
std::vector<double> cost_draws(const FixesFile& fixes, std::size_t fix, const std::string& name, std::uint64_t seed,
                               std::uint64_t first_replicate, std::int64_t replicates) {
  std::vector<double> values;
  values.reserve(static_cast<std::size_t>(replicates));
  for (std::int64_t r = 0; r < replicates; ++r) {
    const CostValues cost = draw_costs(fixes, seed, first_replicate + static_cast<std::uint64_t>(r))[fix];
    values.push_back(name == "upfront"        ? cost.upfront
                     : name == "per_period"   ? cost.per_period
                     : name == "per_customer" ? cost.per_customer
                                              : cost.per_trigger);
  }
  return values;
}

}  // namespace

std::vector<EffectInformation> effect_information(const FixesFile& fixes, const Candidates& candidates,
                                                  const DecisionResult& result,
                                                  const std::vector<std::vector<double>>& npv,
                                                  const std::vector<double>& confirmed_npv, std::uint64_t seed) {
  std::vector<const std::vector<double>*> options;
  for (std::size_t p : information_options(result)) options.push_back(&npv[p]);
  const std::size_t screening = static_cast<std::size_t>(result.screening_replicates);
  const auto confirmation_first =
      static_cast<std::uint64_t>(result.screening_replicates + result.rescore_replicates);
  std::vector<EffectInformation> out;
  for (std::size_t f : candidates.fixes)
    for (std::size_t e = 0; e < fixes.fixes[f].effects.size(); ++e) {
      if (fixes.fixes[f].effects[e].value.kind == Distribution::Kind::constant) continue;
      const auto draws = effect_draws(fixes, f, e, seed, 0, result.screening_replicates);
      EffectInformation info{f, e, "", evppi(conditional_means(draws, options, default_bins(screening))), 0};
      const auto confirmation = effect_draws(fixes, f, e, seed, confirmation_first, result.rescore_replicates);
      info.variance_share = first_order_share(confirmation, confirmed_npv, default_bins(confirmation.size()));
      out.push_back(info);
    }
  // The fixes' uncertain costs, the same way (each drawn once per replicate, shared by every
  // portfolio holding the fix).
  for (std::size_t f : candidates.fixes)
    for (const std::string name : FixCost::names) {
      if (fixes.fixes[f].cost.field(name).kind == Distribution::Kind::constant) continue;
      const auto draws = cost_draws(fixes, f, name, seed, 0, result.screening_replicates);
      EffectInformation info{f, 0, name, evppi(conditional_means(draws, options, default_bins(screening))), 0};
      const auto confirmation = cost_draws(fixes, f, name, seed, confirmation_first, result.rescore_replicates);
      info.variance_share = first_order_share(confirmation, confirmed_npv, default_bins(confirmation.size()));
      out.push_back(info);
    }
  std::stable_sort(out.begin(), out.end(),
                   [](const EffectInformation& a, const EffectInformation& b) { return a.evppi > b.evppi; });
  return out;
}

}  // namespace journeysim::decide_detail
