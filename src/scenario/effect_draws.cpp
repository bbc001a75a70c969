#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/triangle_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <algorithm>

#include "journeysim/model/limits.hpp"
#include "journeysim/rng/distributions.hpp"
#include "journeysim/scenario/scenario.hpp"

namespace journeysim {

double draw_value(const Distribution& distribution, Stream& stream) {
  using Kind = Distribution::Kind;
  const auto& p = distribution.parameters;
  switch (distribution.kind) {
    case Kind::constant: return p[0];
    case Kind::normal:
      if (p[1] == 0) return p[0];
      return boost::random::normal_distribution<double>(p[0], p[1])(stream);
    case Kind::lognormal:
      if (p[1] == 0) return std::exp(p[0]);
      return boost::random::lognormal_distribution<double>(p[0], p[1])(stream);
    case Kind::uniform:
      if (p[0] == p[1]) return p[0];
      return boost::random::uniform_real_distribution<double>(p[0], p[1])(stream);
    case Kind::triangular:
      if (p[0] == p[2]) return p[0];
      return boost::random::triangle_distribution<double>(p[0], p[1], p[2])(stream);
    case Kind::pert: {
      if (p[0] == p[2]) return p[0];
      // PERT(min, mode, max) = min + (max − min)·Beta(α, β), α = 1 + 4(mode−min)/(max−min).
      const double range = p[2] - p[0];
      const double alpha = 1 + 4 * (p[1] - p[0]) / range;
      const double beta = 1 + 4 * (p[2] - p[1]) / range;
      return p[0] + range * draw_beta(alpha, beta, stream);
    }
    case Kind::beta: return draw_beta(p[0], p[1], stream);
  }
  return p[0];
}

namespace {

/// FNV-1a of a fix id: keying by id (not position) keeps a fix's draws when others are added.
std::uint64_t id_hash(const std::string& id) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : id) hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

}  // namespace

EffectDraws draw_effects(const FixesFile& fixes, std::uint64_t seed, std::uint64_t replicate) {
  EffectDraws draws(fixes.fixes.size());
  for (std::size_t f = 0; f < fixes.fixes.size(); ++f) {
    Stream stream(StreamKey{seed, replicate, id_hash(fixes.fixes[f].id), Purpose::fix_effect});
    for (const auto& effect : fixes.fixes[f].effects) draws[f].push_back(draw_value(effect.value, stream));
  }
  return draws;
}

CostDraws draw_costs(const FixesFile& fixes, std::uint64_t seed, std::uint64_t replicate) {
  CostDraws costs(fixes.fixes.size());
  for (std::size_t f = 0; f < fixes.fixes.size(); ++f) {
    const FixCost& cost = fixes.fixes[f].cost;
    if (!cost.uncertain()) {
      const CostValues c = cost.mean();  // constants: no stream (capped: a tornado may pin a quantile)
      costs[f] = {std::min(c.upfront, limits::amount), std::min(c.per_period, limits::amount),
                  std::min(c.per_customer, limits::amount), std::min(c.per_trigger, limits::amount)};
      continue;
    }
    Stream stream(StreamKey{seed, replicate, id_hash(fixes.fixes[f].id), Purpose::fix_cost});
    // Drawn in this order whatever the kinds: a constant field draws nothing (draw_value).
    const auto capped = [&](const Distribution& d) { return std::min(draw_value(d, stream), limits::amount); };
    costs[f].upfront = capped(cost.upfront);
    costs[f].per_period = capped(cost.per_period);
    costs[f].per_customer = capped(cost.per_customer);
    costs[f].per_trigger = capped(cost.per_trigger);  // last: files without it keep their draws
  }
  return costs;
}

}  // namespace journeysim
