// Numbers for charts: short counts, tick labels, and the rounding cases charts run into.
#include <catch2/catch.hpp>

#include "journeysim/core/number_text.hpp"

using namespace journeysim;

TEST_CASE("format_money_short rounds up into the next unit at every boundary", "[format]") {
  CHECK(format_money_short(99'960, "USD") == "$100k");
  CHECK(format_money_short(9'996, "USD") == "$10.0k");
  CHECK(format_money_short(-0.2, "USD") == "$0");  // no "-$0"
  CHECK(format_money_short(-2'500'000, "EUR") == "-€2.50M");
}

TEST_CASE("format_count_short is format_money_short without the currency", "[format]") {
  CHECK(format_count_short(12'345) == "12.3k");
  CHECK(format_count_short(-150'000) == "-150k");
  CHECK(format_count_short(7) == "7");
  CHECK(format_count_short(999'999) == "1.00M");
}

TEST_CASE("money ticks share the unit of the largest tick and the decimals of the step", "[format]") {
  // Ticks 0, 0.5M, 1M, 1.5M, 2M.
  CHECK(format_money_tick(0, 5e5, 2e6, "USD") == "$0");
  CHECK(format_money_tick(5e5, 5e5, 2e6, "USD") == "$0.5M");
  CHECK(format_money_tick(1e6, 5e5, 2e6, "USD") == "$1M");
  CHECK(format_money_tick(-1.5e6, 5e5, 2e6, "USD") == "-$1.5M");
  // Ticks 0 … 60k in 20k steps: no decimals.
  CHECK(format_money_tick(40'000, 20'000, 60'000, "USD") == "$40k");
  // Small money: plain numbers.
  CHECK(format_money_tick(250, 50, 300, "USD") == "$250");
  CHECK(format_count_tick(2500, 500, 3000) == "2.5k");
}

TEST_CASE("percent ticks show as many decimals as the step needs", "[format]") {
  CHECK(format_percent_tick(0.2, 0.2) == "20%");
  CHECK(format_percent_tick(0.025, 0.025) == "2.5%");
  CHECK(format_percent_tick(0, 0.1) == "0%");
  CHECK(format_percent_tick(-0.0, 0.1) == "0%");
}
