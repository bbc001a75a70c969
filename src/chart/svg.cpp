#include "journeysim/chart/svg.hpp"

#include <cmath>
#include <cstdio>

#include "journeysim/core/number_text.hpp"

namespace journeysim {

std::string escape_html(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg_number(double value) {
  if (!std::isfinite(value)) return "0";
  std::string text = format_fixed(value, 2);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  if (text == "-0") text = "0";
  return text;
}

namespace palette {
const char* series(std::size_t index) {
  static const char* colours[] = {grey, blue, orange, green, purple, sky, vermillion};
  return colours[index % std::size(colours)];
}
}  // namespace palette

namespace {

std::string tooltip_element(const std::string& tooltip) {
  return tooltip.empty() ? "" : "<title>" + escape_html(tooltip) + "</title>";
}

/// An element with an optional <title> child; self-closing when there is none.
std::string element(const std::string& name, const std::string& attributes, const std::string& tooltip) {
  if (tooltip.empty()) return "<" + name + " " + attributes + "/>";
  return "<" + name + " " + attributes + ">" + tooltip_element(tooltip) + "</" + name + ">";
}

}  // namespace

Svg::Svg(double width, double height, const std::string& title, const std::string& css_class, bool show_title)
    : width_(width), height_(height), title_(title), class_(css_class), show_title_(show_title) {}

void Svg::rect(double x, double y, double w, double h, const std::string& fill, const std::string& tooltip,
               const std::string& extra) {
  body_ += element("rect", "x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" width=\"" +
                               svg_number(std::max(0.0, w)) + "\" height=\"" + svg_number(std::max(0.0, h)) +
                               "\" fill=\"" + fill + "\"" + (extra.empty() ? "" : " " + extra),
                   tooltip);
}

void Svg::line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
               const std::string& extra) {
  body_ += "<line x1=\"" + svg_number(x1) + "\" y1=\"" + svg_number(y1) + "\" x2=\"" + svg_number(x2) +
           "\" y2=\"" + svg_number(y2) + "\" stroke=\"" + stroke + "\" stroke-width=\"" + svg_number(width) +
           "\"" + (extra.empty() ? "" : " " + extra) + "/>";
}

void Svg::text(double x, double y, const std::string& content, const std::string& anchor, const std::string& extra) {
  body_ += "<text x=\"" + svg_number(x) + "\" y=\"" + svg_number(y) + "\" text-anchor=\"" + anchor + "\"" +
           (extra.empty() ? "" : " " + extra) + ">" + escape_html(content) + "</text>";
}

void Svg::path(const std::string& d, const std::string& fill, const std::string& stroke, double stroke_width,
               const std::string& tooltip, const std::string& extra) {
  body_ += element("path", "d=\"" + d + "\" fill=\"" + fill + "\" stroke=\"" + stroke + "\" stroke-width=\"" +
                               svg_number(stroke_width) + "\"" + (extra.empty() ? "" : " " + extra),
                   tooltip);
}

void Svg::circle(double cx, double cy, double r, const std::string& fill, const std::string& tooltip) {
  body_ += element("circle", "cx=\"" + svg_number(cx) + "\" cy=\"" + svg_number(cy) + "\" r=\"" + svg_number(r) +
                                 "\" fill=\"" + fill + "\"",
                   tooltip);
}

std::string Svg::str() const {
  const std::string w = svg_number(width_), h = svg_number(height_);
  // No xmlns: inline SVG in HTML gets its namespace from the parser, and the page then holds
  // no URL at all. The viewBox lets CSS shrink charts on narrow screens and in print.
  return "<svg class=\"" + class_ + "\" viewBox=\"0 0 " + w + " " + h +
         "\" width=\"" + w + "\" height=\"" + h + "\" role=\"img\" aria-label=\"" + escape_html(title_) +
         "\"><title>" + escape_html(title_) + "</title>" +
         (show_title_ ? "<text class=\"chart-title\" x=\"0\" y=\"16\">" + escape_html(title_) + "</text>" : "") +
         body_ + "</svg>";
}

TickFormat money_ticks(const std::string& currency) {
  return [currency](double value, const Ticks& ticks) {
    return format_money_tick(value, ticks.step, ticks.largest(), currency);
  };
}

TickFormat count_ticks() {
  return [](double value, const Ticks& ticks) { return format_count_tick(value, ticks.step, ticks.largest()); };
}

TickFormat percent_ticks() {
  return [](double value, const Ticks& ticks) { return format_percent_tick(value, ticks.step); };
}

namespace {
bool inside(const LinearScale& scale, double value) {
  const double lo = std::min(scale.domain_min(), scale.domain_max());
  const double hi = std::max(scale.domain_min(), scale.domain_max());
  const double slack = (hi - lo) * 1e-9;
  return value >= lo - slack && value <= hi + slack;
}

/// Calls `draw(value, pixel)` for each tick inside the scale's domain, in tick order.
template <class Draw>
void each_tick(const LinearScale& scale, const Ticks& ticks, Draw draw) {
  for (double v : ticks.values)
    if (inside(scale, v)) draw(v, scale(v));
}

/// A tick's grid line: the zero line as dark as the axis, the others faint.
const char* grid_colour(double value) { return value == 0 ? "#999" : "#e3e3e3"; }
}  // namespace

void x_axis(Svg& svg, const LinearScale& scale, const Ticks& ticks, double y, double grid_top,
            const TickFormat& format, const std::string& label) {
  each_tick(scale, ticks, [&](double v, double x) {
    svg.line(x, grid_top, x, y, grid_colour(v), 1);
    svg.text(x, y + 14, format(v, ticks), "middle", "class=\"tick\"");
  });
  svg.line(scale.range_min(), y, scale.range_max(), y, "#999", 1);
  svg.text((scale.range_min() + scale.range_max()) / 2, y + 32, label, "middle", "class=\"axis-label\"");
}

void y_axis(Svg& svg, const LinearScale& scale, const Ticks& ticks, double x, double grid_right,
            const TickFormat& format, const std::string& label) {
  each_tick(scale, ticks, [&](double v, double y) {
    svg.line(x, y, grid_right, y, grid_colour(v), 1);
    svg.text(x - 6, y + 4, format(v, ticks), "end", "class=\"tick\"");
  });
  svg.line(x, scale.range_min(), x, scale.range_max(), "#999", 1);
  const double middle = (scale.range_min() + scale.range_max()) / 2;
  svg.text(12, middle, label, "middle",
           "class=\"axis-label\" transform=\"rotate(-90 12 " + svg_number(middle) + ")\"");
}

std::vector<std::string> wrap_words(const std::string& text, std::size_t max_chars, std::size_t max_lines) {
  std::vector<std::string> lines;
  std::string rest = text;
  while (!rest.empty() && lines.size() + 1 < max_lines) {
    if (shorten(rest, max_chars) == rest) break;
    // The last space that keeps the line within max_chars (counted in bytes: a safe bound).
    std::size_t cut = rest.rfind(' ', max_chars);
    if (cut == std::string::npos || cut == 0) break;
    lines.push_back(rest.substr(0, cut));
    rest = rest.substr(cut + 1);
  }
  if (!rest.empty() || lines.empty()) lines.push_back(shorten(rest, max_chars));
  return lines;
}

std::string shorten(const std::string& text, std::size_t max_chars) {
  std::size_t chars = 0, cut = std::string::npos;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) return text.substr(0, cut) + "…";
  }
  return text;
}

}  // namespace journeysim
