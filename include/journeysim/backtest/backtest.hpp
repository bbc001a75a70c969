#pragma once
/// \file `journeysim backtest` (issue #13): forecast the past and score it. For each origin (the
/// end of a period of the log), calibrate on the events up to it — the same calibrate_journey as
/// `calibrate --as-of` — forecast the next H periods — the same run_simulation as `simulate`,
/// baseline only — and compare with what the log shows at the end of each of those periods, by
/// the same panel rule (a customer's stage at a period end is its last event by then).
///
/// Example:
///   EventLog log = read_event_log("events.csv", model.stage_ids(), {});
///   BacktestResult r = run_backtest(model, log, {});
///   // r.overall.coverage_90: how often the 90% bands held what happened
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "journeysim/backtest/scores.hpp"
#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/sim/kernels.hpp"

namespace journeysim {

/// Settings of a backtest.
struct BacktestOptions {
  CalibrateOptions calibrate;       ///< as_of is set per origin; the rest as `calibrate`'s options
  std::vector<std::int64_t> origins;  ///< period indices (period_of); empty: chosen from the log
  int horizon = 0;                  ///< periods ahead; 0: min(12, what the log allows)
  Mode mode = Mode::cohort;         ///< the luck of a finite customer base belongs in the band
  std::int64_t replicates = 500;
  std::uint64_t seed = 1;
  /// Called after each origin: (origins done, origins planned).
  std::function<void(std::size_t, std::size_t)> progress;
};

/// The fewest complete periods of history before an origin.
inline constexpr std::int64_t backtest_min_history = 6;
/// The most origins chosen automatically (the last ones the log allows).
inline constexpr std::size_t backtest_default_origins = 12;

/// One forecast: an origin, a period ahead, a quantity.
struct BacktestPoint {
  std::size_t origin = 0;  ///< index into BacktestResult::origins
  int ahead = 0;           ///< 1 … horizon
  std::string segment;     ///< "" for all customers, else a segment of the log (and of the calibrated model)
  std::string quantity;    ///< a non-terminal stage id, "paying:total" (customers in stages with revenue), or "into:<terminal stage id>" (moves since the origin); ids never hold a colon
  ForecastScore score;
};

struct BacktestResult {
  Period period = Period::month;
  std::vector<std::string> origins;  ///< ISO date of each origin's last day
  std::vector<std::int64_t> origin_periods;
  int horizon = 0;
  std::int64_t replicates = 0;
  Mode mode = Mode::cohort;
  std::vector<BacktestPoint> points;
  ScoreSummary overall;                ///< all customers' forecasts (segments' are in by_quantity)
  std::vector<ScoreSummary> by_ahead;  ///< [ahead − 1], all customers
  std::vector<std::string> quantities;     ///< "paying:total", …, then "SEGMENT/paying:total", …
  std::vector<ScoreSummary> by_quantity;  ///< parallel to quantities
  std::string verdict;  ///< one line
  std::vector<std::string> stage_ids;  ///< the template's, so a report can check it backtested the same journey
  std::string calibrate_flags;  ///< the structure backtested, as calibrate's flags (set by the caller)
};

/// Runs the backtest; ConfigError for origins or a horizon the log cannot serve.
BacktestResult run_backtest(const Journey& template_journey, const EventLog& log, const BacktestOptions& options);

/// One model structure's backtest, for the comparison.
struct StructureScore {
  std::string name;             ///< "one row", "time in stage", "customers differ"
  std::string calibrate_flags;  ///< what gives it to calibrate: "--time-in-stage off --heterogeneity none"
  ScoreSummary overall;
  std::string verdict;
  /// Per forecast of customers (revenue left out), in BacktestResult::points order (the same
  /// for every structure).
  std::vector<double> crps;
  /// Mean CRPS above the best structure's, paired forecast by forecast, and its standard error
  /// (forecasts taken as independent, so a lower bound); 0 for the best.
  double crps_gap = 0, crps_gap_se = 0;
  /// Within 2 standard errors of the best: the data do not tell the two apart.
  bool indistinguishable = false;
};

/// The same backtest (origins, horizon, replicates, seed) for each candidate structure: one row
/// per stage (--time-in-stage off), rows by time in stage (auto) and a Beta propensity per
/// customer (--heterogeneity beta), and, when the template has its own buckets, those buckets
/// with a propensity in the other stages; ranked by mean CRPS over every forecast, best first
/// (the CRPS is a proper score: in expectation no forecast beats the true distribution's).
std::vector<StructureScore> compare_structures(const Journey& template_journey, const EventLog& log,
                                               const BacktestOptions& options);

}  // namespace journeysim
