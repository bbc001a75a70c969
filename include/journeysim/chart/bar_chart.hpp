#pragma once
/// \file Horizontal bar chart (leverage ranking, probability of being best).
#include <string>
#include <vector>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

/// One bar: label on the left, value as bar length, `value_text` printed at its end.
struct BarDatum {
  std::string label;
  double value = 0;
  std::string value_text;  ///< rounded for people, e.g. "$1.92M"
  std::string tooltip;     ///< exact value(s)
  std::string colour = palette::blue;
};

/// A titled horizontal bar chart; bars in the given order, top to bottom.
struct BarChart {
  std::string title;
  std::string axis_label;  ///< with units, e.g. "PV of revenue over 36 months (USD)"
  TickFormat format;
  std::vector<BarDatum> bars;
  double width = 1000;
  double label_width = 330;  ///< room for labels left of the axis
};

/// The chart as an <svg> element. The value axis always includes 0, so bars start at zero and
/// negative values extend left of it.
std::string render_bar_chart(const BarChart& chart);

}  // namespace journeysim
