#pragma once
/// \file Calendar arithmetic in UTC (proleptic Gregorian) and ISO 8601 timestamps.
/// Time is counted in milliseconds since 1970-01-01T00:00:00Z, so that events within one
/// second keep their order and any date from year 1 to 9999 fits.
#include <cstdint>
#include <string>
#include <string_view>

namespace journeysim {

/// Milliseconds since the Unix epoch, UTC.
using UtcMillis = std::int64_t;

inline constexpr UtcMillis millis_per_day = 86'400'000;

/// A calendar date.
struct CivilDate {
  int year = 1970;
  int month = 1;  ///< 1..12
  int day = 1;    ///< 1..31
};

/// Days since 1970-01-01 of a date (negative before); valid for any proleptic Gregorian date.
/// Example: days_from_civil({2000, 3, 1}) == 11017.
std::int64_t days_from_civil(CivilDate date);

/// The date `days` after 1970-01-01 (inverse of days_from_civil).
CivilDate civil_from_days(std::int64_t days);

/// Days in a month of a year (leap years by the Gregorian rule).
int days_in_month(int year, int month);

/// Parses an ISO 8601 date (`2026-03-01`) or date-time (`2026-03-01T12:00[:00[.123]]`, a
/// space may replace `T`) with an optional `Z` or `±hh:mm` / `±hhmm` / `±hh` offset; the result
/// is normalized to UTC (a time without an offset is taken as UTC). On failure returns false
/// and sets `problem` to why, e.g. "day 30 does not exist in February 2026".
bool parse_iso_timestamp(std::string_view text, UtcMillis& out, std::string& problem);

/// "2026-03-01T12:00:00Z" (milliseconds shown only when not zero).
std::string format_iso_timestamp(UtcMillis time);

/// Appends format_iso_timestamp(time) to `out` without printf (event-log writers call it once
/// per row).
void append_iso_timestamp(std::string& out, UtcMillis time);

/// "2026-03-01".
std::string format_iso_date(UtcMillis time);

/// Floor division for negative times (C++ `/` truncates toward zero).
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  const std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace journeysim
