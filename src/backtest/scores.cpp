#include "journeysim/backtest/scores.hpp"

#include <algorithm>
#include <cmath>

namespace journeysim {
namespace {

/// Type-7 empirical quantile of sorted values (linear between order statistics).
double quantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

}  // namespace

ForecastScore score_forecast(std::vector<double> samples, double actual) {
  std::sort(samples.begin(), samples.end());
  const auto n = static_cast<double>(samples.size());
  ForecastScore s;
  s.actual = actual;
  double sum = 0, absolute = 0, below = 0;
  for (double x : samples) {
    sum += x;
    absolute += std::abs(x - actual);
    below += x < actual ? 1.0 : x == actual ? 0.5 : 0.0;
  }
  s.mean = sum / n;
  s.q05 = quantile(samples, 0.05);
  s.q25 = quantile(samples, 0.25);
  s.q50 = quantile(samples, 0.50);
  s.q75 = quantile(samples, 0.75);
  s.q95 = quantile(samples, 0.95);
  s.in50 = s.q25 <= actual && actual <= s.q75;
  s.in90 = s.q05 <= actual && actual <= s.q95;
  s.interval_score_90 = (s.q95 - s.q05) + 20 * std::max(0.0, s.q05 - actual) + 20 * std::max(0.0, actual - s.q95);
  // ΣΣ|x_i − x_j| over sorted x is 2Σ_i (2i − n − 1)·x_(i), i = 1 … n.
  double spread = 0;
  for (std::size_t i = 0; i < samples.size(); ++i) spread += (2.0 * static_cast<double>(i + 1) - n - 1) * samples[i];
  s.crps = absolute / n - spread / (n * n);
  s.pit = below / n;
  return s;
}

ScoreSummary summarize(const std::vector<ForecastScore>& scores) {
  ScoreSummary out;
  out.forecasts = scores.size();
  if (scores.empty()) return out;
  const auto n = static_cast<double>(scores.size());
  std::vector<double> errors;
  double in50 = 0, in90 = 0, actual_total = 0, error_total = 0, ape = 0, ape_count = 0;
  for (const ForecastScore& s : scores) {
    in50 += s.in50;
    in90 += s.in90;
    errors.push_back(s.mean - s.actual);
    error_total += s.mean - s.actual;
    actual_total += s.actual;
    if (s.actual > 0) {
      ape += std::abs(s.mean - s.actual) / s.actual;
      ++ape_count;
    }
    out.interval_score_90 += s.interval_score_90 / n;
    out.crps += s.crps / n;
    ++out.pit_histogram[std::min<std::size_t>(9, static_cast<std::size_t>(s.pit * 10))];
  }
  out.coverage_50 = in50 / n;
  out.coverage_90 = in90 / n;
  out.coverage_90_se = std::sqrt(out.coverage_90 * (1 - out.coverage_90) / n);
  out.mean_error = error_total / n;
  std::sort(errors.begin(), errors.end());
  out.median_error = quantile(errors, 0.5);
  out.mean_relative_error = actual_total > 0 ? error_total / actual_total : 0;
  out.mape = ape_count > 0 ? ape / ape_count : 0;
  return out;
}

}  // namespace journeysim
