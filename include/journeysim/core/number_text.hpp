#pragma once
/// \file Every number turned into text, in one place: exact round-trip text for CSV, JSON and
/// messages; fixed significant digits for YAML the readers check; and numbers for people
/// (currency, thousands separators, percentages, axis ticks).
#include <charconv>
#include <string>

namespace journeysim {

/// Thousands-grouped fixed-point number, e.g. format_grouped(41200.4, 0) == "41,200".
std::string format_grouped(double value, int decimals = 0);

/// Currency symbol for an ISO code ("USD" → "$", "EUR" → "€", "GBP" → "£"), else "CODE ".
std::string currency_symbol(const std::string& currency);

/// Exact money for tables: format_money(-41200, "USD") == "-$41,200".
std::string format_money(double value, const std::string& currency, int decimals = 0);

/// Rounded money for headlines and charts: 1'920'000 → "$1.92M", 41'200 → "$41.2k".
std::string format_money_short(double value, const std::string& currency);

/// Rounded count for charts: 1'920'000 → "1.92M", 41'200 → "41.2k", 512.4 → "512".
std::string format_count_short(double value);

/// Axis tick label for money: the unit (k, M, B) follows `largest` (the largest |tick|) and the
/// decimals follow `step`, so labels are short and distinct (whole values drop ".0"):
/// 0, 500000, 1000000 with step 500000 → "$0", "$0.5M", "$1M".
std::string format_money_tick(double value, double step, double largest, const std::string& currency);

/// Axis tick label for plain numbers, with the same unit and decimal rules as format_money_tick.
std::string format_count_tick(double value, double step, double largest);

/// Axis tick label for a share: ticks 0, 0.05, 0.1 → "0%", "5%", "10%"; 0.025 steps → "2.5%".
std::string format_percent_tick(double share, double step);

/// format_percent(0.934) == "93.4%".
std::string format_percent(double share, int decimals = 1);
/// A probability as a whole percent that never rounds a possibility into certainty or
/// impossibility: format_chance(0.9967) == ">99%", format_chance(0.003) == "<1%",
/// format_chance(1) == "100%", format_chance(0.42) == "42%".
std::string format_chance(double p);

/// Appends the shortest text that reads back to the same double (hot CSV writers: inline, no
/// temporary string).
inline void append_exact(std::string& out, double value) {
  char buffer[32];  // the shortest round-trip form of a double has at most 24 characters
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, result.ptr);
}

/// Shortest text that reads back to the same double (for messages and CSV).
inline std::string format_exact(double value) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

/// printf's %.{digits}g: `digits` significant digits, trailing zeros dropped, exponent when
/// short; zero of either sign is "0". format_significant(0.1234567890123, 10) == "0.123456789".
std::string format_significant(double value, int digits);

/// printf's %.{decimals}f, e.g. format_fixed(2.5, 0) == "2" (round half to even), for counts.
std::string format_fixed(double value, int decimals);

}  // namespace journeysim
