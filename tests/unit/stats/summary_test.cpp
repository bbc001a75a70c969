#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/stats/summary.hpp"

using namespace journeysim;

TEST_CASE("quantiles follow R's type 7", "[stats]") {
  // R: quantile(c(1, 2, 3, 4, 10), c(.05, .5, .95)) = 1.2, 3, 8.8
  const std::vector<double> sorted{1, 2, 3, 4, 10};
  CHECK(quantile_sorted(sorted, 0.05) == Approx(1.2).epsilon(1e-14));
  CHECK(quantile_sorted(sorted, 0.50) == 3.0);
  CHECK(quantile_sorted(sorted, 0.95) == Approx(8.8).epsilon(1e-14));
}

TEST_CASE("summary gives mean, sample sd and mcse and skips NaN", "[stats]") {
  const auto s = summarize({2, 4, 4, 4, 5, 5, 7, 9, std::nan("")});
  REQUIRE(s);
  CHECK(s->count == 8);
  CHECK(s->mean == 5.0);
  // Σ(x − 5)² = 32, sample variance 32/7.
  CHECK(s->sd == Approx(std::sqrt(32.0 / 7)).epsilon(1e-14));
  CHECK(s->mcse == Approx(std::sqrt(32.0 / 7) / std::sqrt(8.0)).epsilon(1e-14));
  CHECK_FALSE(summarize({std::nan("")}));
}
