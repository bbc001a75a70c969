#include "journeysim/backtest/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>

#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/civil_time.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/run/simulation.hpp"

namespace journeysim {
namespace {

UtcMillis period_end(std::int64_t period, Period unit) { return period_start(period + 1, unit) - 1; }

/// What the log shows at the end of a period, by the panel's rule (calibrate's as-of state): per
/// group ([0] all customers, [1 + g] the log's segment g; a customer counts in the segment of its
/// first event, as in calibrate) the customers per stage, and the revenue summed over every
/// customer-period in a non-terminal stage up to then (calibrate's revenue tally).
struct Observed {
  std::vector<std::vector<double>> stages;
  std::vector<double> revenue_to_date;
};

Observed observed_at_end(const EventLog& log, const std::vector<bool>& terminal, Period unit, std::int64_t period) {
  PanelOptions options;
  options.period = unit;
  options.as_of = period_end(period, unit);
  const Panel panel = build_panel(log, terminal, options);
  Observed out;
  const auto add = [&](const PanelTally& tally) {
    out.stages.emplace_back(tally.at_as_of.begin(), tally.at_as_of.end());
    double revenue = 0;
    for (double r : tally.revenue_sum) revenue += r;
    out.revenue_to_date.push_back(revenue);
  };
  add(panel.pooled);
  for (const PanelTally& segment : panel.segments) add(segment);
  return out;
}

/// Money and customers are on other scales: the overall and per-period-ahead scores, and the
/// comparison of structures, use the customer counts only.
bool counts_customers(const std::string& quantity) { return quantity != "revenue"; }

/// The periods the log covers completely: first … last (last ends by the latest event's period end).
std::pair<std::int64_t, std::int64_t> log_periods(const EventLog& log, Period unit) {
  const std::int64_t first = period_of(log.earliest, unit);
  std::int64_t last = period_of(log.latest, unit);
  if (period_end(last, unit) > log.latest) --last;  // the latest event's period is not over
  return {first, last};
}

std::string describe_period(std::int64_t period, Period unit) { return format_iso_date(period_end(period, unit)); }

void check_origins(const std::vector<std::int64_t>& origins, int horizon, std::int64_t first, std::int64_t last,
                   Period unit) {
  for (std::int64_t o : origins) {
    if (o - first + 1 < backtest_min_history)
      throw ConfigError("origin " + describe_period(o, unit) + " leaves " + std::to_string(std::max<std::int64_t>(0, o - first + 1)) +
                        " complete " + to_string(unit) + "s of history before it (the log begins " +
                        format_iso_date(period_start(first, unit)) + "); a backtest calibrates on at least " +
                        std::to_string(backtest_min_history));
    if (o + horizon > last)
      throw ConfigError("origin " + describe_period(o, unit) + " with a horizon of " + std::to_string(horizon) + " " +
                        to_string(unit) + "s needs the log to run to " + describe_period(o + horizon, unit) +
                        "; its last complete " + to_string(unit) + " ends " + describe_period(last, unit));
  }
}

/// What every structure's backtest shares: the period, horizon and origins, checked, and what
/// happened at every period end a forecast reaches (a panel over the whole log each, so
/// --compare builds them once).
struct Plan {
  Period unit = Period::month;
  int horizon = 0;
  std::vector<std::int64_t> origins;
  std::map<std::int64_t, Observed> actual;
};

Plan make_plan(const Journey& template_journey, const EventLog& log, const BacktestOptions& options) {
  if (log.good_rows == 0) throw ConfigError("the event log has no usable rows: nothing to backtest");
  const Period unit = options.calibrate.period.value_or(template_journey.info.period);
  const auto [first, last] = log_periods(log, unit);
  const std::int64_t spare = last - first + 1 - backtest_min_history;  // periods after the shortest history
  int horizon = options.horizon;
  if (horizon <= 0) horizon = static_cast<int>(std::min<std::int64_t>(12, spare));
  if (horizon < 1)
    throw ConfigError("the log covers " + std::to_string(std::max<std::int64_t>(0, last - first + 1)) + " complete " +
                      to_string(unit) + "s: a backtest needs " + std::to_string(backtest_min_history) +
                      " to calibrate on and at least one more to forecast");
  std::vector<std::int64_t> origins = options.origins;
  if (origins.empty()) {
    const std::int64_t latest = last - horizon, earliest = first + backtest_min_history - 1;
    if (latest < earliest)
      throw ConfigError("a horizon of " + std::to_string(horizon) + " " + to_string(unit) + (horizon == 1 ? "" : "s") +
                        " leaves no origin: the log's " + std::to_string(last - first + 1) + " complete " + to_string(unit) +
                        "s cannot hold " + std::to_string(backtest_min_history) +
                        " of history plus the horizon; shorten --horizon");
    for (std::int64_t o = std::max(earliest, latest - static_cast<std::int64_t>(backtest_default_origins) + 1); o <= latest; ++o)
      origins.push_back(o);
  }
  std::sort(origins.begin(), origins.end());
  origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
  check_origins(origins, horizon, first, last, unit);

  std::vector<bool> terminal;
  for (const Stage& stage : template_journey.stages) terminal.push_back(stage.terminal);
  Plan plan{unit, horizon, origins, {}};
  for (std::int64_t o : origins)
    for (std::int64_t p = o; p <= o + horizon; ++p)
      if (!plan.actual.count(p)) plan.actual[p] = observed_at_end(log, terminal, unit, p);
  return plan;
}

/// One structure's backtest on `plan`: a calibration and a forecast per origin, scored.
BacktestResult forecast_and_score(const Journey& template_journey, const EventLog& log, const BacktestOptions& options,
                                  const Plan& plan) {
  const Period unit = plan.unit;
  const int horizon = plan.horizon;
  const std::vector<std::int64_t>& origins = plan.origins;
  const auto& actual = plan.actual;
  const std::size_t n = template_journey.stage_count();

  BacktestResult result;
  result.period = unit;
  result.horizon = horizon;
  result.replicates = options.replicates;
  result.mode = options.mode;
  result.origin_periods = origins;
  result.stage_ids = template_journey.stage_ids();
  for (std::int64_t o : origins) result.origins.push_back(describe_period(o, unit));

  for (std::size_t k = 0; k < origins.size(); ++k) {
    const std::int64_t o = origins[k];
    CalibrateOptions calibrate = options.calibrate;
    calibrate.period = unit;
    calibrate.as_of = period_end(o, unit);
    calibrate.as_of_text = describe_period(o, unit);
    const CalibrationResult fit = calibrate_journey(template_journey, log, calibrate);
    SimulationSettings settings;
    settings.mode = options.mode;
    settings.replicates = options.replicates;
    settings.seed = options.seed;
    settings.horizon = horizon + 1;  // period 0 is the as-of state, period h is h periods on
    const SimulationResult run = run_simulation(fit.journey, FixesFile{}, settings);
    const ScenarioOutcome& baseline = run.scenarios.front();
    const std::size_t columns_per_period = n + 1;
    // Views: every segment of the calibrated model that is a segment of the log (its actuals
    // are that segment's customers), then "all". A "default" rest has no actuals of its own.
    std::vector<std::pair<std::size_t, std::size_t>> views;  // (view, index into actual's groups)
    for (std::size_t v = 0; v + 1 < run.view_ids.size() && log.has_segment_column; ++v) {
      const auto g = std::find(log.segments.begin(), log.segments.end(), run.view_ids[v]);
      if (g != log.segments.end()) views.emplace_back(v, 1 + static_cast<std::size_t>(g - log.segments.begin()));
    }
    views.emplace_back(run.view_ids.size() - 1, 0);
    for (const auto& view_group : views) {
      // Plain copies: lambdas below capture them (clang 14 cannot capture structured bindings).
      const std::size_t view = view_group.first, group = view_group.second;
      const std::string segment = group == 0 ? std::string() : run.view_ids[view];
      for (int h = 1; h <= horizon; ++h) {
        const std::vector<double>& now = actual.at(o + h).stages[group];
        const std::vector<double>& then = actual.at(o).stages[group];
        auto samples = [&](const std::vector<StageIndex>& stages) {
          std::vector<double> out(static_cast<std::size_t>(run.replicates), 0.0);
          for (std::int64_t r = 0; r < run.replicates; ++r)
            for (StageIndex s : stages)
              out[static_cast<std::size_t>(r)] +=
                  baseline.trajectory(view, r, static_cast<std::size_t>(h) * columns_per_period + s);
          return out;
        };
        std::vector<StageIndex> paying;
        for (StageIndex s = 0; s < n; ++s) {
          const Stage& stage = fit.journey.stages[s];
          if (stage.revenue_per_period > 0 && !stage.terminal) paying.push_back(s);
          if (stage.terminal) {
            // Moves into a terminal stage since the origin: the forecast starts it at 0.
            result.points.push_back({k, h, segment, "into:" + stage.id, score_forecast(samples({s}), now[s] - then[s])});
          } else {
            result.points.push_back({k, h, segment, stage.id, score_forecast(samples({s}), now[s])});
          }
        }
        if (!paying.empty()) {
          double customers = 0;
          for (StageIndex s : paying) customers += now[s];
          result.points.push_back({k, h, segment, "paying:total", score_forecast(samples(paying), customers)});
        }
        if (log.has_revenue_column) {
          // Revenue of period o + h: the customer-periods of that period, at the revenue each
          // customer last reported; the forecast's is its revenue column (Σ_s x_s·r_s).
          const double revenue = actual.at(o + h).revenue_to_date[group] - actual.at(o + h - 1).revenue_to_date[group];
          std::vector<double> forecast(static_cast<std::size_t>(run.replicates), 0.0);
          for (std::int64_t r = 0; r < run.replicates; ++r)
            forecast[static_cast<std::size_t>(r)] =
                baseline.trajectory(view, r, static_cast<std::size_t>(h) * columns_per_period + n);
          result.points.push_back({k, h, segment, "revenue", score_forecast(forecast, revenue)});
        }
      }
    }
    if (options.progress) options.progress(k + 1, origins.size());
  }

  std::vector<ForecastScore> all;
  std::vector<std::vector<ForecastScore>> by_ahead(static_cast<std::size_t>(horizon));
  std::map<std::string, std::vector<ForecastScore>> by_quantity;
  for (const BacktestPoint& p : result.points) {
    // Overall and per period ahead: all customers only (segments would count them twice).
    if (p.segment.empty() && counts_customers(p.quantity)) {
      all.push_back(p.score);
      by_ahead[static_cast<std::size_t>(p.ahead - 1)].push_back(p.score);
    }
    const std::string key = p.segment.empty() ? p.quantity : p.segment + "/" + p.quantity;
    by_quantity[key].push_back(p.score);
    if (std::find(result.quantities.begin(), result.quantities.end(), key) == result.quantities.end())
      result.quantities.push_back(key);
  }
  result.overall = summarize(all);
  for (const auto& scores : by_ahead) result.by_ahead.push_back(summarize(scores));
  for (const auto& q : result.quantities) result.by_quantity.push_back(summarize(by_quantity[q]));
  const ScoreSummary& last_ahead = result.by_ahead.back();
  const double low = std::max(0.0, result.overall.coverage_90 - 1.96 * result.overall.coverage_90_se);
  const double high = std::min(1.0, result.overall.coverage_90 + 1.96 * result.overall.coverage_90_se);
  result.verdict = "90% bands held " + format_percent(result.overall.coverage_90, 0) + " of the time [" +
                   format_percent(low, 0) + "–" + format_percent(high, 0) + "]; forecasts " +
                   format_percent(std::abs(last_ahead.mean_relative_error), 0) +
                   (last_ahead.mean_relative_error < 0 ? " low" : " high") + " at " + std::to_string(horizon) + " " +
                   to_string(unit) + (horizon == 1 ? "" : "s") + " ahead (" + std::to_string(origins.size()) +
                   (origins.size() == 1 ? " origin, " : " origins, ") + std::to_string(result.overall.forecasts) +
                   " forecasts)";
  return result;
}

}  // namespace

BacktestResult run_backtest(const Journey& template_journey, const EventLog& log, const BacktestOptions& options) {
  return forecast_and_score(template_journey, log, options, make_plan(template_journey, log, options));
}

std::vector<StructureScore> compare_structures(const Journey& template_journey, const EventLog& log,
                                               const BacktestOptions& options) {
  struct Candidate {
    const char* name;
    const char* flags;
    TimeInStageChoice::Mode time_in_stage;
    HeterogeneityChoice::Mode heterogeneity;
  };
  const Candidate candidates[] = {
      {"one row", "--time-in-stage off --heterogeneity none", TimeInStageChoice::Mode::off, HeterogeneityChoice::Mode::none},
      {"time in stage", "--time-in-stage auto", TimeInStageChoice::Mode::automatic, HeterogeneityChoice::Mode::none},
      {"customers differ", "--time-in-stage off --heterogeneity beta", TimeInStageChoice::Mode::off,
       HeterogeneityChoice::Mode::beta}};
  std::vector<Candidate> tried(std::begin(candidates), std::end(candidates));
  // A template with its own buckets (onboarding by month) may need both: those buckets, and a
  // propensity in the stages without them.
  bool template_buckets = false;
  for (const auto& rows : template_journey.time_in_stage) template_buckets |= !rows.derived;
  if (template_buckets)
    tried.push_back({"template's buckets, customers differ elsewhere", "--heterogeneity beta",
                     TimeInStageChoice::Mode::template_rows, HeterogeneityChoice::Mode::beta});
  const Plan plan = make_plan(template_journey, log, options);  // the same origins and actuals for every structure
  std::vector<StructureScore> out;
  for (const Candidate& c : tried) {
    BacktestOptions o = options;
    o.progress = nullptr;
    o.calibrate.time_in_stage = TimeInStageChoice{};
    o.calibrate.time_in_stage.mode = c.time_in_stage;
    o.calibrate.heterogeneity = HeterogeneityChoice{};
    o.calibrate.heterogeneity.mode = c.heterogeneity;
    const BacktestResult r = forecast_and_score(template_journey, log, o, plan);
    StructureScore score{c.name, c.flags, r.overall, r.verdict, {}};
    for (const BacktestPoint& p : r.points)
      if (counts_customers(p.quantity)) score.crps.push_back(p.score.crps);
    out.push_back(std::move(score));
    if (options.progress) options.progress(out.size(), tried.size());
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const StructureScore& a, const StructureScore& b) { return a.overall.crps < b.overall.crps; });
  const std::vector<double>& best = out.front().crps;
  for (std::size_t i = 1; i < out.size(); ++i) {
    const std::vector<double>& other = out[i].crps;
    if (other.size() != best.size() || best.size() < 2) continue;
    const auto n = static_cast<double>(best.size());
    double mean = 0, squares = 0;
    for (std::size_t k = 0; k < best.size(); ++k) mean += (other[k] - best[k]) / n;
    for (std::size_t k = 0; k < best.size(); ++k) squares += (other[k] - best[k] - mean) * (other[k] - best[k] - mean);
    out[i].crps_gap = mean;
    out[i].crps_gap_se = std::sqrt(squares / (n - 1) / n);
    out[i].indistinguishable = mean <= 2 * out[i].crps_gap_se;  // equal scores (0 ± 0) included
  }
  return out;
}

}  // namespace journeysim
