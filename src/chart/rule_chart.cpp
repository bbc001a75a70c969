#include "journeysim/chart/rule_chart.hpp"

#include <algorithm>

#include "journeysim/core/number_text.hpp"

namespace journeysim {

std::string render_rule_chart(const RuleChart& chart) {
  constexpr double left = 70, right = 20, top = 34, bottom = 46;
  Svg svg(chart.width, chart.height, chart.title);
  double high = chart.capacity.value_or(0);
  for (double v : chart.triggered) high = std::max(high, v);
  if (high <= 0) high = 1;
  const Ticks y_ticks = nice_ticks(0, high, 4);
  const LinearScale y(y_ticks.min(), y_ticks.max(), chart.height - bottom, top);
  const double periods = static_cast<double>(std::max<std::size_t>(1, chart.triggered.size()));
  const Ticks x_ticks = nice_ticks(0, periods, 6);
  const LinearScale x(0, periods, left, chart.width - right);
  y_axis(svg, y, y_ticks, left, chart.width - right, count_ticks(), "customers");
  x_axis(svg, x, x_ticks, chart.height - bottom, top, count_ticks(), chart.period);
  const double slot = (chart.width - left - right) / periods;
  const double bar = std::max(1.0, slot * 0.8);
  for (std::size_t t = 0; t < chart.triggered.size(); ++t) {
    const double x0 = x(static_cast<double>(t)) + (slot - bar) / 2;
    const double served = t < chart.served.size() ? chart.served[t] : 0;
    const std::string tip = chart.period + " " + std::to_string(t) + ": " + format_grouped(chart.triggered[t]) +
                            " triggered, " + format_grouped(served) + " served";
    svg.rect(x0, y(chart.triggered[t]), bar, y(0) - y(chart.triggered[t]), palette::sky, tip, "class=\"bar\"");
    svg.rect(x0, y(served), bar, y(0) - y(served), palette::blue, tip, "class=\"bar\"");
  }
  if (chart.capacity) {
    svg.line(left, y(*chart.capacity), chart.width - right, y(*chart.capacity), palette::vermillion, 1.5,
             "stroke-dasharray=\"6 4\"");
    svg.text(chart.width - right, y(*chart.capacity) - 4, "capacity " + format_grouped(*chart.capacity), "end",
             "class=\"label\"");
  }
  return svg.str();
}

}  // namespace journeysim
