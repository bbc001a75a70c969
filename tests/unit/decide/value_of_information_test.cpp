// decide's value-of-information estimators against oracles nobody here wrote:
// - Feit & Berman (2019), "Test & Roll: Profit-Maximizing A/B Tests", Marketing Science 38(6):
//   1038–1058: the closed forms of EVPI and EVSI for two normal arms (decide/test_and_roll.hpp,
//   themselves checked by brute force in test_and_roll_test.cpp);
// - brute-force nested Monte Carlo of a study with a normal prior and normal data, a value
//   that is not linear in the input, exact conjugate posteriors;
// - the definitions EVPI ≥ EVPPI ≥ EVSI ≥ 0, and the Ishigami function's exact variance shares.
// Every tolerance is 4 standard errors of the estimate, from independent batches.
#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <random>

#include "journeysim/decide/test_and_roll.hpp"
#include "journeysim/decide/value_of_information.hpp"

using namespace journeysim;

namespace {

struct Batched {
  double mean = 0, se = 0;
};

/// Mean and standard error of `estimate` over `batches` independent batches.
template <typename F>
Batched over_batches(int batches, F estimate) {
  double sum = 0, squares = 0;
  for (int b = 0; b < batches; ++b) {
    const double v = estimate(b);
    sum += v;
    squares += v * v;
  }
  const double mean = sum / batches;
  return {mean, std::sqrt(std::max(0.0, squares / batches - mean * mean) / (batches - 1))};
}

/// Two arms with profit per customer m1, m2 ~ N(μ, σ²) a priori; the decision rolls one out
/// to one customer (values scale with the customers rolled out to). θ = m1 − m2.
struct TwoArms {
  std::vector<double> theta, arm1, arm2;
};

TwoArms two_arms(const TestAndRoll& s, int draws, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> prior(s.prior_mean, s.prior_sd);
  TwoArms out;
  for (int i = 0; i < draws; ++i) {
    const double m1 = prior(rng), m2 = prior(rng);
    out.theta.push_back(m1 - m2);
    out.arm1.push_back(m1);
    out.arm2.push_back(m2);
  }
  return out;
}

}  // namespace

TEST_CASE("EVPPI and EVSI of two normal arms equal Test & Roll's closed forms", "[value_of_information]") {
  // Feit & Berman's §4.1 example values (N = 100,000, μ = 0.68, σ = 0.03, s = 0.47), as in
  // test_and_roll_test.cpp.
  const TestAndRoll s{100000, 0.68, 0.03, 0.47};
  const int draws = 40000;
  // Both estimators subtract the best option's mean on the same replicates; with two arms of
  // equal prior mean that is biased up by E|ō1 − ō2|/2 = σ/√(πR) per customer (ō1 − ō2 is
  // N(0, 2σ²/R)), so the estimates' expectation is the closed form less that. The bias is the
  // order of the mean's standard error and must be small beside the value itself.
  const double bias = s.prior_sd / std::sqrt(std::numbers::pi * draws);
  // The decision depends on θ = m1 − m2 alone, so EVPPI(θ) = EVPI = N·σ/√π.
  const auto evppi_batches = over_batches(20, [&](int b) {
    const TwoArms arms = two_arms(s, draws, 1000 + static_cast<std::uint64_t>(b));
    return s.population * evppi(conditional_means(arms.theta, {&arms.arm1, &arms.arm2}, default_bins(draws)));
  });
  INFO("EVPPI " << evppi_batches.mean << " ± " << evppi_batches.se << ", closed form " << test_and_roll_evpi(s)
                << " less the bias " << s.population * bias);
  CHECK(std::abs(evppi_batches.mean - (test_and_roll_evpi(s) - s.population * bias)) < 4 * evppi_batches.se);
  CHECK(s.population * bias < 0.01 * test_and_roll_evpi(s));

  // A test of n per arm estimates θ with noise 2s²/n; Var θ = 2σ². Its value to the N − 2n
  // customers rolled out to is Test & Roll's EVSI (the same bias, to first order).
  for (double n : {100.0, test_and_roll_sample_size(s), 5000.0}) {
    const double shrink = shrink_factor(2 * s.prior_sd * s.prior_sd, 2 * s.noise_sd * s.noise_sd / n);
    const auto evsi_batches = over_batches(20, [&](int b) {
      const TwoArms arms = two_arms(s, draws, 2000 + static_cast<std::uint64_t>(b));
      const auto means = conditional_means(arms.theta, {&arms.arm1, &arms.arm2}, default_bins(draws));
      return (s.population - 2 * n) * evsi(means, shrink);
    });
    const double expected = test_and_roll_evsi(s, n) - (s.population - 2 * n) * bias;
    INFO("n = " << n << ": EVSI " << evsi_batches.mean << " ± " << evsi_batches.se << ", closed form "
                << test_and_roll_evsi(s, n) << " less the bias " << (s.population - 2 * n) * bias);
    CHECK(std::abs(evsi_batches.mean - expected) < 4 * evsi_batches.se);
  }
}

