#include "iso_date.hpp"

#include <array>
#include <cctype>

namespace journeysim::iso {
namespace {

/// The number written by `count` digits at `at`, or -1 when any of them is not a digit.
int digits(const std::string& text, std::size_t at, std::size_t count) {
  if (at + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

bool leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

std::optional<std::string> date_problem(const std::string& text) {
  static const std::array<const char*, 12> months{"January", "February", "March",     "April",   "May",      "June",
                                                  "July",    "August",   "September", "October", "November", "December"};
  const std::string shape = "expected a date YYYY-MM-DD or date-time YYYY-MM-DDTHH:MM:SS";
  const int year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0 || text[4] != '-' || text[7] != '-') return shape;
  if (year < 1970 || year > 9999) return "year " + std::to_string(year) + " is outside 1970-9999";
  if (month < 1 || month > 12) return "month " + std::to_string(month) + " is out of range 01-12";
  static const std::array<int, 12> length{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = length[static_cast<std::size_t>(month - 1)] + (month == 2 && leap(year) ? 1 : 0);
  if (day < 1 || day > days)
    return std::string(months[static_cast<std::size_t>(month - 1)]) + " " + std::to_string(year) + " has " +
           std::to_string(days) + " days, not " + std::to_string(day);
  if (text.size() == 10) return std::nullopt;
  const int hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if ((text[10] != 'T' && text[10] != ' ') || hour < 0 || minute < 0 || second < 0 || text[13] != ':' ||
      text[16] != ':')
    return shape;
  if (hour > 23) return "hour " + std::to_string(hour) + " is out of range 00-23";
  if (minute > 59) return "minute " + std::to_string(minute) + " is out of range 00-59";
  if (second > 59) return "second " + std::to_string(second) + " is out of range 00-59";
  if (text.size() == 19 || (text.size() == 20 && text[19] == 'Z')) return std::nullopt;
  return shape;
}

}  // namespace journeysim::iso
