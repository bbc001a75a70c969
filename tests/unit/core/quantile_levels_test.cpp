#include <catch2/catch.hpp>

#include <stdexcept>

#include "journeysim/core/quantile_levels.hpp"

using namespace journeysim;

TEST_CASE("quantile levels parse, sort, and always hold the median", "[core]") {
  const QuantileLevels q = QuantileLevels::parse("0.9, 0.1");
  CHECK(q.levels == std::vector<double>{0.1, 0.5, 0.9});
  CHECK(q.median_index() == 1);
  CHECK(q.low() == 0.1);
  CHECK(q.high() == 0.9);
  CHECK(QuantileLevels::standard().levels == std::vector<double>{0.05, 0.1, 0.5, 0.9, 0.95});
}

TEST_CASE("quantile levels are named alike in files and on pages", "[core]") {
  CHECK(quantile_key(0.05) == "p05");
  CHECK(quantile_key(0.1) == "p10");
  CHECK(quantile_key(0.5) == "p50");
  CHECK(quantile_key(0.95) == "p95");
  CHECK(quantile_key(0.025) == "p2.5");
  CHECK(quantile_key(0.975) == "p97.5");
  CHECK(quantile_key(0.001) == "p0.1");
  CHECK(quantile_label(0.05) == "P5");
  CHECK(quantile_label(0.9) == "P90");
  CHECK(quantile_label(0.025) == "P2.5");
}

TEST_CASE("bad quantile levels say what is allowed", "[core]") {
  CHECK_THROWS_WITH(QuantileLevels::parse("0,0.5"), Catch::Contains("strictly between 0 and 1"));
  CHECK_THROWS_WITH(QuantileLevels::parse("1"), Catch::Contains("strictly between 0 and 1"));
  CHECK_THROWS_WITH(QuantileLevels::parse("nan"), Catch::Contains("strictly between 0 and 1"));
  CHECK_THROWS_WITH(QuantileLevels::parse("0.1234"), Catch::Contains("multiples of 0.001"));
  CHECK_THROWS_WITH(QuantileLevels::parse("0.1,,0.9"), Catch::Contains("got ''"));
  CHECK_THROWS_WITH(QuantileLevels::parse("ten"), Catch::Contains("got 'ten'"));
  CHECK_THROWS_WITH(QuantileLevels::parse(""), Catch::Contains("got ''"));
  // An interval needs a level on each side of the median (a new user's "--quantiles 0.5" page
  // read "the 0% interval").
  CHECK_THROWS_WITH(QuantileLevels::parse("0.5"), Catch::Contains("one level below 0.5 and one above"));
  CHECK_THROWS_WITH(QuantileLevels::parse("0.1,0.4"), Catch::Contains("one level below 0.5 and one above"));
}
