// Portfolios as scenarios of the ordinary Monte Carlo run (run/simulation.hpp), in chunks.
#include <algorithm>

#include "decide_detail.hpp"

namespace journeysim::decide_detail {
namespace {

Scenario scenario_of(std::uint32_t mask, const FixesFile& fixes, const Candidates& candidates) {
  Scenario scenario;
  scenario.kind = Scenario::Kind::portfolio;
  scenario.fixes = fixes_of(mask, candidates);
  for (auto f : scenario.fixes) {
    scenario.fix_ids.push_back(fixes.fixes[f].id);
    scenario.id += (scenario.id.empty() ? "" : "+") + fixes.fixes[f].id;
  }
  scenario.name = scenario.id;
  return scenario;
}

Scenario baseline() { return {"baseline", "Baseline (no fix)", Scenario::Kind::baseline, {}, {}, ""}; }

/// Portfolios per run: bounded so a chunk's stored metrics stay near 256 MB. The results do
/// not depend on it (each scenario's numbers are keyed by replicate, segment and fix).
std::size_t chunk_size(const Journey& journey, std::int64_t replicates) {
  const double views = journey.segments.empty() ? 1.0 : static_cast<double>(journey.segments.size()) + 1.0;
  const double per_portfolio = views * static_cast<double>(replicates) * sizeof(ReplicateMetrics);
  return static_cast<std::size_t>(std::clamp(256e6 / per_portfolio, 1.0, 512.0));
}

}  // namespace

std::vector<std::vector<double>> simulate_portfolios(const Journey& journey, const FixesFile& fixes,
                                                     const Candidates& candidates,
                                                     const std::vector<std::uint32_t>& portfolios,
                                                     SimulationSettings settings, const Objective& objective,
                                                     std::vector<PortfolioStats>& stats,
                                                     const std::function<void(double)>& advanced) {
  settings.store_trajectories = false;
  settings.precision = 0;
  settings.progress = nullptr;
  const auto replicates = static_cast<std::size_t>(settings.replicates);
  std::vector<std::vector<double>> npv(portfolios.size());
  stats.assign(portfolios.size(), PortfolioStats{});
  const std::size_t chunk = chunk_size(journey, settings.replicates);
  for (std::size_t first = 0; first < portfolios.size(); first += chunk) {
    const std::size_t last = std::min(portfolios.size(), first + chunk);
    std::vector<Scenario> scenarios{baseline()};
    std::vector<std::size_t> slots;
    for (std::size_t p = first; p < last; ++p) {
      if (portfolios[p] == 0) continue;  // funding nothing: NPV 0 by definition
      scenarios.push_back(scenario_of(portfolios[p], fixes, candidates));
      slots.push_back(p);
    }
    if (slots.empty()) continue;
    const SimulationResult result = run_simulation(journey, fixes, scenarios, settings);
    for (std::size_t k = 0; k < slots.size(); ++k) {
      Samples samples;
      for (const ReplicateMetrics& m : result.scenarios[k + 1].metrics.back()) {
        samples.npv.push_back(m.npv);
        samples.cost_pv.push_back(m.cost_pv);
        samples.roi.push_back(m.roi);
        samples.payback.push_back(m.payback_period);
      }
      stats[slots[k]] = stats_of(samples, objective);
      npv[slots[k]] = std::move(samples.npv);
    }
    if (advanced) advanced(static_cast<double>(slots.size() * replicates));
  }
  for (std::size_t p = 0; p < portfolios.size(); ++p) {
    if (portfolios[p] != 0) continue;
    Samples nothing{std::vector<double>(replicates, 0.0), std::vector<double>(replicates, 0.0), {}, {}};
    stats[p] = stats_of(nothing, objective);
    npv[p] = std::move(nothing.npv);
  }
  return npv;
}

std::vector<double> reach_of(const Journey& journey, const FixesFile& fixes, const Candidates& candidates,
                             SimulationSettings settings) {
  settings.precision = 0;
  settings.progress = nullptr;
  settings.store_trajectories = true;
  std::vector<Scenario> scenarios{baseline()};
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i)
    scenarios.push_back(scenario_of(std::uint32_t{1} << i, fixes, candidates));
  const SimulationResult result = run_simulation(journey, fixes, scenarios, settings);
  const std::size_t stages = result.stage_ids.size();
  std::vector<double> reach;
  for (std::size_t i = 0; i < candidates.fixes.size(); ++i) {
    const Fix& fix = fixes.fixes[candidates.fixes[i]];
    const ScenarioOutcome& outcome = result.scenarios[i + 1];
    // The whole population's view (the last), or for a fix limited to segments the views of
    // the segments it reaches (segments come first, then "all").
    std::vector<std::size_t> views{result.view_ids.size() - 1};
    if (!fix.segments.empty()) {
      views.clear();
      for (std::size_t v = 0; v + 1 < result.view_ids.size(); ++v)
        if (fix.reaches(result.view_ids[v])) views.push_back(v);
    }
    double total = 0;
    if (fix.trigger) {
      // A rule reaches the customers it serves (each once per firing), not its whole stage.
      for (std::size_t k = 0; k < outcome.trigger_fixes.size(); ++k)
        if (outcome.trigger_fixes[k] == candidates.fixes[i])
          for (std::int64_t r = 0; r < result.replicates; ++r) total += outcome.trigger_counts[k][static_cast<std::size_t>(r)].served;
      reach.push_back(total / static_cast<double>(result.replicates));
      continue;
    }
    const std::vector<StageIndex> affected = fix.affected_stages();
    for (std::size_t view : views)
      for (std::int64_t r = 0; r < result.replicates; ++r)
        for (int t = std::max(0, fix.start); t < result.horizon; ++t)
          for (auto s : affected)
            total += outcome.trajectory(view, r, static_cast<std::size_t>(t) * (stages + 1) + s);
    reach.push_back(total / static_cast<double>(result.replicates));
  }
  return reach;
}

}  // namespace journeysim::decide_detail
