#include "journeysim/report/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

std::string format_money_short(double value, const std::string& currency) {
  static const char* const suffixes[] = {"", "k", "M", "B"};
  const double magnitude = std::fabs(value);
  std::size_t unit = 0;
  while (unit + 1 < std::size(suffixes) && magnitude >= std::pow(1000.0, static_cast<double>(unit + 1))) ++unit;
  char buffer[64];
  for (;;) {
    const double scaled = magnitude / std::pow(1000.0, static_cast<double>(unit));
    // Three significant digits: $1.92M, $41.2k, $512.
    const int decimals = unit == 0 ? 0 : (scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2);
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, scaled);
    // Rounding may reach the next unit (999,999 -> "1000k"): say $1.00M instead.
    if (std::strtod(buffer, nullptr) < 1000 || unit + 1 == std::size(suffixes)) break;
    ++unit;
  }
  const std::string number = std::string(buffer) + suffixes[unit];
  const bool negative = value < 0 && number.find_first_not_of("0.kMB") != std::string::npos;
  return (negative ? "-" : "") + currency_symbol(currency) + number;
}

std::string format_percent(double share, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f%%", decimals, share * 100);
  return buffer;
}

std::string format_exact(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace journeysim
