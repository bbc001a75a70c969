#include "journeysim/chart/emotion_curve.hpp"

#include <algorithm>
#include <cstdio>

#include "journeysim/chart/svg.hpp"

namespace journeysim {

std::string render_emotion_curve(const EmotionCurve& curve) {
  const std::size_t n = curve.emotion.size();
  const double width = curve.column_width * static_cast<double>(std::max<std::size_t>(1, n));
  constexpr double pad = 14;
  Svg svg(width, curve.height, "Emotion across the stages (-1 frustrated … +1 delighted)", "emotion", false);
  const LinearScale y(-1, 1, curve.height - pad - 10, pad + 8);  // room under -1 for its label
  svg.line(0, y(0), width, y(0), "#bbbbbb", 1, "stroke-dasharray=\"4 3\"");
  svg.text(4, y(1) + 4, "+1", "start", "class=\"tick\"");
  svg.text(4, y(-1), "-1", "start", "class=\"tick\"");
  std::string path;
  bool drawing = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!curve.emotion[i]) {
      drawing = false;
      continue;
    }
    const double x = curve.column_width * (static_cast<double>(i) + 0.5);
    path += (drawing ? " L" : (path.empty() ? "M" : " M")) + svg_number(x) + " " +
            svg_number(y(std::clamp(*curve.emotion[i], -1.0, 1.0)));
    drawing = true;
  }
  if (!path.empty()) svg.path(path, "none", palette::ink, 2, "", "class=\"emotion-line\"");
  for (std::size_t i = 0; i < n; ++i) {
    if (!curve.emotion[i]) continue;
    const double v = *curve.emotion[i];
    const double x = curve.column_width * (static_cast<double>(i) + 0.5);
    char value[32];
    std::snprintf(value, sizeof value, "%+.2f", v);
    // The signed label repeats what the colour says, for readers who cannot tell them apart.
    svg.circle(x, y(std::clamp(v, -1.0, 1.0)), 6, v >= 0 ? palette::blue : palette::vermillion,
               (i < curve.stage_names.size() ? curve.stage_names[i] : "") + ": emotion " + value);
    svg.text(x, y(std::clamp(v, -1.0, 1.0)) + (v >= 0 ? -10 : 18), value, "middle", "class=\"value\"");
  }
  return svg.str();
}

}  // namespace journeysim
