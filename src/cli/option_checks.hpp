#pragma once
// Checks for numeric options that CLI11 alone lets through: "-1" read into an unsigned option
// wraps to 2^64−1, "18446744073709551616" saturates to it, and "nan" passes every Range check
// (every comparison with NaN is false). Each check names the option's rule and the text given.
#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "journeysim/core/number_text.hpp"

namespace journeysim::cli {

/// Digits only (no sign, no exponent, no fraction), at most `max`.
inline CLI::Validator whole_number(std::uint64_t max = std::numeric_limits<std::uint64_t>::max()) {
  return CLI::Validator(
      [max](std::string& text) -> std::string {
        std::uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ptr != end || ec != std::errc{} || text.find_first_not_of("0123456789") != std::string::npos ||
            value > max)
          return "must be a whole number from 0 to " + std::to_string(max) + ", got '" + text + "'";
        return "";
      },
      "UINT<=" + std::to_string(max));
}

/// A finite number (not nan or inf) from `low` to `high`.
inline CLI::Validator finite_number(double low, double high) {
  return CLI::Validator(
      [low, high](std::string& text) -> std::string {
        double value = 0;
        const char* end = text.data() + text.size();
        const auto [ptr, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ptr != end || ec != std::errc{} || !std::isfinite(value) || value < low || value > high)
          return "must be a finite number from " + format_exact(low) + " to " + format_exact(high) + ", got '" + text +
                 "'";
        return "";
      },
      "NUMBER in [" + format_exact(low) + ", " + format_exact(high) + "]");
}

}  // namespace journeysim::cli
