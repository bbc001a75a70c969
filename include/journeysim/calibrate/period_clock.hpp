#pragma once
/// \file Periods as integers on the UTC calendar, so timestamps bucket with one division.
/// Day n is n days after 1970-01-01; weeks start on Monday (ISO), week 0 being the one that
/// starts on 1969-12-29; month = 12·year + month − 1; quarter = 4·year + (month − 1) / 3; year = the calendar year.
/// Consecutive periods have consecutive numbers.
#include <cstdint>

#include "journeysim/core/civil_time.hpp"
#include "journeysim/model/period.hpp"

namespace journeysim {

/// The number of the period containing `time`.
/// Example: period_of(<2026-03-15T10:00Z>, Period::month) == 2026 * 12 + 2.
std::int64_t period_of(UtcMillis time, Period period);

/// The first millisecond of period number `index`.
UtcMillis period_start(std::int64_t index, Period period);

/// Length of period `index` in milliseconds (months, quarters and years vary).
inline UtcMillis period_length(std::int64_t index, Period period) {
  return period_start(index + 1, period) - period_start(index, period);
}

}  // namespace journeysim
