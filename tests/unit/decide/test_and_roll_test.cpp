// Feit & Berman's Test & Roll closed forms against a brute-force Monte Carlo of the same
// decision, and against their own optimality (the sample-size formula maximises the profit).
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "journeysim/decide/test_and_roll.hpp"

using namespace journeysim;

namespace {

/// One test & roll done by brute force: draw the two true means from the prior, n customers'
/// profits per arm, the posterior means, roll out the better arm; profit of all N customers.
/// std::mt19937_64 and std::normal_distribution: nothing of journeysim's own streams.
double simulate_once(const TestAndRoll& s, int n, std::mt19937_64& rng) {
  std::normal_distribution<double> prior(s.prior_mean, s.prior_sd), unit(0, 1);
  const double m1 = prior(rng), m2 = prior(rng);
  // The mean of n profits is N(m, s²/n): drawn directly.
  const double y1 = m1 + s.noise_sd / std::sqrt(n) * unit(rng);
  const double y2 = m2 + s.noise_sd / std::sqrt(n) * unit(rng);
  const double shrink = s.prior_sd * s.prior_sd / (s.prior_sd * s.prior_sd + s.noise_sd * s.noise_sd / n);
  const double post1 = s.prior_mean + shrink * (y1 - s.prior_mean), post2 = s.prior_mean + shrink * (y2 - s.prior_mean);
  // Expected profit given the truth: the test customers earn their arm's mean, the rest the winner's.
  return n * (m1 + m2) + (s.population - 2 * n) * (post1 >= post2 ? m1 : m2);
}

}  // namespace

TEST_CASE("Test & Roll expected profit matches a brute-force simulation", "[test_and_roll]") {
  const TestAndRoll s{100000, 0.68, 0.03, 0.47};
  std::mt19937_64 rng(20190601);
  for (int n : {200, 2000, 9000}) {
    const int draws = 200000;
    double sum = 0, squares = 0;
    for (int i = 0; i < draws; ++i) {
      const double v = simulate_once(s, n, rng);
      sum += v;
      squares += v * v;
    }
    const double mean = sum / draws;
    const double mcse = std::sqrt((squares / draws - mean * mean) / draws);
    INFO("n = " << n << ": simulated " << mean << " ± " << mcse);
    CHECK(std::abs(mean - test_and_roll_profit(s, n)) < 4 * mcse);
  }
}

TEST_CASE("Test & Roll sample size maximises the expected profit", "[test_and_roll]") {
  for (const TestAndRoll s : {TestAndRoll{100000, 0.68, 0.03, 0.47}, TestAndRoll{5000, 10, 2, 30},
                              TestAndRoll{1e6, 0, 1, 1}}) {
    const double n = test_and_roll_sample_size(s);
    REQUIRE(n > 0);
    REQUIRE(2 * n < s.population);
    for (double factor : {0.5, 0.9, 0.99, 1.01, 1.1, 2.0})
      CHECK(test_and_roll_profit(s, n * factor) <= test_and_roll_profit(s, n));
  }
}

TEST_CASE("Test & Roll values: 0 <= EVSI <= EVPI", "[test_and_roll]") {
  const TestAndRoll s{100000, 0.68, 0.03, 0.47};
  CHECK(test_and_roll_evsi(s, 0) == 0);
  for (double n : {1.0, 100.0, test_and_roll_sample_size(s), 20000.0}) {
    CHECK(test_and_roll_evsi(s, n) >= 0);
    CHECK(test_and_roll_evsi(s, n) <= test_and_roll_evpi(s));
  }
  // Perfect information by brute force: E[max(m1, m2)] − μ = σ/√π.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> prior(0, 1);
  double sum = 0, squares = 0;
  const int draws = 400000;
  for (int i = 0; i < draws; ++i) {
    const double v = std::max(prior(rng), prior(rng));
    sum += v;
    squares += v * v;
  }
  const double mean = sum / draws, mcse = std::sqrt((squares / draws - mean * mean) / draws);
  CHECK(std::abs(mean - test_and_roll_evpi(TestAndRoll{1, 0, 1, 1})) < 4 * mcse);
}
