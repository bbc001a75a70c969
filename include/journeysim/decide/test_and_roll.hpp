#pragma once
/// \file The value of a pilot before funding, in the normal case of Feit & Berman (2019),
/// "Test & Roll: Profit-Maximizing A/B Tests", Marketing Science 38(6): 1038–1058: the closed
/// forms that decide's EVSI estimator (decide/value_of_information.hpp) reproduces in
/// tests/unit/decide/value_of_information_test.cpp; decide itself does not call them.
///
/// Setting: two treatments whose mean profit per customer m1, m2 are a priori independent
/// N(μ, σ²); a customer's profit under treatment k is N(m_k, s²). A test gives n customers each
/// treatment; the remaining N − 2n get the treatment with the higher posterior mean.
namespace journeysim {

struct TestAndRoll {
  double population = 0;  ///< N, customers in all (test and roll-out)
  double prior_mean = 0;  ///< μ
  double prior_sd = 0;    ///< σ > 0: how unsure we are of each treatment's mean
  double noise_sd = 0;    ///< s > 0: spread of one customer's profit
};

/// The profit-maximising test size per arm: n* = √(N/4·(s/σ)² + (3/4·(s/σ)²)²) − 3/4·(s/σ)²
/// (Feit & Berman, eq. 10; continuous, before rounding).
double test_and_roll_sample_size(const TestAndRoll& setting);

/// Expected profit of testing n per arm and rolling out the winner:
/// N·μ + (N − 2n)·σ² / √(π(σ² + s²/n)) (eq. 9, which writes the second term as
/// √2σ²/√(π(2σ² + 2s²/n))).
double test_and_roll_profit(const TestAndRoll& setting, double n);

/// Expected value of the sample information of that test: its expected profit less N·μ, the
/// expected profit of picking a treatment without testing. 0 ≤ EVSI ≤ EVPI.
double test_and_roll_evsi(const TestAndRoll& setting, double n);

/// Expected value of perfect information: N·(E[max(m1, m2)] − μ) = N·σ/√π.
double test_and_roll_evpi(const TestAndRoll& setting);

}  // namespace journeysim
