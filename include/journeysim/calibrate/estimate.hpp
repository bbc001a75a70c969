#pragma once
/// \file Transition probabilities from counts: MLE, Dirichlet smoothing, 95% intervals, and
/// the time-homogeneity test.
#include <cstdint>
#include <string>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// How per-cell intervals are computed.
enum class IntervalMethod {
  /// Quantiles of the Beta marginal of the Dirichlet posterior Dirichlet(counts + a) over the
  /// row's allowed cells, a = the prior, or 0.5 (Jeffreys) when the prior is 0. Matches the
  /// parameter uncertainty `simulate` draws from.
  dirichlet,
  /// Wilson score interval of each cell as a binomial count out of the row total.
  wilson,
};

/// "dirichlet-posterior (…)" or "wilson", as written to calibration.interval_method.
std::string describe(IntervalMethod method, double prior);

/// Settings of the estimation.
struct EstimateOptions {
  double prior = 0;  ///< pseudo-count added to every allowed cell
  IntervalMethod interval = IntervalMethod::dirichlet;
  double level = 0.95;
  std::uint64_t min_exits = 30;  ///< rows with fewer moves out are flagged
};

/// The estimate of one row of the transition matrix.
struct RowEstimate {
  std::vector<double> probability;  ///< per destination, stay included; sums to 1
  std::vector<double> low, high;    ///< interval per destination
  std::vector<bool> estimated;      ///< allowed by the template, or observed
  std::uint64_t observations = 0;   ///< customer-periods starting in this stage
  std::uint64_t exits = 0;          ///< of which moved to another stage
  bool flagged = false;             ///< exits < min_exits
};

/// Estimates row `from` from its counts (length n). `allowed[to]` marks the cells the prior
/// goes to (the stay is always allowed); cells with counts are estimated whether allowed or
/// not, so the MLE is the plain one: p = (c + a·allowed) / (N + a·#allowed).
/// A row without observations gets no estimate (probability empty).
RowEstimate estimate_row(std::size_t from, const std::vector<std::uint64_t>& counts,
                         const std::vector<bool>& allowed, const EstimateOptions& options);

/// Pearson chi-square test that row `from` moved alike in the two halves of the window
/// (a 2×k contingency table over destinations seen in either half). Rows empty in either
/// half, or with one destination only, are untestable: df 0, p-value 1.
HomogeneityResult homogeneity_test(std::size_t from, const std::vector<std::uint64_t>& first_half,
                                   const std::vector<std::uint64_t>& second_half);

/// Chi-square goodness of fit of observed row counts against probabilities: statistic,
/// degrees of freedom (cells with p > 0, minus 1) and p-value. Observed counts in cells with
/// p = 0 make the statistic infinite.
HomogeneityResult goodness_of_fit(std::size_t from, const std::vector<std::uint64_t>& counts,
                                  const std::vector<double>& probability);

}  // namespace journeysim
