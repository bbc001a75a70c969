#include "journeysim/core/number_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <iterator>

namespace journeysim {

std::string format_grouped(double value, int decimals) {
  if (!std::isfinite(value)) return std::isnan(value) ? "n/a" : (value > 0 ? "inf" : "-inf");
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value));
  std::string digits(buffer);
  const auto dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : digits.substr(dot);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  const bool negative = value < 0 && (grouped + fraction).find_first_not_of("0.,") != std::string::npos;
  return (negative ? "-" : "") + grouped + fraction;
}

std::string currency_symbol(const std::string& currency) {
  if (currency == "USD" || currency == "CAD" || currency == "AUD") return "$";
  if (currency == "EUR") return "€";
  if (currency == "GBP") return "£";
  if (currency == "JPY") return "¥";
  return currency + " ";
}

std::string format_money(double value, const std::string& currency, int decimals) {
  const std::string text = format_grouped(value, decimals);
  if (!text.empty() && text[0] == '-') return "-" + currency_symbol(currency) + text.substr(1);
  return currency_symbol(currency) + text;
}

namespace {

/// A magnitude written with three significant digits and a unit suffix ("1.92M", "41.2k"),
/// without sign. Rounding can carry into the next unit (999'999 → "1.00M", not "1000k").
std::string short_magnitude(double magnitude) {
  static const struct { double size; const char* suffix; } units[] = {{1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (std::size_t i = 0; i < std::size(units); ++i) {
    if (magnitude < units[i].size * 0.9995) continue;  // 999.5 rounds to 1.00k, not 1000
    const double scaled = magnitude / units[i].size;
    const int decimals = scaled >= 99.95 ? 0 : scaled >= 9.995 ? 1 : 2;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f%s", decimals, scaled, units[i].suffix);
    return buffer;
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.0f", magnitude);
  return buffer;
}

bool rounds_to_zero(const std::string& text) {
  return text.find_first_not_of("0.kMB") == std::string::npos;
}

/// Unit (divisor and suffix) chosen by the largest tick, so all ticks of an axis share it.
std::pair<double, const char*> tick_unit(double largest) {
  largest = std::fabs(largest);
  if (largest >= 1e9) return {1e9, "B"};
  if (largest >= 1e6) return {1e6, "M"};
  if (largest >= 1e3) return {1e3, "k"};
  return {1, ""};
}

/// Decimals needed to tell ticks `step` apart once divided by `unit`.
int tick_decimals(double step, double unit) {
  const double scaled = std::fabs(step) / unit;
  if (scaled <= 0 || !std::isfinite(scaled)) return 0;
  int decimals = 0;
  while (decimals < 6 && std::fabs(scaled * std::pow(10.0, decimals) - std::round(scaled * std::pow(10.0, decimals))) > 1e-6)
    ++decimals;
  return decimals;
}

std::string tick_text(double value, double step, double largest) {
  const auto [unit, suffix] = tick_unit(largest);
  const int decimals = tick_decimals(step, unit);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::fabs(value) / unit);
  std::string text = buffer;
  if (rounds_to_zero(text)) return "0";
  // "1.0M" beside "0.5M" reads as noise: whole values drop their zeros.
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  return text + suffix;
}

}  // namespace

std::string format_money_short(double value, const std::string& currency) {
  if (!std::isfinite(value)) return format_grouped(value);
  const std::string text = short_magnitude(std::fabs(value));
  const bool negative = value < 0 && !rounds_to_zero(text);
  return (negative ? "-" : "") + currency_symbol(currency) + text;
}

std::string format_count_short(double value) {
  if (!std::isfinite(value)) return format_grouped(value);
  const std::string text = short_magnitude(std::fabs(value));
  const bool negative = value < 0 && !rounds_to_zero(text);
  return (negative ? "-" : "") + text;
}

std::string format_money_tick(double value, double step, double largest, const std::string& currency) {
  const std::string text = tick_text(value, step, largest);
  return (value < 0 && text != "0" ? "-" : "") + currency_symbol(currency) + text;
}

std::string format_count_tick(double value, double step, double largest) {
  const std::string text = tick_text(value, step, largest);
  return (value < 0 && text != "0" ? "-" : "") + text;
}

std::string format_percent_tick(double share, double step) {
  const int decimals = tick_decimals(step * 100, 1);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f%%", decimals, share * 100);
  std::string text = buffer;
  if (text[0] == '-' && text.find_first_not_of("-0.%") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string format_percent(double share, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f%%", decimals, share * 100);
  return buffer;
}

std::string format_chance(double p) {
  // Decided on the rounded text itself: printf rounds 0.5 to even, so 0.005 would print "0%".
  const std::string text = format_percent(p, 0);
  if (p < 1 && text == "100%") return ">99%";
  if (p > 0 && text == "0%") return "<1%";
  return text;
}

std::string format_significant(double value, int digits) {
  if (value == 0) return "0";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
  return buffer;
}

std::string format_fixed(double value, int decimals) {
  char buffer[400];  // %.0f of the largest double has 309 digits
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

}  // namespace journeysim
