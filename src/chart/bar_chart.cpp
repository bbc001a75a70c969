#include "journeysim/chart/bar_chart.hpp"

#include <algorithm>

namespace journeysim {

std::string render_bar_chart(const BarChart& chart) {
  constexpr double top = 34, row = 24, bar = 16, bottom = 46, right_pad = 90;
  const double height = top + row * static_cast<double>(std::max<std::size_t>(1, chart.bars.size())) + bottom;
  Svg svg(chart.width, height, chart.title);
  double low = 0, high = 0;
  for (const auto& b : chart.bars) {
    low = std::min(low, b.value);
    high = std::max(high, b.value);
  }
  if (low == high) high = 1;
  const Ticks ticks = nice_ticks(low, high, 5);
  const LinearScale x(ticks.min(), ticks.max(), chart.label_width, chart.width - right_pad);
  const double axis_y = top + row * static_cast<double>(std::max<std::size_t>(1, chart.bars.size())) + 4;
  x_axis(svg, x, ticks, axis_y, top - 4, chart.format, chart.axis_label);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const BarDatum& b = chart.bars[i];
    const double y = top + row * static_cast<double>(i) + (row - bar) / 2;
    const double x0 = x(0), x1 = x(b.value);
    svg.text(chart.label_width - 8, y + bar - 4, shorten(b.label, 46), "end", "class=\"label\"");
    svg.rect(std::min(x0, x1), y, std::max(1.0, std::abs(x1 - x0)), bar, b.colour,
             b.label + ": " + b.tooltip, "class=\"bar\"");
    // Right of the bar's outer end, or right of zero for negative bars: never over the labels.
    svg.text(std::max(x0, x1) + 4, y + bar - 4, b.value_text, "start", "class=\"value\"");
  }
  return svg.str();
}

}  // namespace journeysim
