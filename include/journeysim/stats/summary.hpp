#pragma once
/// \file Summaries of a metric over replicates: mean, sd, Monte Carlo standard error, quantiles.
#include <cstddef>
#include <optional>
#include <vector>

namespace journeysim {

/// The statistic S of SPEC §6.
struct Statistic {
  double mean = 0;
  double sd = 0;    ///< sample standard deviation (n − 1)
  double mcse = 0;  ///< sd / sqrt(n): the Monte Carlo standard error of the mean
  double p05 = 0, p50 = 0, p95 = 0;
  std::size_t count = 0;
};

/// Quantile q of sorted values by linear interpolation (R's type 7, numpy's default).
double quantile_sorted(const std::vector<double>& sorted, double q);

/// Summary of `values`, skipping NaN (undefined in that replicate, e.g. ROI without cost);
/// nullopt when nothing is left. Deterministic: sums run in index order.
std::optional<Statistic> summarize(std::vector<double> values);

/// Mean, p05, p50 and p95 of float samples (trajectories); `scratch` avoids allocation.
struct QuantileSummary {
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};
/// Linear-time (nth_element) type-7 quantiles; `values` is reordered.
QuantileSummary summarize_in_place(std::vector<double>& values);
QuantileSummary summarize_in_place(std::vector<float>& values);

}  // namespace journeysim
