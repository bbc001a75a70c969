#pragma once
/// \file Transition probabilities from counts: MLE, Dirichlet smoothing, 95% intervals, and
/// the time-homogeneity test.
#include <cstdint>
#include <optional>
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

/// Test that row `from` moved alike in the two halves of the window (a 2×k contingency
/// table over destinations seen in either half): Pearson chi-square, or Fisher's exact test
/// (Freeman–Halton) when an expected count is below 5 and the table has at most 2·10^6
/// tables with its margins (method = exact). The statistic is always Pearson's. Rows empty in
/// either half, or with one destination only, are untestable: df 0, p-value 1.
/// adjusted_p_value is set to p_value; holm_adjust corrects a whole family.
HomogeneityResult homogeneity_test(std::size_t from, const std::vector<std::uint64_t>& first_half,
                                   const std::vector<std::uint64_t>& second_half);

/// Fisher's exact test of a 2×k table (Freeman–Halton): the probability, under the
/// hypergeometric law of tables with the observed margins (first-row total `n1`, column totals
/// `column`, grand total `total`), of every table no more likely than the observed first row
/// `row1`. Tables are enumerated over all columns but the largest (its cell follows from n1);
/// nullopt when that would take more than `max_tables` tables.
std::optional<double> fisher_exact_p(const std::vector<std::uint64_t>& row1, const std::vector<std::uint64_t>& column,
                                     std::uint64_t n1, std::uint64_t total, double max_tables = 2e6);

/// Holm's step-down correction across `tests` (one family: every row tested for one group):
/// sets each adjusted_p_value = max over the rows ranked at or before it of min(1, (m − rank)·p),
/// which controls the chance of flagging any homogeneous row under any dependence.
void holm_adjust(std::vector<HomogeneityResult>& tests);

/// Family-wise level at which a row is called "changed": its Holm-adjusted p-value is below it.
inline constexpr double homogeneity_level = 0.01;

/// Whether a test says its row changed over the window (adjusted p below homogeneity_level).
inline bool row_changed(const HomogeneityResult& test) { return test.adjusted_p_value < homogeneity_level; }

/// What a changed row means for the forecast, in one paragraph for calibrate's output and the
/// report: `stage` is the row's stage id.
std::string homogeneity_meaning(const std::string& stage);

/// Chi-square goodness of fit of observed row counts against probabilities: statistic,
/// degrees of freedom (cells with p > 0, minus 1) and p-value. Observed counts in cells with
/// p = 0 make the statistic infinite.
HomogeneityResult goodness_of_fit(std::size_t from, const std::vector<std::uint64_t>& counts,
                                  const std::vector<double>& probability);

}  // namespace journeysim
