#pragma once
/// \file Interval chart: one row per scenario, a line from P5 to P95, a dot at P50, a tick at the mean.
#include <string>
#include <vector>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

/// One row of an interval chart.
struct IntervalDatum {
  std::string label;
  double p05 = 0, p50 = 0, p95 = 0, mean = 0;
  std::string tooltip;  ///< exact values
  std::string colour = palette::blue;
};

/// A titled interval chart; rows in the given order, top to bottom; the axis includes 0.
struct IntervalChart {
  std::string title, axis_label;
  TickFormat format;
  std::vector<IntervalDatum> rows;
  double width = 1000;
  double label_width = 330;
  /// What the line and the dot are (the fields p05/p50/p95 may carry other quantiles).
  std::string legend = "P5 to P95, dot at P50 (median)";
};

/// The chart as an <svg> element.
std::string render_interval_chart(const IntervalChart& chart);

}  // namespace journeysim
