#include "journeysim/calibrate/period_clock.hpp"

namespace journeysim {
namespace {
// 1969-12-29 was a Monday: day −3 of the epoch. Shifting by 3 makes weeks start on Mondays.
constexpr std::int64_t monday_shift_days = 3;
}  // namespace

std::int64_t period_of(UtcMillis time, Period period) {
  const std::int64_t day = floor_div(time, millis_per_day);
  switch (period) {
    case Period::day: return day;
    case Period::week: return floor_div(day + monday_shift_days, 7);
    case Period::month:
    case Period::quarter:
    case Period::year: {
      const CivilDate date = civil_from_days(day);
      const std::int64_t month = std::int64_t{date.year} * 12 + date.month - 1;
      return period == Period::month ? month : floor_div(month, period == Period::quarter ? 3 : 12);
    }
  }
  return day;
}

UtcMillis period_start(std::int64_t index, Period period) {
  switch (period) {
    case Period::day: return index * millis_per_day;
    case Period::week: return (index * 7 - monday_shift_days) * millis_per_day;
    case Period::month:
    case Period::quarter:
    case Period::year: {
      const std::int64_t month = period == Period::month ? index : index * (period == Period::quarter ? 3 : 12);
      const CivilDate first{static_cast<int>(floor_div(month, 12)), static_cast<int>(month - floor_div(month, 12) * 12) + 1, 1};
      return days_from_civil(first) * millis_per_day;
    }
  }
  return index * millis_per_day;
}

}  // namespace journeysim
