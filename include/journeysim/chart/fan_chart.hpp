#pragma once
/// \file Fan chart: quantile bands of a quantity per period for a few scenarios.
#include <string>
#include <vector>

#include "journeysim/io/run_reader.hpp"
#include "journeysim/chart/svg.hpp"

namespace journeysim {

/// One scenario's band (low to high quantile, shaded) and median line over periods 0, 1, ….
struct FanSeries {
  std::string label;
  std::vector<TrajectoryPoint> points;
  std::string colour = palette::blue;
};

/// A titled fan chart. Values are formatted with `format` on the y axis and `value_text` in
/// tooltips (exact values for people who hover).
struct FanChart {
  std::string title, x_label, y_label;
  TickFormat format;
  std::function<std::string(double)> value_text;
  std::vector<FanSeries> series;
  std::string low_label, high_label;  ///< the band's quantiles for people: "P5", "P95"
  double width = 1000, height = 380;
};

/// The chart as an <svg> element, with a legend above the plot.
std::string render_fan_chart(const FanChart& chart);

}  // namespace journeysim
