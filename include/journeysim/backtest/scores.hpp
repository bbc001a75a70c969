#pragma once
/// \file How well a forecast held (issue #13): scores of one forecast against what happened, from
/// its replicates, and their summaries over many forecasts.
///
/// Definitions (Gneiting & Raftery 2007, "Strictly Proper Scoring Rules, Prediction, and
/// Estimation", JASA 102: 359–378):
/// - central bands from the empirical quantiles (type 7, the outputs' definition): 50% = [q25,
///   q75], 90% = [q05, q95]; a band holds the actual when low ≤ actual ≤ high;
/// - interval score of the 90% band: (u − l) + (2/0.1)·(l − y)⁺ + (2/0.1)·(y − u)⁺ (lower is better);
/// - CRPS of the sample x₁…x_n: (1/n)Σ|x_i − y| − (1/2n²)ΣΣ|x_i − x_j| (lower is better);
/// - PIT: the share of replicates below the actual, ties counted half (uniform on [0, 1] when the
///   forecast distribution is right).
#include <array>
#include <cstddef>
#include <vector>

namespace journeysim {

/// One forecast's scores.
struct ForecastScore {
  double actual = 0, mean = 0;
  double q05 = 0, q25 = 0, q50 = 0, q75 = 0, q95 = 0;
  bool in50 = false, in90 = false;
  double interval_score_90 = 0, crps = 0, pit = 0;
};

/// Scores `samples` (the replicates, any order, at least one) against `actual`.
ForecastScore score_forecast(std::vector<double> samples, double actual);

/// Summary over forecasts.
struct ScoreSummary {
  std::size_t forecasts = 0;
  double coverage_50 = 0, coverage_90 = 0;
  /// Binomial standard error of coverage_90, √(c(1 − c)/n): forecasts of one origin are
  /// correlated, so the true error is larger.
  double coverage_90_se = 0;
  double mean_error = 0, median_error = 0;  ///< forecast mean − actual
  double mean_relative_error = 0;           ///< Σ(mean − actual)/Σ actual
  double mape = 0;                          ///< mean |mean − actual|/actual over actuals > 0
  double interval_score_90 = 0, crps = 0;   ///< means
  std::array<std::size_t, 10> pit_histogram{};  ///< counts in [0, .1), …, [.9, 1]
};

ScoreSummary summarize(const std::vector<ForecastScore>& scores);

}  // namespace journeysim
