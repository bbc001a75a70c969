// Numbers for people: grouping, money, percentages, exact round-trip text.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <limits>

#include "journeysim/core/number_text.hpp"

using namespace journeysim;

TEST_CASE("format_grouped groups thousands and rounds", "[format]") {
  CHECK(format_grouped(41200.4, 0) == "41,200");
  CHECK(format_grouped(1234567.891, 2) == "1,234,567.89");
  CHECK(format_grouped(999, 0) == "999");
  CHECK(format_grouped(1000, 0) == "1,000");
  CHECK(format_grouped(0, 0) == "0");
  CHECK(format_grouped(-1234.5, 1) == "-1,234.5");
  // Rounding to zero must not leave a sign: "-0" reads as a loss.
  CHECK(format_grouped(-0.4, 0) == "0");
  CHECK(format_grouped(-0.004, 2) == "0.00");
}

TEST_CASE("format_grouped names non-finite values", "[format]") {
  CHECK(format_grouped(std::numeric_limits<double>::quiet_NaN()) == "n/a");
  CHECK(format_grouped(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(format_grouped(-std::numeric_limits<double>::infinity()) == "-inf");
}

TEST_CASE("format_money puts the sign before the symbol", "[format]") {
  CHECK(format_money(-41200, "USD") == "-$41,200");
  CHECK(format_money(41200, "USD") == "$41,200");
  CHECK(format_money(1000, "EUR") == "€1,000");
  CHECK(format_money(12.5, "GBP", 2) == "£12.50");
  CHECK(format_money(5, "CHF") == "CHF 5");
  CHECK(currency_symbol("JPY") == "¥");
}

TEST_CASE("format_money_short keeps three significant digits", "[format]") {
  CHECK(format_money_short(1'920'000, "USD") == "$1.92M");
  CHECK(format_money_short(41'200, "USD") == "$41.2k");
  CHECK(format_money_short(512, "USD") == "$512");
  CHECK(format_money_short(-2'500, "USD") == "-$2.50k");
  CHECK(format_money_short(3'400'000'000, "EUR") == "€3.40B");
  CHECK(format_money_short(0, "USD") == "$0");
}

TEST_CASE("format_money_short moves to the next unit when rounding reaches 1000", "[format]") {
  // 999,999 is $1.00M, not "$1000k"; 999.6 is $1.00k, not "$1000".
  CHECK(format_money_short(999'999, "USD") == "$1.00M");
  CHECK(format_money_short(999.6, "USD") == "$1.00k");
  CHECK(format_money_short(-999'999'999, "USD") == "-$1.00B");
}

TEST_CASE("format_chance never rounds a possibility into certainty", "[format]") {
  CHECK(format_chance(0.9967) == ">99%");  // 99.67% printed as 100% read as a sure thing
  CHECK(format_chance(0.995) == ">99%");
  CHECK(format_chance(0.9949) == "99%");
  CHECK(format_chance(1) == "100%");
  CHECK(format_chance(0) == "0%");
  CHECK(format_chance(0.003) == "<1%");
  CHECK(format_chance(0.005) == "<1%");  // printf rounds 0.5 to even: "0%" would read as never
  CHECK(format_chance(0.0051) == "1%");
  CHECK(format_chance(0.42) == "42%");
}

TEST_CASE("format_percent", "[format]") {
  CHECK(format_percent(0.934) == "93.4%");
  CHECK(format_percent(0.5, 0) == "50%");
  CHECK(format_percent(1) == "100.0%");
}

TEST_CASE("format_exact reads back to the same double", "[format]") {
  CHECK(format_exact(0.1) == "0.1");
  CHECK(format_exact(-2.5) == "-2.5");
  CHECK(format_exact(1e-20) == "1e-20");
  for (double value : {1.0 / 3.0, 2.0 / 7.0, 123456.789e10, 5e-324}) {
    const std::string text = format_exact(value);
    CHECK(std::strtod(text.c_str(), nullptr) == value);
  }
}
