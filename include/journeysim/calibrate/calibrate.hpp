#pragma once
/// \file `journeysim calibrate`: a template journey + an event log → a calibrated journey.
///
/// Example:
///   Journey model = read_journey("journey.yaml");
///   EventLog log = read_event_log("events.csv", model.stage_ids(), {});
///   CalibrationResult fit = calibrate_journey(model, log, {});
///   // fit.journey: transitions, population, revenue and the calibration block replaced
#include <optional>
#include <string>
#include <vector>

#include "journeysim/calibrate/estimate.hpp"
#include "journeysim/calibrate/heterogeneity_fit.hpp"
#include "journeysim/calibrate/observed_moments.hpp"
#include "journeysim/calibrate/panel.hpp"
#include "journeysim/calibrate/time_in_stage_fit.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Settings of a calibration.
struct CalibrateOptions {
  std::optional<Period> period;     ///< default: the template's period
  std::optional<UtcMillis> as_of;   ///< last instant of data; default: the latest timestamp
  std::string as_of_text;           ///< as the user wrote it, for the calibration block
  EstimateOptions estimate;
  bool learn_structure = false;     ///< prior on every cell, not only the template's
  std::string source;               ///< event log name for the calibration block
  /// --time-in-stage: rows by period in stage (off: one row per stage, as before).
  TimeInStageChoice time_in_stage;
  /// --heterogeneity: none (one probability per row, as before) or beta (per-customer propensity).
  HeterogeneityChoice heterogeneity;
};

/// The last instant covered by an --as-of value: a date means the whole day (its last
/// millisecond), a date-time that instant. InputError-free: false with `problem` when bad.
bool parse_as_of(const std::string& text, UtcMillis& as_of, std::string& problem);

/// Estimates for one group of customers: all of them, or one segment.
struct GroupEstimate {
  std::string segment;          ///< "" for all customers
  std::size_t customers = 0;
  std::vector<RowEstimate> rows;                 ///< per stage; terminal stages have none
  std::vector<HomogeneityResult> homogeneity;    ///< per testable row
  std::vector<double> inflow_mean, inflow_sd;    ///< per stage, new customers per period
  std::vector<double> initial;                   ///< per stage: customers there at as_of
  std::vector<std::optional<double>> revenue;    ///< per stage: mean revenue per period
  std::vector<std::vector<double>> counts;       ///< n×n transition counts
};

/// Moves seen in the data in a cell the template does not list (estimated all the same).
struct UnexpectedMove {
  StageIndex from = 0, to = 0;
  std::uint64_t count = 0;
};

/// Everything a calibration produced.
struct CalibrationResult {
  Journey journey;  ///< the calibrated model (validated)
  Panel panel;
  std::vector<GroupEstimate> groups;  ///< [0]: all customers; then one per log segment
  std::vector<UnexpectedMove> unexpected;
  std::int64_t inflow_first_period = 0;  ///< inflow is averaged over these periods
  std::size_t inflow_periods = 0;
  std::vector<std::string> notes;        ///< things the user should know (printed as warnings)
  /// --time-in-stage: the fit of each stage tried (all customers); `kept` ones are written.
  std::vector<StageTenureFit> time_in_stage;
  /// --heterogeneity beta: the fit of each stage tried (all customers); `kept` ones are written.
  std::vector<StagePropensityFit> heterogeneity;
  /// Moments of truth counted on the log for the written model's rows by time in stage.
  std::vector<ObservedMoment> observed_moments;
};

/// Calibrates `template_journey` from `log` (read whole, with the template's stage ids).
CalibrationResult calibrate_journey(const Journey& template_journey, const EventLog& log,
                                    const CalibrateOptions& options);

/// A log read in batches and the calibration made from it.
struct CalibratedLog {
  EventLog log;  ///< without events: they were read batch by batch
  CalibrationResult fit;
  double read_seconds = 0;  ///< reading and building the panel, all passes
};

/// Reads `path` in batches of whole customers (memory bounded by the number of customers and
/// `log_options.max_event_bytes`, not by the file size) and calibrates from it. The result is
/// the same as read_event_log + calibrate_journey, bit for bit.
CalibratedLog calibrate_event_file(const Journey& template_journey, const std::string& path,
                                   const EventLogOptions& log_options, const CalibrateOptions& options);

}  // namespace journeysim
