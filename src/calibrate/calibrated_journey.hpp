#pragma once
// Private to calibrate: the calibrated Journey from the template and the estimates.
#include "journeysim/calibrate/calibrate.hpp"

namespace journeysim {

/// The template with transitions, population, revenue, segments and the calibration block
/// replaced by the estimates in `result` (groups and panel filled in); validated. Adds what the
/// user should know to result.notes.
Journey make_calibrated_journey(const Journey& template_journey, const EventLog& log,
                                CalibrationResult& result, const CalibrateOptions& options);

}  // namespace journeysim
