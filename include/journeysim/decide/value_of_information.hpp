#pragma once
/// \file The value of learning one uncertain input before funding, from the decision's own
/// Monte Carlo replicates (no nested simulation).
///
/// EVPPI of a scalar input θ follows the single-parameter method of Strong & Oakley (2013),
/// "An efficient method for computing single-parameter partial expected value of perfect
/// information", Medical Decision Making 33(6): 755–766: order the replicates by θ, cut them
/// into bins of near-equal size, and estimate E_θ[max_d E(NB_d | θ)] by the mean over bins of
/// the best option's mean within the bin. Because every bin is a part of the same replicates,
///   0 ≤ EVPPI ≤ EVPI (= mean over replicates of the best option − the best option's mean)
/// holds exactly, not only in expectation. Noise in the bin means biases EVPPI up a little;
/// with common random numbers the options' differences, which decide the max, carry little of it.
///
/// EVSI of a study that estimates θ with noise variance v uses the Gaussian approximation of
/// Jalal & Alarid-Escudero (2018), "A Gaussian approximation approach for value of information
/// analysis", Medical Decision Making 38(2): 174–188: for a normal prior and data, the
/// preposterior mean of θ is distributed as E θ + s·(θ − E θ), s = √(Var θ / (Var θ + v)), so
/// where NB is near-linear in θ the preposterior means of the options are their means shrunk
/// towards the overall mean by s. EVSI(s) is convex in s with EVSI(0) = 0 and EVSI(1) = EVPPI,
/// so 0 ≤ EVSI ≤ EVPPI exactly. In the normal two-arm case it is Feit & Berman's Test & Roll
/// value (tests/unit/decide/value_of_information_test.cpp).
#include <cstddef>
#include <vector>

namespace journeysim {

/// The options' mean values within bins of replicates ordered by one input.
struct ConditionalMeans {
  std::vector<double> weight;             ///< per bin: its share of the replicates
  std::vector<double> centre;             ///< per bin: the input's mean within it
  std::vector<std::vector<double>> mean;  ///< per bin, per option: the option's mean within it
  std::vector<double> overall;            ///< per option: its mean over every replicate
  double input_mean = 0, input_variance = 0;
};

/// ⌊√R⌋ bins (at least 1): as many bins as replicates per bin.
std::size_t default_bins(std::size_t replicates);

/// Bins the replicates by `input` (equal inputs never straddle two bins, so a constant input
/// is one bin). values[d][r]: option d's value in replicate r; every option as many as input.
ConditionalMeans conditional_means(const std::vector<double>& input,
                                   const std::vector<const std::vector<double>*>& values, std::size_t bins);

/// Σ_b w_b max_d m_bd − max_d m_d.
double evppi(const ConditionalMeans& means);

/// Σ_b w_b max_d (m_d + s·(m_bd − m_d)) − max_d m_d, for 0 ≤ s ≤ 1.
double evsi(const ConditionalMeans& means, double shrink);

/// s = √(Var θ / (Var θ + v)): how much of θ's prior spread a study with noise variance v reveals.
double shrink_factor(double input_variance, double noise_variance);

/// Expected value of perfect information: mean over replicates of the best option's value, less
/// the best option's mean.
double evpi(const std::vector<const std::vector<double>*>& values);

/// The share of the variance of `value` explained by `input` alone (first-order, variance
/// based): Σ_b w_b (m_b − m)² over bins of the input, less the part the bins' own sampling
/// noise adds ((B − 1)/R of the pooled within-bin variance), over Var(value); in [0, 1].
double first_order_share(const std::vector<double>& input, const std::vector<double>& value, std::size_t bins);

}  // namespace journeysim
