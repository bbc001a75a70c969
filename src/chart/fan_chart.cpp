#include "journeysim/chart/fan_chart.hpp"

#include <algorithm>

namespace journeysim {

std::string render_fan_chart(const FanChart& chart) {
  constexpr double left = 86, right = 20, top = 56, bottom = 50;
  Svg svg(chart.width, chart.height, chart.title);
  std::size_t periods = 1;
  double low = 0, high = 0;
  for (const auto& s : chart.series) {
    periods = std::max(periods, s.points.size());
    for (const auto& p : s.points) {
      low = std::min(low, p.low);
      high = std::max(high, p.high);
    }
  }
  if (low == high) high = 1;
  const Ticks y_ticks = nice_ticks(low, high, 5);
  const Ticks x_ticks = nice_ticks(0, static_cast<double>(periods - 1), 8);
  const LinearScale x(0, std::max(1.0, static_cast<double>(periods - 1)), left, chart.width - right);
  const LinearScale y(y_ticks.min(), y_ticks.max(), chart.height - bottom, top);
  y_axis(svg, y, y_ticks, left, chart.width - right, chart.format, chart.y_label);
  x_axis(svg, x, x_ticks, chart.height - bottom, top, [](double v, const Ticks&) { return svg_number(v); },
         chart.x_label);

  double legend_x = left;
  for (const auto& s : chart.series) {
    if (s.points.empty()) continue;
    std::string band = "M", median = "M";
    for (std::size_t t = 0; t < s.points.size(); ++t) {
      const double px = x(static_cast<double>(t));
      band += (t ? " L" : "") + svg_number(px) + " " + svg_number(y(s.points[t].high));
      median += (t ? " L" : "") + svg_number(px) + " " + svg_number(y(s.points[t].p50));
    }
    for (std::size_t t = s.points.size(); t-- > 0;)
      band += " L" + svg_number(x(static_cast<double>(t))) + " " + svg_number(y(s.points[t].low));
    band += " Z";
    const auto& last = s.points.back();
    const std::string summary = s.label + ", last period: P50 " + chart.value_text(last.p50) + " [" + chart.low_label + " " +
                                chart.value_text(last.low) + ", " + chart.high_label + " " + chart.value_text(last.high) + "]";
    svg.path(band, s.colour, "none", 0, summary, "fill-opacity=\"0.16\" class=\"band\"");
    svg.path(median, "none", s.colour, 2, summary, "class=\"median\"");
    // Hover targets with the exact values of every period.
    for (std::size_t t = 0; t < s.points.size(); ++t) {
      const auto& p = s.points[t];
      svg.circle(x(static_cast<double>(t)), y(p.p50), 2.2, s.colour,
                 s.label + ", period " + std::to_string(t) + ": P50 " + chart.value_text(p.p50) + ", " + chart.low_label + " " +
                     chart.value_text(p.low) + ", " + chart.high_label + " " + chart.value_text(p.high) + ", mean " +
                     chart.value_text(p.mean));
    }
    svg.rect(legend_x, 28, 14, 10, s.colour, "", "fill-opacity=\"0.6\"");
    const std::string label = shorten(s.label, 26);
    svg.text(legend_x + 18, 37, label, "start", "class=\"legend\"");
    legend_x += 30 + 6.6 * static_cast<double>(label.size());
  }
  return svg.str();
}

}  // namespace journeysim
