#include "journeysim/run/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"
#include "journeysim/stats/summary.hpp"
#include "journeysim/core/parallel.hpp"
#include "replicate.hpp"

namespace journeysim {
namespace {

std::size_t periods_of(const SimulationResult& result) { return static_cast<std::size_t>(result.horizon); }

void resize_storage(SimulationResult& result, std::size_t columns, std::int64_t replicates) {
  const auto r = static_cast<std::size_t>(replicates);
  for (auto& outcome : result.scenarios) {
    outcome.metrics.resize(result.view_ids.size());
    outcome.trajectories.resize(result.view_ids.size());
    for (std::size_t v = 0; v < result.view_ids.size(); ++v) {
      outcome.metrics[v].resize(r);
      outcome.columns = columns;
      outcome.trajectories[v].resize(columns * r);
    }
    for (auto& counts : outcome.trigger_counts) counts.resize(r);
    for (auto& periods : outcome.trigger_periods) periods.resize(columns == 0 ? 0 : r * 2 * periods_of(result));
  }
}

/// True when the MCSE of every fix or portfolio NPV is within precision·|mean|.
bool precise_enough(const SimulationResult& result, double precision) {
  for (std::size_t sc = 1; sc < result.scenarios.size(); ++sc) {
    std::vector<double> npv;
    for (const auto& m : result.scenarios[sc].metrics.back()) npv.push_back(m.npv);
    const auto s = summarize(npv, QuantileLevels{{0.5}});  // mean and MCSE are what count
    if (!s || s->mcse > precision * std::fabs(s->mean)) return false;
  }
  return true;
}

}  // namespace

std::vector<double> ScenarioOutcome::trajectory_column(std::size_t view, std::size_t column) const {
  std::vector<double> values;
  const std::size_t replicates = columns == 0 ? 0 : trajectories[view].size() / columns;
  values.reserve(replicates);
  for (std::size_t r = 0; r < replicates; ++r) values.push_back(trajectories[view][r * columns + column]);
  return values;
}

double estimated_result_bytes(const Journey& journey, const FixesFile& fixes, const SimulationSettings& settings) {
  const double horizon = settings.horizon > 0 ? settings.horizon : journey.info.horizon;
  const double scenarios = 1.0 + static_cast<double>(fixes.fixes.size() + fixes.portfolios.size());
  const double views = journey.segments.empty() ? 1.0 : static_cast<double>(segment_journeys(journey).size()) + 1.0;
  const double replicates =
      static_cast<double>(settings.precision > 0 ? std::max(settings.replicates, settings.max_replicates) : settings.replicates);
  const double per_replicate = scenarios * views * (horizon * static_cast<double>(journey.stages.size() + 1) * sizeof(float) +
                                                    sizeof(ReplicateMetrics));
  return per_replicate * replicates;
}

double customer_limit(Mode mode) {
  switch (mode) {
    case Mode::individual: return limits::individual_customers;
    case Mode::cohort: return limits::cohort_customers;
    case Mode::expected: return 0;
  }
  return 0;
}

void check_run_size(const Journey& journey, const SimulationSettings& settings) {
  const double limit = customer_limit(settings.mode);
  if (limit <= 0) return;
  const int horizon = settings.horizon > 0 ? settings.horizon : journey.info.horizon;
  auto views = segment_journeys(journey);
  if (views.empty()) views.push_back({"all", journey});
  for (const auto& view : views) {
    double customers = 0;
    for (double v : view.journey.population.initial) customers += v;
    // Arrivals come at the end of periods 0..horizon−2 (the as-of convention).
    for (double v : view.journey.population.inflow) customers += v * (horizon - 1);
    if (customers <= limit) continue;
    std::ostringstream message;
    message.precision(3);
    message << to_string(settings.mode) << " mode: segment '" << view.id << "' brings in up to " << customers
            << " customers per replicate (initial + inflow × " << horizon - 1 << " periods), above the limit of "
            << limit << "; "
            << (settings.mode == Mode::individual ? "use --mode cohort (its cost does not grow with customers) or lower --horizon"
                                                   : "use --mode expected or lower --horizon");
    throw ConfigError(message.str());
  }
}

SimulationResult run_simulation(const Journey& journey, const FixesFile& fixes, const SimulationSettings& settings) {
  return run_simulation(journey, fixes, build_scenarios(fixes), settings);
}

SimulationResult run_simulation(const Journey& journey, const FixesFile& fixes, const std::vector<Scenario>& scenarios,
                                const SimulationSettings& settings) {
  if (scenarios.empty() || scenarios.front().kind != Scenario::Kind::baseline)
    throw std::logic_error("run_simulation: the first scenario must be the baseline");
  if (settings.replicates < 1) throw ConfigError("--replicates must be at least 1");
  check_run_size(journey, settings);
  detail::RunContext context;
  context.fixes = &fixes;
  context.settings = settings;
  const int horizon = settings.horizon > 0 ? settings.horizon : journey.info.horizon;
  context.model = prepare_simulation_model(journey, horizon);
  context.scenarios = scenarios;
  context.model.economics.prepare();

  SimulationResult result;
  result.stage_ids = context.model.stage_ids;
  result.horizon = horizon;
  result.view_ids = context.model.segment_ids;
  if (context.model.has_segments()) result.view_ids.push_back("all");
  for (const auto& scenario : context.scenarios) {
    ScenarioOutcome outcome;
    outcome.scenario = scenario;
    for (const std::size_t f : scenario.fixes)
      if (fixes.fixes[f].trigger) outcome.trigger_fixes.push_back(f);
    outcome.trigger_counts.resize(outcome.trigger_fixes.size());
    outcome.trigger_periods.resize(outcome.trigger_fixes.size());
    result.scenarios.push_back(std::move(outcome));
  }
  const std::size_t columns =
      settings.store_trajectories ? static_cast<std::size_t>(horizon) * (context.model.stage_count() + 1) : 0;

  const std::int64_t batch = settings.replicates;
  const std::int64_t limit = settings.precision > 0 ? std::max(settings.max_replicates, batch) : batch;
  std::int64_t done = 0;
  std::vector<std::int64_t> steps;
  while (done < limit) {
    const std::int64_t planned = std::min(limit, done + batch);
    resize_storage(result, columns, planned);
    steps.resize(static_cast<std::size_t>(planned), 0);
    // Chunks only pace the progress bar; every replicate writes its own slots.
    const std::int64_t chunk = std::max<std::int64_t>(1, batch / 50);
    for (std::int64_t begin = done; begin < planned; begin += chunk) {
      const std::int64_t end = std::min(planned, begin + chunk);
      parallel_for(begin, end, [&](std::int64_t r) {
        steps[static_cast<std::size_t>(r)] = detail::simulate_replicate(context, r, result);
      });
      if (settings.progress) settings.progress(end, limit);
    }
    done = planned;
    if (settings.precision > 0 && precise_enough(result, settings.precision)) {
      result.converged = true;
      break;
    }
  }
  result.replicates = done;
  for (auto s : steps) result.customer_periods += s;
  return result;
}

}  // namespace journeysim
