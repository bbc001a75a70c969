#pragma once
// What `calibrate` prints: the diagnostics a user needs to judge how far to trust the fit.
#include <optional>
#include <ostream>
#include <string>

#include "journeysim/calibrate/calibrate.hpp"

namespace journeysim::cli {

/// Wall-clock figures of one run.
struct CalibrationTiming {
  double read_seconds = 0;   ///< reading and parsing the log
  double total_seconds = 0;  ///< everything, writing included
  std::size_t threads = 1;
};

/// "journeysim: FILE:LINE:COL: warning: skipped bad row: MESSAGE\n".
std::string format_skipped_row(const BadRow& bad);

/// The kind of a bad row: its message up to the first quoted value ("unknown stage",
/// "invalid timestamp"), so that a log with thousands of one mistake prints a few and a count.
std::string bad_row_reason(const std::string& message);

/// Bad rows printed per reason before the rest are only counted.
inline constexpr std::size_t bad_rows_shown_per_reason = 3;

/// Summary, per-row table, homogeneity tests and warnings (notes go to `warnings`).
/// `revenue_per`: the period the revenue column was read as (--revenue-per), if given.
void print_calibration_report(std::ostream& out, std::ostream& warnings, const Journey& model, const EventLog& log,
                              const CalibrationResult& fit, const CalibrationTiming& timing, const std::string& path,
                              std::optional<Period> revenue_per = std::nullopt);

}  // namespace journeysim::cli
