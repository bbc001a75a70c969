#pragma once
// What `calibrate` says about how the log was read: stages ignored, labels matched ignoring
// case, duplicate rows dropped, ties of timestamps, revenue that disagrees with the template.
#include <optional>
#include <ostream>

#include "journeysim/calibrate/calibrate.hpp"

namespace journeysim::cli {

/// "  ignored:     1,204 rows with stages the model lacks: Webinar (1,000), Newsletter (204)\n",
/// or nothing without --ignore-stages.
void print_ignored_stages(std::ostream& out, const EventLog& log);

/// Warnings: case-insensitive matches (once per label), duplicates dropped, ties between stages.
void warn_log_labels_and_repeats(std::ostream& warnings, const EventLog& log);

/// The revenue per calibrated period the log gives against the template's (converted to the
/// calibrated period): a warning when they differ by 3× or more, suggesting the --revenue-per
/// that would reconcile them. `revenue_per`: the period the column was read as (--revenue-per),
/// or none (read as the calibrated period).
void warn_revenue_scale(std::ostream& warnings, const Journey& model, const CalibrationResult& fit,
                        std::optional<Period> revenue_per);

}  // namespace journeysim::cli
