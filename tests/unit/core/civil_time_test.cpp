// ISO 8601 timestamps and calendar arithmetic, against hand-checked instants.
#include <catch2/catch.hpp>
#include <cstdio>
#include <random>

#include "journeysim/core/civil_time.hpp"

using namespace journeysim;

namespace {
UtcMillis parse(const std::string& text) {
  UtcMillis t = 0;
  std::string problem;
  REQUIRE(parse_iso_timestamp(text, t, problem));
  return t;
}
std::string problem_of(const std::string& text) {
  UtcMillis t = 0;
  std::string problem;
  REQUIRE_FALSE(parse_iso_timestamp(text, t, problem));
  return problem;
}
}  // namespace

TEST_CASE("days_from_civil and civil_from_days agree with known dates") {
  CHECK(days_from_civil({1970, 1, 1}) == 0);
  CHECK(days_from_civil({2000, 3, 1}) == 11017);
  CHECK(days_from_civil({1969, 12, 31}) == -1);
  for (std::int64_t d = -800000; d < 800000; d += 997) {
    const CivilDate date = civil_from_days(d);
    CHECK(days_from_civil(date) == d);
  }
  CHECK(days_in_month(2024, 2) == 29);
  CHECK(days_in_month(2023, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2000, 2) == 29);
}

TEST_CASE("ISO dates and date-times normalize to UTC") {
  // 2026-03-01T12:00:00Z = 1772366400 s since the epoch (date -d @1772366400 -u).
  CHECK(parse("2026-03-01T12:00:00Z") == 1772366400000LL);
  CHECK(parse("2026-03-01") == 1772323200000LL);
  CHECK(parse("2026-03-01T14:00:00+02:00") == 1772366400000LL);
  CHECK(parse("2026-03-01T07:30:00-04:30") == 1772366400000LL);
  CHECK(parse("2026-03-01T14:00:00+0200") == 1772366400000LL);
  CHECK(parse("2026-03-01T14:00+02") == 1772366400000LL);
  CHECK(parse("2026-03-01 12:00:00") == 1772366400000LL);
  CHECK(parse("2026-03-01T12:00:00.250Z") == 1772366400250LL);
  CHECK(parse("2026-03-01T00:30:00+01:00") == parse("2026-02-28T23:30:00Z"));
  CHECK(parse("2024-02-29") == parse("2024-03-01") - millis_per_day);
  CHECK(format_iso_timestamp(parse("2026-03-01T14:00:00+02:00")) == "2026-03-01T12:00:00Z");
  CHECK(format_iso_date(parse("1969-12-31T23:59:59Z")) == "1969-12-31");
}

TEST_CASE("impossible timestamps say why") {
  CHECK(problem_of("2026-02-30") == "day 30 does not exist in February 2026");
  CHECK(problem_of("2023-02-29") == "day 29 does not exist in February 2023");
  CHECK(problem_of("2026-13-01") == "month 13 does not exist (months are 01-12)");
  CHECK(problem_of("2026-03-01T24:00:00Z") == "hour 24 does not exist (hours are 00-23)");
  CHECK(problem_of("2026-03-01T12:60:00Z") == "minute 60 does not exist (minutes are 00-59)");
  CHECK(problem_of("2026-03-01T12:00:00+15:00") == "UTC offset out of range (at most ±14:00)");
  CHECK(problem_of("03/01/2026").find("expected an ISO 8601 date") == 0);
  CHECK(problem_of("2026-03-01T12:00:00 UTC").find("unexpected") == 0);
  CHECK(problem_of("") == "empty timestamp");
}

TEST_CASE("the fast path for common timestamp shapes agrees with the general parser") {
  // "YYYY-MM-DD" and "YYYY-MM-DDThh:mm:ssZ" take a table lookup; the same instant written with
  // an explicit +00:00 offset takes the general path (Hinnant's days_from_civil). Every day
  // of 1969 … 2200 (the table covers 1970 … 2199), at a time that varies with the day.
  std::mt19937 random(7);
  char fast[32], general[40];
  int checked = 0;
  for (std::int64_t day = days_from_civil({1969, 1, 1}); day <= days_from_civil({2200, 12, 31}); ++day) {
    const CivilDate d = civil_from_days(day);
    const int hour = static_cast<int>(random() % 24), minute = static_cast<int>(random() % 60),
              second = static_cast<int>(random() % 60);
    std::snprintf(fast, sizeof fast, "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day, hour, minute, second);
    std::snprintf(general, sizeof general, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", d.year, d.month, d.day, hour, minute,
                  second);
    CHECK(parse(fast) == parse(general));
    std::snprintf(fast, sizeof fast, "%04d-%02d-%02d", d.year, d.month, d.day);
    CHECK(parse(fast) == day * millis_per_day);
    ++checked;
  }
  CHECK(checked == 84736);  // days from 1969-01-01 to 2200-12-31 inclusive
  // Invalid fields in the fast shapes still get the general parser's messages.
  CHECK(problem_of("2026-02-29") == "day 29 does not exist in February 2026");
  CHECK(problem_of("2026-13-01T00:00:00Z") == "month 13 does not exist (months are 01-12)");
  CHECK(problem_of("2026-01-01T24:00:00Z") == "hour 24 does not exist (hours are 00-23)");
  CHECK(problem_of("2026-01-01T10:60:00Z") == "minute 60 does not exist (minutes are 00-59)");
}

TEST_CASE("append_iso_timestamp writes what format_iso_timestamp writes", "[civil_time]") {
  // Every day 1969–2200 at a few instants (with and without milliseconds), plus years beyond
  // 9999 that fall back to printf's widths: one text for a time, whichever writer is used.
  for (std::int64_t day = days_from_civil({1969, 1, 1}); day <= days_from_civil({2200, 12, 31}); ++day)
    for (const UtcMillis in_day : {UtcMillis{0}, UtcMillis{45'296'000}, UtcMillis{86'399'999}, UtcMillis{3'723'004}}) {
      const UtcMillis t = day * millis_per_day + in_day;
      std::string text = "x";
      append_iso_timestamp(text, t);
      REQUIRE(text == "x" + format_iso_timestamp(t));
    }
  const UtcMillis far = days_from_civil({12026, 3, 1}) * millis_per_day;
  std::string text;
  append_iso_timestamp(text, far);
  CHECK(text == "12026-03-01T00:00:00Z");
  CHECK(format_iso_timestamp(days_from_civil({2026, 3, 1}) * millis_per_day + 5) == "2026-03-01T00:00:00.005Z");
}
