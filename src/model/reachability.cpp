#include "journeysim/model/reachability.hpp"

#include <deque>

namespace journeysim {
namespace {

/// Breadth-first search over edges with positive probability, forwards or backwards.
std::vector<bool> flood(const std::vector<std::vector<double>>& p, std::deque<StageIndex> frontier,
                        bool backwards) {
  const std::size_t n = p.size();
  std::vector<bool> seen(n, false);
  for (auto s : frontier) seen[s] = true;
  while (!frontier.empty()) {
    const StageIndex s = frontier.front();
    frontier.pop_front();
    for (StageIndex t = 0; t < n; ++t) {
      const double edge = backwards ? p[t][s] : p[s][t];
      if (edge > 0 && !seen[t]) {
        seen[t] = true;
        frontier.push_back(t);
      }
    }
  }
  return seen;
}

}  // namespace

std::vector<bool> stages_reachable_from_population(const Journey& journey,
                                                   const std::vector<std::vector<double>>& p) {
  std::deque<StageIndex> sources;
  for (StageIndex s = 0; s < journey.stages.size(); ++s) {
    const double initial = s < journey.population.initial.size() ? journey.population.initial[s] : 0;
    const double inflow = s < journey.population.inflow.size() ? journey.population.inflow[s] : 0;
    if (initial > 0 || inflow > 0) sources.push_back(s);
  }
  return flood(p, sources, false);
}

std::vector<StageIndex> stages_never_absorbed(const Journey& journey,
                                              const std::vector<std::vector<double>>& p) {
  std::deque<StageIndex> terminals;
  for (StageIndex s = 0; s < journey.stages.size(); ++s)
    if (journey.stages[s].terminal) terminals.push_back(s);
  if (terminals.empty()) return {};
  const auto can_absorb = flood(p, terminals, true);
  std::vector<StageIndex> stuck;
  for (StageIndex s = 0; s < journey.stages.size(); ++s)
    if (!can_absorb[s]) stuck.push_back(s);
  return stuck;
}

}  // namespace journeysim
