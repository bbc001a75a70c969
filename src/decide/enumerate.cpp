// The candidates and the constraints that need no simulation.
#include <algorithm>
#include <bit>

#include "decide_detail.hpp"

namespace journeysim::decide_detail {
namespace {

std::uint32_t mask_of(const std::vector<std::size_t>& file_fixes, const std::vector<std::size_t>& candidates) {
  std::uint32_t mask = 0;
  for (auto f : file_fixes)
    for (std::size_t i = 0; i < candidates.size(); ++i)
      if (candidates[i] == f) mask |= std::uint32_t{1} << i;
  return mask;
}

}  // namespace

Candidates candidates_of(const FixesFile& fixes, const DecisionSettings& settings, const Economics& economics) {
  const DecisionRules& rules = fixes.decision;
  Candidates out;
  for (std::size_t f = 0; f < fixes.fixes.size(); ++f)
    if (std::find(rules.excluded.begin(), rules.excluded.end(), f) == rules.excluded.end()) out.fixes.push_back(f);
  if (out.fixes.size() > max_decide_candidates) return out;  // decide() refuses with the count
  out.required = mask_of(rules.required, out.fixes);
  for (const auto& group : rules.exclusive) {
    const std::uint32_t mask = mask_of(group, out.fixes);
    if (std::popcount(mask) > 1) out.exclusive.push_back(mask);
  }
  for (const auto& cap : rules.capacity) {
    std::vector<std::size_t> owned;
    for (auto f : out.fixes)
      if (fixes.fixes[f].owner == cap.owner) owned.push_back(f);
    out.capacity.emplace_back(mask_of(owned, out.fixes), cap.limit);
  }
  for (auto f : out.fixes) out.known_cost.push_back(known_cost(fixes.fixes[f], settings.basis, economics));
  return out;
}

bool structurally_feasible(std::uint32_t mask, const Candidates& candidates, const DecisionSettings& settings) {
  if ((mask & candidates.required) != candidates.required) return false;
  if (settings.max_fixes > 0 && std::popcount(mask) > settings.max_fixes) return false;
  for (auto group : candidates.exclusive)
    if (std::popcount(mask & group) > 1) return false;
  for (const auto& [owned, limit] : candidates.capacity)
    if (std::popcount(mask & owned) > limit) return false;
  double cost = 0;
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i)
    if (mask & (std::uint32_t{1} << i)) cost += candidates.known_cost[i];
  // The known part is a lower bound of the PV basis, summed in another order: a hair of slack.
  return cost <= settings.budget * (1 + 1e-12);
}

std::vector<std::size_t> fixes_of(std::uint32_t mask, const Candidates& candidates) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i)
    if (mask & (std::uint32_t{1} << i)) out.push_back(candidates.fixes[i]);
  return out;
}

}  // namespace journeysim::decide_detail
