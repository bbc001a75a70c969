#pragma once
/// \file Inline SVG for the report: escaping, deterministic numbers, a small element builder,
/// a colour-blind-safe palette and axes. Everything returns text; nothing touches files.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/chart/scale.hpp"

namespace journeysim {

/// Escapes text for HTML and SVG content and attribute values (& < > " ').
/// Example: escape_html("<b>\"A&B\"</b>") == "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;".
std::string escape_html(std::string_view text);

/// A coordinate for SVG attributes: at most two decimals, trailing zeros dropped, never "-0",
/// so the same chart always produces the same bytes. svg_number(12.345) == "12.35".
std::string svg_number(double value);

/// Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.
namespace palette {
inline constexpr const char* blue = "#0072B2";
inline constexpr const char* orange = "#E69F00";
inline constexpr const char* sky = "#56B4E9";
inline constexpr const char* green = "#009E73";
inline constexpr const char* vermillion = "#D55E00";
inline constexpr const char* purple = "#CC79A7";
inline constexpr const char* yellow = "#F0E442";
inline constexpr const char* grey = "#777777";
inline constexpr const char* ink = "#222222";
/// Series colour i (cycles through the distinguishable colours, baseline first in grey).
const char* series(std::size_t index);
}  // namespace palette

/// Builds one <svg> element. Text and tooltips passed in are escaped here, so callers pass
/// plain user strings. `tooltip` becomes a <title> child: exact values on hover.
class Svg {
 public:
  /// A chart of `width`×`height` CSS pixels; `title` is the accessible name and, when
  /// `show_title`, is drawn at the top left; `css_class` is added to the <svg> element.
  Svg(double width, double height, const std::string& title, const std::string& css_class = "chart",
      bool show_title = true);

  void rect(double x, double y, double w, double h, const std::string& fill, const std::string& tooltip = "",
            const std::string& extra = "");
  void line(double x1, double y1, double x2, double y2, const std::string& stroke, double width = 1,
            const std::string& extra = "");
  /// `anchor` is start, middle or end; `extra` holds further raw attributes (already safe).
  void text(double x, double y, const std::string& content, const std::string& anchor = "start",
            const std::string& extra = "");
  void path(const std::string& d, const std::string& fill, const std::string& stroke, double stroke_width,
            const std::string& tooltip = "", const std::string& extra = "");
  void circle(double cx, double cy, double r, const std::string& fill, const std::string& tooltip = "");

  double width() const { return width_; }
  double height() const { return height_; }
  /// The finished element.
  std::string str() const;

 private:
  double width_, height_;
  std::string title_, class_, body_;
  bool show_title_;
};

/// How an axis labels its ticks.
using TickFormat = std::function<std::string(double value, const Ticks& ticks)>;

/// Tick formats for money (short, e.g. "$1.5M"), counts ("12k") and shares ("25%").
TickFormat money_ticks(const std::string& currency);
TickFormat count_ticks();
TickFormat percent_ticks();

/// A horizontal axis at pixel row `y` with gridlines up to `grid_top`, tick labels and a label
/// centred below. Ticks outside the scale's domain are skipped.
void x_axis(Svg& svg, const LinearScale& scale, const Ticks& ticks, double y, double grid_top,
            const TickFormat& format, const std::string& label);

/// A vertical axis at pixel column `x` with gridlines to `grid_right`, tick labels to its left
/// and a rotated label.
void y_axis(Svg& svg, const LinearScale& scale, const Ticks& ticks, double x, double grid_right,
            const TickFormat& format, const std::string& label);

/// Splits a label into at most `max_lines` lines of about `max_chars` characters at spaces; the
/// last line is shortened with "…" when the text does not fit. Example:
/// wrap_words("Guided onboarding with templates", 18, 2) == {"Guided onboarding", "with templates"}.
std::vector<std::string> wrap_words(const std::string& text, std::size_t max_chars, std::size_t max_lines);

/// Truncates a label to `max_chars` characters (UTF-8 aware), adding "…" when cut; the full
/// text belongs in a tooltip.
std::string shorten(const std::string& text, std::size_t max_chars);

}  // namespace journeysim
