#include "journeysim/chart/interval_chart.hpp"

#include <algorithm>

namespace journeysim {

std::string render_interval_chart(const IntervalChart& chart) {
  constexpr double top = 34, row = 26, bottom = 64, right_pad = 30;
  const double n = static_cast<double>(std::max<std::size_t>(1, chart.rows.size()));
  Svg svg(chart.width, top + row * n + bottom, chart.title);
  double low = 0, high = 0;
  for (const auto& r : chart.rows) {
    low = std::min({low, r.low, r.mean});
    high = std::max({high, r.high, r.mean});
  }
  if (low == high) high = 1;
  const Ticks ticks = nice_ticks(low, high, 6);
  const LinearScale x(ticks.min(), ticks.max(), chart.label_width, chart.width - right_pad);
  const double axis_y = top + row * n + 4;
  x_axis(svg, x, ticks, axis_y, top - 4, chart.format, chart.axis_label);
  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const IntervalDatum& r = chart.rows[i];
    const double y = top + row * static_cast<double>(i) + row / 2;
    svg.text(chart.label_width - 8, y + 4, shorten(r.label, 46), "end", "class=\"label\"");
    const std::string tip = r.label + ": " + r.tooltip;
    svg.line(x(r.low), y, x(r.high), y, r.colour, 3, "class=\"interval\"");
    svg.line(x(r.low), y - 6, x(r.low), y + 6, r.colour, 2);
    svg.line(x(r.high), y - 6, x(r.high), y + 6, r.colour, 2);
    svg.line(x(r.mean), y - 8, x(r.mean), y + 8, palette::ink, 1.5, "class=\"mean\"");
    svg.circle(x(r.p50), y, 5, r.colour, tip);
  }
  // Legend under the axis label so the reader knows which mark is which.
  const double ly = axis_y + 50;
  svg.line(chart.label_width, ly, chart.label_width + 30, ly, palette::blue, 3);
  svg.circle(chart.label_width + 15, ly, 5, palette::blue);
  svg.text(chart.label_width + 36, ly + 4,
           chart.legend.empty() ? chart.low_label + " to " + chart.high_label + ", dot at P50 (median)" : chart.legend,
           "start", "class=\"legend\"");
  svg.line(chart.label_width + 270, ly - 8, chart.label_width + 270, ly + 8, palette::ink, 1.5);
  svg.text(chart.label_width + 278, ly + 4, "mean", "start", "class=\"legend\"");
  return svg.str();
}

}  // namespace journeysim
