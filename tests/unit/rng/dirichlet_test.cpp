#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/rng/distributions.hpp"

using namespace journeysim;

TEST_CASE("Dirichlet draws have the theoretical mean and variance", "[rng][statistical]") {
  // Dirichlet(α): E[p_i] = α_i/α0, Var[p_i] = α_i(α0 − α_i) / (α0²(α0 + 1)).
  const std::vector<double> alpha{2, 3, 5, 0};
  const double a0 = 10;
  const int n = 20000;
  std::vector<double> sum(4, 0), sum_sq(4, 0), sum_4th(4, 0), draw;
  for (int i = 0; i < n; ++i) {
    Stream stream(StreamKey{11, static_cast<std::uint64_t>(i), 0, Purpose::transition_row});
    draw_dirichlet(alpha, stream, draw);
    double total = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      total += draw[k];
      sum[k] += draw[k];
    }
    REQUIRE(total == Approx(1.0).epsilon(1e-12));
    REQUIRE(draw[3] == 0.0);  // a zero alpha is a forbidden cell
    for (std::size_t k = 0; k < 3; ++k) {
      const double centred = draw[k] - alpha[k] / a0;
      sum_sq[k] += centred * centred;
      sum_4th[k] += centred * centred * centred * centred;
    }
  }
  for (std::size_t k = 0; k < 3; ++k) {
    const double mean = alpha[k] / a0;
    const double variance = alpha[k] * (a0 - alpha[k]) / (a0 * a0 * (a0 + 1));
    const double sample_mean = sum[k] / n;
    CHECK(std::abs(sample_mean - mean) < 4 * std::sqrt(variance / n));
    // Variance about the known mean: its standard error is sqrt((μ4 − σ⁴)/n).
    const double sample_variance = sum_sq[k] / n;
    const double fourth = sum_4th[k] / n;
    CHECK(std::abs(sample_variance - variance) < 4 * std::sqrt((fourth - variance * variance) / n));
  }
}

TEST_CASE("Poisson draws have mean and variance equal to the rate", "[rng][statistical]") {
  const double rate = 37.5;
  const int n = 20000;
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    Stream stream(StreamKey{5, static_cast<std::uint64_t>(i), 1, Purpose::cohort_inflow});
    const auto k = static_cast<double>(draw_poisson(rate, stream));
    sum += k;
    sum_sq += (k - rate) * (k - rate);
  }
  CHECK(std::abs(sum / n - rate) < 4 * std::sqrt(rate / n));
  // Var of (k − λ)² estimates: fourth central moment λ(1 + 3λ).
  CHECK(std::abs(sum_sq / n - rate) < 4 * std::sqrt((rate * (1 + 3 * rate) - rate * rate) / n));
}
