#pragma once
/// \file The time step of the chain.
#include <optional>
#include <string>
#include <string_view>

namespace journeysim {

/// The period of the Markov chain.
enum class Period { day, week, month, quarter, year };

/// Periods per year, for discounting and annualizing: day 365, week 52, month 12, quarter 4,
/// year 1.
int periods_per_year(Period period);
/// "day", "week", "month", "quarter", "year".
std::string to_string(Period period);
/// Parses a period name; nullopt when unknown.
std::optional<Period> parse_period(std::string_view name);

}  // namespace journeysim
