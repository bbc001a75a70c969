#include "replicate.hpp"

#include <algorithm>
#include <sstream>
#include <string>

#include "journeysim/analytic/terminal_value.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim::detail {
namespace {

/// Series of one segment's path under a schedule, plus its per-customer fix costs.
/// `path` is by state, `stage_counts` the same path summed into stages (they differ only when
/// rows depend on time in stage).
ScenarioSeries segment_series(const Chain& base, const PeriodSchedule& schedule, const SegmentPath& path,
                              const Eigen::MatrixXd& stage_counts, const FixesFile& fixes, const CostDraws& costs,
                              const Scenario& scenario, int horizon) {
  ScenarioSeries series;
  series.revenue.resize(static_cast<std::size_t>(horizon));
  series.cost_to_serve.resize(static_cast<std::size_t>(horizon));
  series.fix_cost.assign(static_cast<std::size_t>(horizon), 0.0);
  for (int t = 0; t < horizon; ++t) {
    const auto row = path.counts.row(t);
    series.revenue[static_cast<std::size_t>(t)] = row.dot(schedule.at(t).revenue_per_period.transpose());
    series.cost_to_serve[static_cast<std::size_t>(t)] = row.dot(base.cost_per_period.transpose());
  }
  for (std::size_t k = 0; k < schedule.triggers.size(); ++k) {
    // A triggered fix pays per customer served, and per customer per period while it treats them.
    const TriggerPoint& trigger = schedule.triggers[k];
    const CostValues& cost = costs[trigger.fix];
    for (int t = 0; t < horizon; ++t) {
      double treated = 0;
      for (std::uint32_t w = 0; w < trigger.treated_states; ++w) treated += path.counts(t, trigger.served_state + w);
      series.fix_cost[static_cast<std::size_t>(t)] +=
          cost.per_trigger * path.triggers[k].served[static_cast<std::size_t>(t)] + cost.per_customer * treated;
    }
  }
  for (auto f : scenario.fixes) {
    const Fix& fix = fixes.fixes[f];
    const double per_customer = costs[f].per_customer;
    if (per_customer <= 0 || fix.trigger) continue;
    if (fix.time_in_stage) {
      // Only the customers in the range's periods are worked with (and paid for).
      const StagePeriods& range = *fix.time_in_stage;
      for (std::size_t s = 0; s < base.states.stage.size(); ++s) {
        if (base.states.stage[s] != range.stage || !range.periods.contains(base.states.period[s])) continue;
        for (int t = std::max(0, fix.start); t < horizon; ++t)
          series.fix_cost[static_cast<std::size_t>(t)] += per_customer * path.counts(t, static_cast<Eigen::Index>(s));
      }
      continue;
    }
    const auto stages = fix.affected_stages();
    for (int t = std::max(0, fix.start); t < horizon; ++t)
      for (auto s : stages)
        series.fix_cost[static_cast<std::size_t>(t)] += per_customer * stage_counts(t, static_cast<Eigen::Index>(s));
  }
  const auto last = path.counts.row(horizon - 1);
  for (Eigen::Index s = 0; s < last.size(); ++s)
    if (base.paying[static_cast<std::size_t>(s)]) series.active_end += last(s);
  series.churned = path.churned;
  series.lost = path.lost;
  return series;
}

/// The segment's terminal value (`--terminal-value`): its customers at the end of the horizon
/// valued on the last period's rows, margin and revenue (analytic/terminal_value.hpp).
double segment_terminal_value(const Chain& base, const PeriodSchedule& schedule, const SegmentPath& path,
                              const Economics& economics) {
  const int horizon = economics.horizon;
  const Phase& last = schedule.at(horizon - 1);
  const Eigen::VectorXd margin =
      economics.gross_margin * last.revenue_per_period - base.cost_per_period;
  return terminal_value(path.counts.row(horizon - 1), last.transition, margin, economics.discount(1),
                        economics.discount(horizon));
}

/// Upfront and per-period costs belong to the fix as a whole, not to a segment.
void add_fixed_costs(ScenarioSeries& total, const FixesFile& fixes, const CostDraws& costs, const Scenario& scenario,
                     int horizon) {
  for (auto f : scenario.fixes) {
    const Fix& fix = fixes.fixes[f];
    for (int t = std::max(0, fix.start); t < horizon; ++t) {
      total.fix_cost[static_cast<std::size_t>(t)] += costs[f].per_period;
      if (t == fix.start) total.fix_cost[static_cast<std::size_t>(t)] += costs[f].upfront;
    }
  }
}

void store_trajectory(ScenarioOutcome& outcome, std::size_t view, std::int64_t r, const Eigen::MatrixXd& counts,
                      const std::vector<double>& revenue) {
  if (outcome.columns == 0) return;  // trajectories not kept (SimulationSettings::store_trajectories)
  const auto n = counts.cols();
  float* row = outcome.trajectories[view].data() + static_cast<std::size_t>(r) * outcome.columns;
  for (Eigen::Index t = 0; t < counts.rows(); ++t) {
    for (Eigen::Index s = 0; s < n; ++s) row[t * (n + 1) + s] = static_cast<float>(counts(t, s));
    row[t * (n + 1) + n] = static_cast<float>(revenue[static_cast<std::size_t>(t)]);
  }
}

void run_kernel(Mode mode, const Chain& base, const PeriodSchedule& schedule, int horizon,
                const StreamBase& streams, SegmentPath& path) {
  switch (mode) {
    case Mode::expected: run_expected(base, schedule, horizon, path); break;
    case Mode::cohort: run_cohort(base, schedule, horizon, streams, path); break;
    case Mode::individual: run_individual(base, schedule, horizon, streams, path); break;
  }
}

/// The scenario as one segment's customers live it: without the fixes limited to other
/// segments (their effects and per-customer costs; upfront and per-period costs stay whole).
/// The scenario itself when every fix reaches the segment, else a copy kept in `holder`.
const Scenario& scenario_in_segment(const Scenario& scenario, const FixesFile& fixes, const std::string& segment,
                                    Scenario& holder) {
  bool all = true;
  for (auto f : scenario.fixes) all = all && fixes.fixes[f].reaches(segment);
  if (all) return scenario;
  holder = scenario;
  holder.fixes.clear();
  for (auto f : scenario.fixes)
    if (fixes.fixes[f].reaches(segment)) holder.fixes.push_back(f);
  return holder;
}

/// The index of a schedule's trigger among the scenario's triggered fixes.
std::size_t trigger_index(const ScenarioOutcome& outcome, const TriggerPoint& trigger) {
  return static_cast<std::size_t>(std::find(outcome.trigger_fixes.begin(), outcome.trigger_fixes.end(), trigger.fix) -
                                  outcome.trigger_fixes.begin());
}

/// Gives each capacity-limited trigger of a segment's schedule what the segments before it
/// left of the rule's capacity (the full capacity for the first segment it reaches).
void share_capacity(PeriodSchedule& schedule, const ScenarioOutcome& outcome,
                    std::vector<std::vector<double>>& capacity_left) {
  for (TriggerPoint& trigger : schedule.triggers) {
    if (trigger.capacity.empty()) continue;
    std::vector<double>& left = capacity_left[trigger_index(outcome, trigger)];
    if (left.empty()) left = trigger.capacity;
    trigger.capacity = left;
  }
}

/// Takes what a segment's customers were served out of the rules' capacities.
void use_capacity(const PeriodSchedule& schedule, const ScenarioOutcome& outcome, const SegmentPath& path,
                  std::vector<std::vector<double>>& capacity_left) {
  for (std::size_t k = 0; k < schedule.triggers.size(); ++k) {
    if (schedule.triggers[k].capacity.empty()) continue;
    std::vector<double>& left = capacity_left[trigger_index(outcome, schedule.triggers[k])];
    for (std::size_t t = 0; t < left.size(); ++t) left[t] = std::max(0.0, left[t] - path.triggers[k].served[t]);
  }
}

/// Adds one segment's trigger tallies into the scenario's counts of replicate r.
void add_trigger_counts(ScenarioOutcome& outcome, const PeriodSchedule& schedule, const SegmentPath& path,
                        std::int64_t r) {
  for (std::size_t k = 0; k < schedule.triggers.size(); ++k) {
    const auto it = std::find(outcome.trigger_fixes.begin(), outcome.trigger_fixes.end(), schedule.triggers[k].fix);
    TriggerCounts& counts =
        outcome.trigger_counts[static_cast<std::size_t>(it - outcome.trigger_fixes.begin())][static_cast<std::size_t>(r)];
    const TriggerTally& tally = path.triggers[k];
    const std::size_t index = static_cast<std::size_t>(it - outcome.trigger_fixes.begin());
    std::vector<float>& periods = outcome.trigger_periods[index];
    const std::size_t horizon = tally.triggered.size();
    float* row = periods.empty() ? nullptr : periods.data() + static_cast<std::size_t>(r) * 2 * horizon;
    for (std::size_t t = 0; t < horizon; ++t) {
      if (row) {
        row[t] += static_cast<float>(tally.triggered[t]);
        row[horizon + t] += static_cast<float>(tally.served[t]);
      }
      counts.triggered += tally.triggered[t];
      counts.held_out += tally.held_out[t];
      counts.served += tally.served[t];
      counts.unserved += tally.triggered[t] - tally.held_out[t] - tally.served[t];
    }
  }
}

/// A rule's states grow with its firing period, duration and, with a cooldown, the horizon (a
/// range of time in stage with its last period); the dense kernels cost grows with the square
/// of the states: bound them as the model's are, before building any.
void check_state_count(std::size_t states, const Scenario& scenario, const std::string& segment, bool copies = false) {
  if (states <= limits::stages) return;
  if (copies)
    throw ConfigError("the rules of scenario '" + scenario.id + "' that fire once per customer need " + std::to_string(states) +
                      " states in segment '" + segment + "' for the customers who fired them, above the limit of " +
                      std::to_string(limits::stages) + ": fire `once_per: stay`, or lower --horizon");
  throw ConfigError("the rules and time-in-stage ranges of scenario '" + scenario.id + "' need " + std::to_string(states) +
                    " states in segment '" + segment + "', above the limit of " + std::to_string(limits::stages) +
                    ": lengthen `cooldown`, shorten `lasts`, `after` or `time_in_stage`, or lower --horizon");
}

int first_start(const FixesFile& fixes, const Scenario& scenario) {
  int start = 0;
  bool any = false;
  for (auto f : scenario.fixes) {
    start = any ? std::min(start, fixes.fixes[f].start) : fixes.fixes[f].start;
    any = true;
  }
  return start;
}

/// Fix effects can raise inflow (up to 1e12 per stage and period): the kernels' customer
/// limit is checked on the schedule itself before a kernel runs.
void check_customers(Mode mode, const Chain& base, const PeriodSchedule& schedule, int horizon,
                     const std::string& segment, const Scenario& scenario) {
  const double limit = customer_limit(mode);
  if (limit <= 0) return;
  double customers = base.initial.sum();  // no arrivals at period 0 (the as-of convention)
  for (int t = 0; t + 1 < horizon; ++t) customers += schedule.at(t).inflow.sum();
  if (customers <= limit) return;
  std::ostringstream message;
  message.precision(3);
  message << to_string(mode) << " mode: in scenario '" << scenario.id << "', segment '" << segment << "' brings in "
          << customers << " customers in one replicate once fix effects raise inflow, above the limit of " << limit
          << "; use --mode " << (mode == Mode::individual ? "cohort" : "expected") << " or lower --horizon";
  throw ConfigError(message.str());
}

}  // namespace

