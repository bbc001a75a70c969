#include "journeysim/model/period.hpp"

namespace journeysim {

int periods_per_year(Period period) {
  switch (period) {
    case Period::day: return 365;
    case Period::week: return 52;
    case Period::month: return 12;
    case Period::quarter: return 4;
    case Period::year: return 1;
  }
  return 12;
}

std::string to_string(Period period) {
  switch (period) {
    case Period::day: return "day";
    case Period::week: return "week";
    case Period::month: return "month";
    case Period::quarter: return "quarter";
    case Period::year: return "year";
  }
  return "month";
}

std::optional<Period> parse_period(std::string_view name) {
  if (name == "day") return Period::day;
  if (name == "week") return Period::week;
  if (name == "month") return Period::month;
  if (name == "quarter") return Period::quarter;
  if (name == "year") return Period::year;
  return std::nullopt;
}

}  // namespace journeysim
