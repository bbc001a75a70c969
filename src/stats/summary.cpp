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

std::optional<Statistic> summarize(std::vector<double> values, const QuantileLevels& levels) {
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
  for (double level : levels.levels) s.quantiles.push_back(quantile_sorted(values, level));
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
void summarize_selected(std::vector<T>& values, const QuantileLevels& levels, std::span<double> out) {
  if (values.empty()) return;
  double sum = 0;
  for (T v : values) sum += v;  // before reordering: index order, deterministic
  out[0] = sum / static_cast<double>(values.size());
  // Median first; then every other level lies in the half it partitions.
  const std::size_t median = levels.median_index();
  out[1 + median] = select_quantile(values, 0.50);
  for (std::size_t i = 0; i < levels.size(); ++i)
    if (i != median) out[1 + i] = select_quantile(values, levels.levels[i]);
}

}  // namespace

void summarize_in_place(std::vector<double>& values, const QuantileLevels& levels, std::span<double> out) {
  summarize_selected(values, levels, out);
}

void summarize_in_place(std::vector<float>& values, const QuantileLevels& levels, std::span<double> out) {
  summarize_selected(values, levels, out);
}

}  // namespace journeysim
