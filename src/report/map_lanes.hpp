#pragma once
// Private to the report module: the data lanes of the journey map.
#include <Eigen/Dense>
#include <string>
#include <vector>

#include "report_context.hpp"

namespace journeysim::report_detail {

/// Width of a stage column of the map in CSS pixels; the emotion curve uses the same.
inline constexpr double map_column_width = 160;
/// Width of the lane-name column.
inline constexpr double map_label_width = 128;

/// The rows of calibrated probabilities, periods in stage, customers at the horizon and target
/// gaps, one <tr> each, for the non-terminal `stages` (map columns).
std::string map_data_rows(const ReportContext& context, const std::vector<StageIndex>& stages);

/// P with the mean effect of every fix in `scenario` at full strength (after its ramp): the
/// steady state the targets are compared against. Effects apply in file order as SPEC §3 says
/// (relative, absolute, to; mass from the balance stage or the stay), clamped to a valid row.
Eigen::MatrixXd transitions_with_fixes(const ReportContext& context, const ScenarioSummary& scenario);

}  // namespace journeysim::report_detail
