// One-way sensitivity of the recommendation to each uncertain fix effect (the tornado).
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>

#include <algorithm>
#include <cmath>

#include "decide_detail.hpp"

namespace journeysim {

double distribution_quantile(const Distribution& d, double q) {
  using Kind = Distribution::Kind;
  const auto& p = d.parameters;
  switch (d.kind) {
    case Kind::constant: return p[0];
    case Kind::normal: return p[1] == 0 ? p[0] : boost::math::quantile(boost::math::normal(p[0], p[1]), q);
    case Kind::lognormal:
      return p[1] == 0 ? std::exp(p[0]) : boost::math::quantile(boost::math::lognormal(p[0], p[1]), q);
    case Kind::uniform: return p[0] + q * (p[1] - p[0]);
    case Kind::triangular:
      return p[0] == p[2] ? p[0] : boost::math::quantile(boost::math::triangular(p[0], p[1], p[2]), q);
    case Kind::pert: {
      if (p[0] == p[2]) return p[0];
      // As drawn (scenario/effect_draws.cpp): min + (max − min)·Beta(α, β).
      const double range = p[2] - p[0];
      const double alpha = 1 + 4 * (p[1] - p[0]) / range, beta = 1 + 4 * (p[2] - p[1]) / range;
      return p[0] + range * boost::math::quantile(boost::math::beta_distribution<double>(alpha, beta), q);
    }
    case Kind::beta: return boost::math::quantile(boost::math::beta_distribution<double>(p[0], p[1]), q);
  }
  return p[0];
}

namespace decide_detail {

std::vector<TornadoBar> tornado_of(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                                   std::uint32_t mask, SimulationSettings settings, const Objective& objective) {
  std::vector<TornadoBar> bars;
  for (std::size_t f : fixes_of(mask, candidates))
    for (std::size_t e = 0; e < fixes.fixes[f].effects.size(); ++e) {
      const Distribution& value = fixes.fixes[f].effects[e].value;
      if (value.kind == Distribution::Kind::constant) continue;
      TornadoBar bar{f, e, "", distribution_quantile(value, 0.1), distribution_quantile(value, 0.9), 0, 0};
      for (const bool high : {false, true}) {
        FixesFile pinned = fixes;  // the same ids: every other draw is unchanged (keyed streams)
        pinned.fixes[f].effects[e].value = Distribution{Distribution::Kind::constant, {high ? bar.high : bar.low}, {}};
        std::vector<PortfolioStats> stats;
        simulate_portfolios(journey, pinned, candidates, {mask}, settings, objective, stats, nullptr);
        (high ? bar.npv_high : bar.npv_low) = stats[0].mean;
      }
      bars.push_back(bar);
    }
  // The fixes' uncertain costs, pinned the same way (costs draw from their own keyed stream).
  for (std::size_t f : fixes_of(mask, candidates)) {
    for (const std::string name : FixCost::names) {
      const Distribution& value = fixes.fixes[f].cost.field(name);
      if (value.kind == Distribution::Kind::constant) continue;
      TornadoBar bar{f, 0, name, distribution_quantile(value, 0.1), distribution_quantile(value, 0.9), 0, 0};
      for (const bool high : {false, true}) {
        FixesFile pinned = fixes;
        pinned.fixes[f].cost.field(name) = Distribution{Distribution::Kind::constant, {high ? bar.high : bar.low}, {}};
        std::vector<PortfolioStats> stats;
        simulate_portfolios(journey, pinned, candidates, {mask}, settings, objective, stats, nullptr);
        (high ? bar.npv_high : bar.npv_low) = stats[0].mean;
      }
      bars.push_back(bar);
    }
  }
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    return std::fabs(a.npv_high - a.npv_low) > std::fabs(b.npv_high - b.npv_low);
  });
  return bars;
}

std::vector<EconomicsSwing> economics_tornado_of(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                                                 std::uint32_t mask, const SimulationSettings& settings,
                                                 const Objective& objective) {
  if (mask == 0) return {};  // funding nothing is worth 0 under any assumption
  const double rate = journey.info.discount_rate_annual, margin = journey.info.gross_margin;
  // Rounded to 12 decimals: 0.1 + 0.05 is written 0.15, not 0.15000000000000002.
  const auto tidy = [](double v) { return std::round(v * 1e12) / 1e12; };
  std::vector<EconomicsSwing> swings{
      {"discount_rate", rate, tidy(std::max(0.0, rate - 0.05)), tidy(rate + 0.05), 0, 0},
      {"gross_margin", margin, tidy(std::max(0.0, margin - 0.10)), tidy(std::min(1.0, margin + 0.10)), 0, 0}};
  for (EconomicsSwing& swing : swings)
    for (const bool high : {false, true}) {
      Journey pinned = journey;  // the same seed and replicates: common random numbers
      (swing.input == "discount_rate" ? pinned.info.discount_rate_annual : pinned.info.gross_margin) =
          high ? swing.high : swing.low;
      std::vector<PortfolioStats> stats;
      simulate_portfolios(pinned, fixes, candidates, {mask}, settings, objective, stats, nullptr);
      (high ? swing.npv_high : swing.npv_low) = stats[0].mean;
    }
  return swings;
}

}  // namespace decide_detail
}  // namespace journeysim
