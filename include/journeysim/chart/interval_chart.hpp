#pragma once
/// \file Interval chart: one row per scenario, a line from the low to the high quantile (P5 to P95 by default), a dot at P50, a tick at the mean.
#include <string>
#include <vector>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

/// One row of an interval chart.
struct IntervalDatum {
  std::string label;
  double low = 0, p50 = 0, high = 0, mean = 0;
  std::string tooltip;  ///< exact values
  std::string colour = palette::blue;
};

/// A titled interval chart; rows in the given order, top to bottom; the axis includes 0.
struct IntervalChart {
  std::string title, axis_label;
  TickFormat format;
  std::vector<IntervalDatum> rows;
  std::string low_label, high_label;  ///< the interval's quantiles for people: "P5", "P95"
  double width = 1000;
  double label_width = 330;
  /// What the line and the dot are when they are not low_label to high_label and the median
  /// (empty: "P5 to P95, dot at P50 (median)" from the labels).
  std::string legend;
};

/// The chart as an <svg> element.
std::string render_interval_chart(const IntervalChart& chart);

}  // namespace journeysim
