#include "journeysim/core/civil_time.hpp"

#include <cstdio>

namespace journeysim {

// Howard Hinnant's days_from_civil / civil_from_days (public domain, "chrono-Compatible
// Low-Level Date Algorithms"): exact for the whole proleptic Gregorian calendar.
std::int64_t days_from_civil(CivilDate date) {
  const std::int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (date.month + 9) % 12;  // March = 0
  const std::int64_t doy = (153 * mp + 2) / 5 + date.day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0)), month, day};
}

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

namespace {

const char* const month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                   "July",    "August",   "September", "October", "November", "December"};

/// Reads exactly `n` digits at text[pos]; false when any is not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t n, int& value) {
  if (pos + n > text.size()) return false;
  value = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  return true;
}

bool fail(std::string& problem, std::string why) {
  problem = std::move(why);
  return false;
}

/// The `Z` / `±hh[:mm]` suffix at text[pos..]; offset in minutes east of UTC.
bool parse_offset(std::string_view text, std::size_t pos, int& offset_minutes, std::string& problem) {
  offset_minutes = 0;
  if (pos == text.size()) return true;
  const char sign = text[pos];
  if ((sign == 'Z' || sign == 'z') && pos + 1 == text.size()) return true;
  if (sign != '+' && sign != '-')
    return fail(problem, "unexpected '" + std::string(text.substr(pos)) + "' after the time (expected Z or ±hh:mm)");
  int hours = 0, minutes = 0;
  std::size_t p = pos + 1;
  if (!digits(text, p, 2, hours)) return fail(problem, "the UTC offset must be ±hh:mm");
  p += 2;
  if (p < text.size() && text[p] == ':') ++p;
  if (p < text.size()) {
    if (!digits(text, p, 2, minutes)) return fail(problem, "the UTC offset must be ±hh:mm");
    p += 2;
  }
  if (p != text.size()) return fail(problem, "unexpected text after the UTC offset");
  if (hours > 14 || minutes > 59) return fail(problem, "UTC offset out of range (at most ±14:00)");
  offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
  return true;
}

}  // namespace

namespace {

/// Days from 1970-01-01 to the first of each month of 1970 … 2199, so the common case of
/// parsing costs a table lookup instead of the general calendar arithmetic (years up to 2198
/// use it: a month's length is the next entry minus its own).
constexpr int table_first_year = 1970, table_years = 230;
const std::int32_t* month_start_days() {
  static const auto table = [] {
    static std::int32_t days[table_years * 12];
    for (int y = 0; y < table_years; ++y)
      for (int m = 0; m < 12; ++m) days[y * 12 + m] = static_cast<std::int32_t>(days_from_civil({table_first_year + y, m + 1, 1}));
    return days;
  }();
  return table;
}

/// Two ASCII digits at p, or -1.
int two_digits(const char* p) {
  const unsigned a = static_cast<unsigned char>(p[0]) - '0', b = static_cast<unsigned char>(p[1]) - '0';
  return a < 10 && b < 10 ? static_cast<int>(a * 10 + b) : -1;
}

/// The shapes nearly every export uses, "YYYY-MM-DD" and "YYYY-MM-DDThh:mm:ssZ", with valid
/// fields and a year in the table; false leaves everything else to the general parser (which
/// gives the same value for these, and the error messages).
bool parse_common_timestamp(std::string_view text, UtcMillis& out) {
  if (text.size() != 10 && !(text.size() == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == 'Z'))
    return false;
  const char* t = text.data();
  const int century = two_digits(t), decade = two_digits(t + 2), month = two_digits(t + 5), day = two_digits(t + 8);
  if (century < 0 || decade < 0 || t[4] != '-' || t[7] != '-' || month < 1 || month > 12 || day < 1) return false;
  const int year = century * 100 + decade;
  if (year < table_first_year || year >= table_first_year + table_years - 1) return false;
  const std::int32_t* month_start = month_start_days() + (year - table_first_year) * 12 + month - 1;
  if (day > month_start[1] - month_start[0]) return false;  // the month's length, from the table
  std::int64_t seconds = 0;
  if (text.size() == 20) {
    const int hour = two_digits(t + 11), minute = two_digits(t + 14), second = two_digits(t + 17);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
    seconds = (static_cast<std::int64_t>(hour) * 60 + minute) * 60 + second;
  }
  const std::int64_t days = month_start[0] + day - 1;
  out = days * millis_per_day + seconds * 1000;
  return true;
}

}  // namespace

