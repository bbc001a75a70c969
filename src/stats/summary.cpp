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

namespace {

/// Type-7 quantile by selection: the value at floor(h) and the smallest above it.
template <typename T>
double select_quantile(std::vector<T>& values, double q) {
  const double position = q * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  // After selecting the median the vector is partitioned around it, so later selections only
  // need to look at the side that holds their rank.
  const std::size_t middle = (values.size() - 1) / 2;
  auto first = values.begin(), last = values.end();
  if (q < 0.5 && below < middle) last = values.begin() + static_cast<std::ptrdiff_t>(middle);
  if (q > 0.5 && below > middle) first = values.begin() + static_cast<std::ptrdiff_t>(middle) + 1;
  std::nth_element(first, values.begin() + static_cast<std::ptrdiff_t>(below), last);
  const double low = values[below];
  if (below + 1 >= values.size()) return low;
  const double high = *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(below) + 1, values.end());
  return low + (position - static_cast<double>(below)) * (high - low);
}

template <typename T>
QuantileSummary summarize_selected(std::vector<T>& values) {
  QuantileSummary out;
  if (values.empty()) return out;
  double sum = 0;
  for (T v : values) sum += v;  // before reordering: index order, deterministic
  out.mean = sum / static_cast<double>(values.size());
  // Median first; then the 5th and 95th percentiles lie in the halves it partitions.
  out.p50 = select_quantile(values, 0.50);
  out.p05 = select_quantile(values, 0.05);
  out.p95 = select_quantile(values, 0.95);
  return out;
}

}  // namespace

QuantileSummary summarize_in_place(std::vector<double>& values) { return summarize_selected(values); }

QuantileSummary summarize_in_place(std::vector<float>& values) { return summarize_selected(values); }

}  // namespace journeysim