std::int64_t simulate_replicate(const RunContext& context, std::int64_t r, SimulationResult& result) {
  const SimulationModel& model = context.model;
  const FixesFile& fixes = *context.fixes;
  const int horizon = model.economics.horizon;
  const std::size_t segments = model.segments.size();
  const bool has_total_view = result.view_ids.size() > segments;
  // The replicate whose random numbers this slot draws (fresh ones for decide's re-scoring).
  const std::uint64_t key = context.settings.first_replicate + static_cast<std::uint64_t>(r);
  std::vector<Chain> parameters;
  draw_segment_parameters(model, context.settings.seed, key, parameters);
  const EffectDraws draws = draw_effects(fixes, context.settings.seed, key);
  const CostDraws costs = draw_costs(fixes, context.settings.seed, key);

  std::vector<ScenarioSeries> baseline_views;
  std::int64_t customer_periods = 0;
  SegmentPath path;
  Eigen::MatrixXd summed;  // a path's states summed into stages, when rows depend on time in stage
  Chain triggered_chain;   // a segment's chain with the states of a scenario's triggered fixes
  for (std::size_t sc = 0; sc < context.scenarios.size(); ++sc) {
    const Scenario& scenario = context.scenarios[sc];
    ScenarioOutcome& outcome = result.scenarios[sc];
    std::vector<ScenarioSeries> views;
    ScenarioSeries total;
    Eigen::MatrixXd total_counts = Eigen::MatrixXd::Zero(horizon, static_cast<Eigen::Index>(model.stage_count()));
    std::int64_t clamped = 0;
    // What each capacity-limited rule may still serve per period: one team serves every
    // segment the rule reaches, segment by segment in the model's order.
    std::vector<std::vector<double>> capacity_left(outcome.trigger_fixes.size());
    for (std::size_t g = 0; g < segments; ++g) {
      Scenario holder;
      const Scenario& in_segment = scenario_in_segment(scenario, fixes, model.segment_ids[g], holder);
      PeriodSchedule schedule = build_schedule(parameters[g], fixes, in_segment, draws, horizon, clamped);
      // Triggered fixes need states of their own: the segment's chain grows for this scenario.
      const Chain* chain = &parameters[g];
      if (acts_by_time_in_stage(fixes, in_segment)) {
        check_state_count(static_cast<std::size_t>(trigger_state_count(fixes, in_segment, parameters[g], horizon)),
                          scenario, model.segment_ids[g]);
        triggered_chain = parameters[g];
        // Rules that fire once per customer copy what follows a firing: bounded before each copy.
        const Eigen::Index needed = add_trigger_states(fixes, in_segment, draws, triggered_chain, schedule, clamped,
                                                       static_cast<Eigen::Index>(limits::stages));
        if (needed > 0) check_state_count(static_cast<std::size_t>(needed), scenario, model.segment_ids[g], true);
        chain = &triggered_chain;
      }
      check_customers(context.settings.mode, *chain, schedule, horizon, model.segment_ids[g], scenario);
      const StreamBase streams{context.settings.seed, key, g,
                               context.settings.common_random_numbers ? 0 : sc + 1, model.row_key_stride};
      share_capacity(schedule, outcome, capacity_left);
      run_kernel(context.settings.mode, *chain, schedule, horizon, streams, path);
      use_capacity(schedule, outcome, path, capacity_left);
      customer_periods += path.customer_periods;
      add_trigger_counts(outcome, schedule, path, r);
      if (chain->states.expanded()) summed = sum_into_stages(path.counts, chain->states, model.stage_count());
      const Eigen::MatrixXd& stage_counts = chain->states.expanded() ? summed : path.counts;
      views.push_back(segment_series(*chain, schedule, path, stage_counts, fixes, costs, in_segment, horizon));
      if (context.settings.terminal_value)
        views.back().terminal_value = segment_terminal_value(*chain, schedule, path, model.economics);
      total.add(views.back());
      total_counts += stage_counts;
      if (has_total_view) store_trajectory(outcome, g, r, stage_counts, views.back().revenue);
    }
    add_fixed_costs(total, fixes, costs, scenario, horizon);
    store_trajectory(outcome, result.view_ids.size() - 1, r, total_counts, total.revenue);
    if (has_total_view) views.push_back(total);
    else views.back() = total;
    if (sc == 0) baseline_views = views;
    for (std::size_t v = 0; v < views.size(); ++v) {
      ReplicateMetrics metrics = absolute_metrics(views[v], context.model.economics, context.settings.terminal_value);
      const bool is_total = v + 1 == views.size();
      if (sc > 0)
        add_incremental_metrics(metrics, views[v], baseline_views[v], context.model.economics, is_total,
                                first_start(fixes, scenario));
      if (is_total) metrics.clamped_effects = static_cast<double>(clamped);
      outcome.metrics[v][static_cast<std::size_t>(r)] = metrics;
    }
  }
  return customer_periods;
}

}  // namespace journeysim::detail
