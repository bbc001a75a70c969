#pragma once
/// \file The emotion lane of the journey map: a curve across the stage columns, -1 … +1.
#include <optional>
#include <string>
#include <vector>

namespace journeysim {

/// One point per stage column; stages without an emotion leave a gap in the curve.
struct EmotionCurve {
  std::vector<std::string> stage_names;
  std::vector<std::optional<double>> emotion;  ///< -1 (frustrated) .. +1 (delighted)
  double column_width = 170;                   ///< must equal the map's column width
  double height = 110;
};

/// An <svg> exactly `column_width` × stages wide, each point centred in its column, so it lines
/// up with the journey-map table above and below it.
std::string render_emotion_curve(const EmotionCurve& curve);

}  // namespace journeysim
