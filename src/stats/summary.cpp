#include "journeysim/stats/summary.hpp"

#include <algorithm>
#include <cmath>

namespace journeysim {

double quantile_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return std::nan("");
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double weight = position - static_cast<double>(below);
  return sorted[below] + weight * (sorted[above] - sorted[below]);
}

std::optional<Statistic> summarize(std::vector<double> values) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  if (values.empty()) return std::nullopt;
  Statistic s;
  s.count = values.size();
  double sum = 0;
  for (double v : values) sum += v;
  s.mean = sum / static_cast<double>(s.count);
  double squares = 0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.sd = s.count > 1 ? std::sqrt(squares / static_cast<double>(s.count - 1)) : 0.0;
  s.mcse = s.sd / std::sqrt(static_cast<double>(s.count));
  std::sort(values.begin(), values.end());
  s.p05 = quantile_sorted(values, 0.05);
  s.p50 = quantile_sorted(values, 0.50);
  s.p95 = quantile_sorted(values, 0.95);
  return s;
}

QuantileSummary summarize_floats(const std::vector<float>& values, std::vector<double>& scratch) {
  scratch.assign(values.begin(), values.end());
  QuantileSummary out;
  if (scratch.empty()) return out;
  double sum = 0;
  for (double v : scratch) sum += v;
  out.mean = sum / static_cast<double>(scratch.size());
  std::sort(scratch.begin(), scratch.end());
  out.p05 = quantile_sorted(scratch, 0.05);
  out.p50 = quantile_sorted(scratch, 0.50);
  out.p95 = quantile_sorted(scratch, 0.95);
  return out;
}

}  // namespace journeysim