TEST_CASE("EVSI of a normal study on a value not linear in the input matches nested Monte Carlo",
          "[value_of_information]") {
  // Fund (value M·(1 − e^(−θ/τ)) − C, plus noise the study does not inform) or not (0);
  // θ ~ N(μ, σ²); the study observes X ~ N(θ, v).
  const double mu = 0.05, sigma = 0.03, tau = 0.2, M = 1e6, C = 2.2e5, other_sd = 5e4;
  const auto value = [&](double theta) { return M * (1 - std::exp(-theta / tau)) - C; };
  for (double v : {0.0004, 0.0036}) {
    // Brute force: outer X from its prior predictive; E[value | X] over the exact normal
    // posterior N(m, w) by an inner Monte Carlo of 4,000 draws.
    const auto nested = over_batches(20, [&](int b) {
      std::mt19937_64 rng(3000 + static_cast<std::uint64_t>(b));
      std::normal_distribution<double> unit(0, 1);
      const double w = 1 / (1 / (sigma * sigma) + 1 / v);
      double informed = 0, prior_value = 0;
      const int outer = 400, inner = 4000;
      for (int i = 0; i < outer; ++i) {
        const double theta = mu + sigma * unit(rng);
        const double x = theta + std::sqrt(v) * unit(rng);
        const double m = w * (mu / (sigma * sigma) + x / v);
        double posterior_value = 0;
        for (int j = 0; j < inner; ++j) posterior_value += value(m + std::sqrt(w) * unit(rng));
        informed += std::max(0.0, posterior_value / inner);
      }
      for (int j = 0; j < outer * 10; ++j) prior_value += value(mu + sigma * unit(rng));
      // max(0, E value) is known well enough from 4,000 draws: its own error enters the batch spread.
      return informed / outer - std::max(0.0, prior_value / (outer * 10));
    });
    const auto approximated = over_batches(20, [&](int b) {
      std::mt19937_64 rng(4000 + static_cast<std::uint64_t>(b));
      std::normal_distribution<double> unit(0, 1);
      std::vector<double> theta, fund, nothing;
      for (int i = 0; i < 20000; ++i) {
        theta.push_back(mu + sigma * unit(rng));
        fund.push_back(value(theta.back()) + other_sd * unit(rng));
        nothing.push_back(0);
      }
      const auto means = conditional_means(theta, {&nothing, &fund}, default_bins(theta.size()));
      return evsi(means, shrink_factor(sigma * sigma, v));
    });
    const double se = std::hypot(nested.se, approximated.se);
    INFO("v = " << v << ": nested " << nested.mean << " ± " << nested.se << ", Gaussian approximation "
                << approximated.mean << " ± " << approximated.se);
    CHECK(std::abs(nested.mean - approximated.mean) < 4 * se);
  }
}

TEST_CASE("EVPI >= EVPPI >= EVSI >= 0 on every draw, and a constant input is worth nothing", "[value_of_information]") {
  std::mt19937_64 rng(77);
  std::normal_distribution<double> unit(0, 1);
  for (int trial = 0; trial < 50; ++trial) {
    const int draws = 50 + trial * 37, options = 1 + trial % 6;
    std::vector<double> input(draws), constant(draws, 3.0);
    std::vector<std::vector<double>> values(options, std::vector<double>(draws));
    for (int r = 0; r < draws; ++r) {
      input[r] = unit(rng);
      for (int d = 0; d < options; ++d) values[d][r] = d * 0.1 + (d % 2 ? input[r] : -0.5 * input[r]) + unit(rng);
    }
    std::vector<const std::vector<double>*> view;
    for (const auto& v : values) view.push_back(&v);
    const auto means = conditional_means(input, view, default_bins(draws));
    const double perfect = evpi(view), partial = evppi(means);
    CHECK(partial >= 0);
    CHECK(partial <= perfect + 1e-12);
    for (double s : {0.0, 0.2, 0.7, 1.0}) {
      CHECK(evsi(means, s) >= 0);
      CHECK(evsi(means, s) <= partial + 1e-12);
    }
    CHECK(evppi(conditional_means(constant, view, default_bins(draws))) == 0);
    CHECK(first_order_share(constant, values[0], default_bins(draws)) == 0);
  }
}

TEST_CASE("First-order variance shares of the Ishigami function", "[value_of_information]") {
  // Ishigami & Homma (1990): Y = sin X1 + a·sin²X2 + b·X3⁴·sin X1, X_i ~ U(−π, π), a = 7,
  // b = 0.1. Exact first-order shares (Saltelli et al., "Global Sensitivity Analysis: The
  // Primer", 2008, §4.8): V1 = (1 + bπ⁴/5)²/2, V2 = a²/8, V3 = 0 over
  // V = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2 (S1 ≈ 0.3139, S2 ≈ 0.4424, S3 = 0).
  const double a = 7, b = 0.1, pi = std::numbers::pi;
  const double variance = a * a / 8 + b * std::pow(pi, 4) / 5 + b * b * std::pow(pi, 8) / 18 + 0.5;
  const double expected[] = {0.5 * std::pow(1 + b * std::pow(pi, 4) / 5, 2) / variance, a * a / 8 / variance, 0.0};
  const int draws = 20000;
  for (int input = 0; input < 3; ++input) {
    const auto share = over_batches(20, [&](int batch) {
      std::mt19937_64 rng(5000 + static_cast<std::uint64_t>(batch));
      std::uniform_real_distribution<double> uniform(-pi, pi);
      std::vector<std::vector<double>> x(3, std::vector<double>(draws));
      std::vector<double> y(draws);
      for (int r = 0; r < draws; ++r) {
        for (auto& column : x) column[r] = uniform(rng);
        y[r] = std::sin(x[0][r]) + a * std::pow(std::sin(x[1][r]), 2) + b * std::pow(x[2][r], 4) * std::sin(x[0][r]);
      }
      return first_order_share(x[input], y, default_bins(draws));
    });
    INFO("input " << input + 1 << ": share " << share.mean << " ± " << share.se << ", exact " << expected[input]);
    // The share is clamped at 0, so for X3 the batches sit on and just above 0: one-sided.
    if (expected[input] > 0)
      CHECK(std::abs(share.mean - expected[input]) < 4 * share.se);
    else
      CHECK(share.mean <= 4 * share.se);
  }
}
