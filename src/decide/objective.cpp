// Objectives, budget bases and the statistics of a portfolio's NPV samples.
#include <algorithm>
#include <cmath>

#include "decide_detail.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/stats/summary.hpp"

namespace journeysim {

std::string Objective::name() const {
  switch (kind) {
    case Kind::mean: return "npv";
    case Kind::p10: return "p10";
    case Kind::cvar: return "cvar:" + format_exact(level);
  }
  return "npv";
}

Objective parse_objective(const std::string& text) {
  if (text == "npv") return {};
  if (text == "p10") return {Objective::Kind::p10, 0.1};
  if (text.rfind("cvar:", 0) == 0) {
    const std::string number = text.substr(5);
    double level = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), level);
    if (ec == std::errc() && end == number.data() + number.size() && level > 0 && level < 1)
      return {Objective::Kind::cvar, level};
    throw ConfigError("--objective cvar:LEVEL needs 0 < LEVEL < 1 (e.g. cvar:0.1, the mean of the worst 10%), got '" +
                      number + "'");
  }
  throw ConfigError("unknown --objective '" + text + "' (npv, p10 or cvar:LEVEL)");
}

std::string to_string(BudgetBasis basis) {
  switch (basis) {
    case BudgetBasis::upfront: return "upfront";
    case BudgetBasis::total: return "total";
    case BudgetBasis::total_discounted: return "total-discounted";
  }
  return "total-discounted";
}

std::optional<BudgetBasis> parse_budget_basis(const std::string& text) {
  for (auto basis : {BudgetBasis::upfront, BudgetBasis::total, BudgetBasis::total_discounted})
    if (to_string(basis) == text) return basis;
  return std::nullopt;
}

double known_cost(const Fix& fix, BudgetBasis basis, const Economics& economics) {
  if (fix.start >= economics.horizon) return 0;  // as simulated: no cost falls inside the horizon
  // On the upfront and total bases an uncertain cost counts at its mean (a budget is planned
  // before costs are known); on total-discounted, whose budget is the simulated mean of the
  // drawn costs, only at its minimum, so that this stays a lower bound for pruning.
  const CostValues counted = basis == BudgetBasis::total_discounted ? fix.cost.lowest() : fix.cost.mean();
  if (basis == BudgetBasis::upfront) return counted.upfront;
  const bool discounted = basis == BudgetBasis::total_discounted;
  // The same sum, in the same order, as the simulation's fix costs (run/replicate.cpp).
  double cost = 0;
  for (int t = fix.start; t < economics.horizon; ++t) {
    const double paid = counted.per_period + (t == fix.start ? counted.upfront : 0.0);
    cost += discounted ? paid * economics.discount(t) : paid;
  }
  return cost;
}

namespace decide_detail {

bool ranks_above(double va, double cost_a, std::uint32_t mask_a, double vb, double cost_b, std::uint32_t mask_b) {
  if (va != vb) return va > vb;
  if (cost_a != cost_b) return cost_a < cost_b;
  return mask_a < mask_b;
}

PortfolioStats stats_of(const Samples& samples, const Objective& objective) {
  PortfolioStats stats;
  const QuantileLevels median_only{{0.5}};  // the means and MCSE count here; P10/P90 are read below
  const auto npv = summarize(samples.npv, median_only);
  if (!npv) return stats;
  stats.mean = npv->mean;
  stats.mcse = npv->mcse;
  std::vector<double> sorted = samples.npv;
  std::sort(sorted.begin(), sorted.end());
  stats.p10 = quantile_sorted(sorted, 0.1);
  stats.p50 = quantile_sorted(sorted, 0.5);
  stats.p90 = quantile_sorted(sorted, 0.9);
  const auto worst = static_cast<std::size_t>(
      std::max(1.0, std::ceil(objective.level * static_cast<double>(sorted.size()) - 1e-9)));
  double tail = 0;
  for (std::size_t i = 0; i < worst; ++i) tail += sorted[i];
  stats.cvar = tail / static_cast<double>(worst);
  std::size_t positive = 0;
  for (double v : samples.npv) positive += v > 0 ? 1 : 0;
  stats.p_positive = static_cast<double>(positive) / static_cast<double>(samples.npv.size());
  const auto cost = summarize(samples.cost_pv, median_only);
  stats.cost_pv = cost ? cost->mean : 0.0;
  const auto roi = summarize(samples.roi, median_only);
  stats.roi = roi ? roi->mean : std::nan("");
  const auto payback = summarize(samples.payback, median_only);
  stats.payback = payback ? payback->quantiles.front() : std::nan("");
  switch (objective.kind) {
    case Objective::Kind::mean: stats.objective = stats.mean; break;
    case Objective::Kind::p10: stats.objective = stats.p10; break;
    case Objective::Kind::cvar: stats.objective = stats.cvar; break;
  }
  return stats;
}

}  // namespace decide_detail
}  // namespace journeysim
