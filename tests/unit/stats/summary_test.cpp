#include <catch2/catch.hpp>

#include <algorithm>
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
  const auto s = summarize({2, 4, 4, 4, 5, 5, 7, 9, std::nan("")}, QuantileLevels::standard());
  REQUIRE(s);
  CHECK(s->count == 8);
  CHECK(s->mean == 5.0);
  // Σ(x − 5)² = 32, sample variance 32/7.
  CHECK(s->sd == Approx(std::sqrt(32.0 / 7)).epsilon(1e-14));
  CHECK(s->mcse == Approx(std::sqrt(32.0 / 7) / std::sqrt(8.0)).epsilon(1e-14));
  CHECK_FALSE(summarize({std::nan("")}, QuantileLevels::standard()));
}

TEST_CASE("summary reports every requested level in order", "[stats]") {
  // R: quantile(c(1, 2, 3, 4, 10), c(.1, .5, .9), type = 7) = 1.4, 3, 7.6
  const auto s = summarize({10, 3, 1, 4, 2}, QuantileLevels::parse("0.9,0.1"));
  REQUIRE(s);
  REQUIRE(s->quantiles.size() == 3);  // the median is added
  CHECK(s->quantiles[0] == Approx(1.4).epsilon(1e-14));
  CHECK(s->quantiles[1] == 3.0);
  CHECK(s->quantiles[2] == Approx(7.6).epsilon(1e-14));
}

TEST_CASE("selection quantiles equal sorted quantiles", "[stats]") {
  std::vector<double> values;
  for (int i = 0; i < 1001; ++i) values.push_back(std::fmod(i * 7919.0, 1009.0) - 300.5);
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const QuantileLevels levels = QuantileLevels::parse("0.025,0.05,0.1,0.25,0.75,0.9,0.95,0.975");
  std::vector<double> q(1 + levels.size());
  summarize_in_place(values, levels, q);
  for (std::size_t i = 0; i < levels.size(); ++i) CHECK(q[1 + i] == quantile_sorted(sorted, levels.levels[i]));
}

TEST_CASE("bucket-selected float quantiles equal sorted quantiles", "[stats]") {
  for (int shape = 0; shape < 4; ++shape) {
    std::vector<float> values;
    for (int i = 0; i < 5003; ++i) {
      const double x = std::fmod(i * 7919.0, 5009.0);
      switch (shape) {
        case 0: values.push_back(static_cast<float>(x - 2000)); break;          // mixed signs
        case 1: values.push_back(static_cast<float>(1e7 + x * 1e-3)); break;    // narrow, large
        case 2: values.push_back(static_cast<float>(i % 3)); break;             // many ties
        case 3: values.push_back(static_cast<float>(x < 4990 ? 1.0 : 1e9)); break;  // skewed
      }
    }
    std::vector<double> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    const QuantileLevels levels = QuantileLevels::standard();
    std::vector<double> q(1 + levels.size());
    summarize_in_place(values, levels, q);
    INFO("shape " << shape);
    for (std::size_t i = 0; i < levels.size(); ++i) CHECK(q[1 + i] == quantile_sorted(sorted, levels.levels[i]));
  }
}