bool parse_iso_timestamp(std::string_view text, UtcMillis& out, std::string& problem) {
  if (parse_common_timestamp(text, out)) return true;
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty()) return fail(problem, "empty timestamp");
  CivilDate date;
  if (!digits(text, 0, 4, date.year) || text.size() < 10 || text[4] != '-' ||
      !digits(text, 5, 2, date.month) || text[7] != '-' || !digits(text, 8, 2, date.day))
    return fail(problem, "expected an ISO 8601 date YYYY-MM-DD or date-time YYYY-MM-DDThh:mm:ssZ");
  if (date.month < 1 || date.month > 12)
    return fail(problem, "month " + std::to_string(date.month) + " does not exist (months are 01-12)");
  if (date.day < 1 || date.day > days_in_month(date.year, date.month))
    return fail(problem, "day " + std::to_string(date.day) + " does not exist in " +
                             month_names[date.month - 1] + " " + std::to_string(date.year));
  int hour = 0, minute = 0, second = 0, millis = 0, offset = 0;
  std::size_t p = 10;
  if (p < text.size()) {
    if (text[p] != 'T' && text[p] != 't' && text[p] != ' ')
      return fail(problem, "expected 'T' between the date and the time");
    if (!digits(text, p + 1, 2, hour) || p + 3 >= text.size() || text[p + 3] != ':' ||
        !digits(text, p + 4, 2, minute))
      return fail(problem, "expected the time as hh:mm or hh:mm:ss after the date");
    p += 6;
    if (p < text.size() && text[p] == ':') {
      if (!digits(text, p + 1, 2, second)) return fail(problem, "expected seconds as two digits");
      p += 3;
      if (p < text.size() && (text[p] == '.' || text[p] == ',')) {
        ++p;
        int scale = 100, count = 0;
        for (; p < text.size() && text[p] >= '0' && text[p] <= '9'; ++p, ++count) {
          // Sub-millisecond digits are dropped: events are ordered to the millisecond.
          millis += (text[p] - '0') * scale;
          scale /= 10;
        }
        if (count == 0) return fail(problem, "expected digits after the decimal point of the seconds");
      }
    }
    if (hour > 23) return fail(problem, "hour " + std::to_string(hour) + " does not exist (hours are 00-23)");
    if (minute > 59) return fail(problem, "minute " + std::to_string(minute) + " does not exist (minutes are 00-59)");
    if (second > 59) return fail(problem, "second " + std::to_string(second) + " does not exist (seconds are 00-59)");
    if (!parse_offset(text, p, offset, problem)) return false;
  }
  out = days_from_civil(date) * millis_per_day +
        ((static_cast<std::int64_t>(hour) * 60 + minute - offset) * 60 + second) * 1000 + millis;
  return true;
}

std::string format_iso_date(UtcMillis time) {
  const CivilDate d = civil_from_days(floor_div(time, millis_per_day));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

void append_iso_timestamp(std::string& out, UtcMillis time) {
  const std::int64_t days = floor_div(time, millis_per_day);
  const CivilDate d = civil_from_days(days);
  if (d.year < 0 || d.year > 9999) {  // printf's widths for years that need more than 4 digits
    out += format_iso_timestamp(time);
    return;
  }
  const auto in_day = static_cast<int>(time - days * millis_per_day);
  const int seconds = in_day / 1000, millis = in_day % 1000;
  char b[24] = {};
  auto two = [&](int at, int v) {
    b[at] = static_cast<char>('0' + v / 10);
    b[at + 1] = static_cast<char>('0' + v % 10);
  };
  two(0, d.year / 100);
  two(2, d.year % 100);
  b[4] = '-';
  two(5, d.month);
  b[7] = '-';
  two(8, d.day);
  b[10] = 'T';
  two(11, seconds / 3600);
  b[13] = ':';
  two(14, seconds / 60 % 60);
  b[16] = ':';
  two(17, seconds % 60);
  std::size_t size = 19;
  if (millis != 0) {
    b[19] = '.';
    b[20] = static_cast<char>('0' + millis / 100);
    two(21, millis % 100);
    size = 23;
  }
  out.append(b, size);
  out += 'Z';
}

std::string format_iso_timestamp(UtcMillis time) {
  const std::int64_t in_day = time - floor_div(time, millis_per_day) * millis_per_day;
  const int ms = static_cast<int>(in_day % 1000);
  const int s = static_cast<int>(in_day / 1000);
  char buffer[64];
  if (ms == 0)
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02dZ", s / 3600, s / 60 % 60, s % 60);
  else
    std::snprintf(buffer, sizeof buffer, "T%02d:%02d:%02d.%03dZ", s / 3600, s / 60 % 60, s % 60, ms);
  return format_iso_date(time) + buffer;
}

}  // namespace journeysim
