#pragma once
/// \file Waterfall chart: a running total built from signed steps, then the total.
#include <string>
#include <vector>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

/// One step of a waterfall: its change, drawn from the running total before it.
struct WaterfallStep {
  std::string label;
  double delta = 0;
  std::string value_text;  ///< rounded, e.g. "+$1.2M"
  std::string tooltip;     ///< exact
};

/// A titled vertical waterfall starting at 0: the steps, then a total bar labelled `total_label`
/// equal to the sum of the steps.
struct WaterfallChart {
  std::string title, y_label;
  TickFormat format;
  std::vector<WaterfallStep> steps;
  std::string total_label, total_text, total_tooltip;
  double width = 1000, height = 360;
};

/// The chart as an <svg> element. Increases are blue, decreases vermillion, the total grey.
std::string render_waterfall_chart(const WaterfallChart& chart);

}  // namespace journeysim
