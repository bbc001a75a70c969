#include "journeysim/chart/waterfall_chart.hpp"

#include <algorithm>

namespace journeysim {

std::string render_waterfall_chart(const WaterfallChart& chart) {
  constexpr double left = 86, right = 20, top = 34, bottom = 74;
  Svg svg(chart.width, chart.height, chart.title);
  double running = 0, low = 0, high = 0;
  for (const auto& s : chart.steps) {
    running += s.delta;
    low = std::min(low, running);
    high = std::max(high, running);
  }
  if (low == high) high = 1;
  const Ticks ticks = nice_ticks(low, high, 5);
  const LinearScale y(ticks.min(), ticks.max(), chart.height - bottom, top);
  y_axis(svg, y, ticks, left, chart.width - right, chart.format, chart.y_label);
  svg.line(left, y(0), chart.width - right, y(0), "#999", 1);

  const std::size_t bars = chart.steps.size() + 1;
  const double slot = (chart.width - left - right) / static_cast<double>(bars);
  const double bar = std::min(90.0, slot * 0.62);
  running = 0;
  auto draw = [&](std::size_t i, double from, double to, const std::string& colour, const std::string& label,
                  const std::string& text, const std::string& tip) {
    const double cx = left + slot * (static_cast<double>(i) + 0.5);
    const double y0 = y(std::max(from, to)), y1 = y(std::min(from, to));
    svg.rect(cx - bar / 2, y0, bar, std::max(1.0, y1 - y0), colour, label + ": " + tip, "class=\"step\"");
    svg.text(cx, y0 - 4, text, "middle", "class=\"value\"");
    // Labels wrap onto two lines, then shorten; the full label is in the tooltip.
    const auto lines = wrap_words(label, static_cast<std::size_t>(std::max(6.0, slot / 7.2)), 2);
    for (std::size_t l = 0; l < lines.size(); ++l)
      svg.text(cx, chart.height - bottom + 16 + 14 * static_cast<double>(l), lines[l], "middle", "class=\"label\"");
    if (i + 1 < bars) {
      const double next = left + slot * (static_cast<double>(i) + 1.5);
      svg.line(cx + bar / 2, y(to), next - bar / 2, y(to), "#999", 1, "stroke-dasharray=\"3 2\"");
    }
  };
  for (std::size_t i = 0; i < chart.steps.size(); ++i) {
    const auto& s = chart.steps[i];
    draw(i, running, running + s.delta, s.delta >= 0 ? palette::blue : palette::vermillion, s.label, s.value_text,
         s.tooltip);
    running += s.delta;
  }
  draw(chart.steps.size(), 0, running, palette::grey, chart.total_label, chart.total_text, chart.total_tooltip);
  return svg.str();
}

}  // namespace journeysim
