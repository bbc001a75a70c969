// EVPI, EVPPI (binned, Strong & Oakley 2013), EVSI (Gaussian approximation, Jalal &
// Alarid-Escudero 2018) and first-order variance shares from one set of replicates.
#include "journeysim/decide/value_of_information.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace journeysim {
namespace {

double best_of(const std::vector<double>& values) {
  double best = -std::numeric_limits<double>::infinity();
  for (double v : values) best = std::max(best, v);
  return best;
}

/// Replicate indices by input (ties by index), cut into runs of near-equal size where the
/// input changes: [begin, end) per bin.
std::vector<std::pair<std::size_t, std::size_t>> bins_of(const std::vector<double>& input, std::size_t bins,
                                                         std::vector<std::size_t>& order) {
  order.resize(input.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return input[a] < input[b]; });
  std::vector<std::pair<std::size_t, std::size_t>> out;
  const std::size_t n = input.size();
  bins = std::clamp<std::size_t>(bins, 1, std::max<std::size_t>(n, 1));
  std::size_t begin = 0;
  for (std::size_t b = 1; b <= bins && begin < n; ++b) {
    std::size_t end = b == bins ? n : std::max(begin + 1, n * b / bins);
    while (end < n && input[order[end]] == input[order[end - 1]]) ++end;  // ties stay together
    out.emplace_back(begin, end);
    begin = end;
  }
  return out;
}

}  // namespace

std::size_t default_bins(std::size_t replicates) {
  return std::max<std::size_t>(1, static_cast<std::size_t>(std::sqrt(static_cast<double>(replicates))));
}

ConditionalMeans conditional_means(const std::vector<double>& input,
                                   const std::vector<const std::vector<double>*>& values, std::size_t bins) {
  ConditionalMeans out;
  const std::size_t n = input.size();
  if (n == 0) return out;
  std::vector<std::size_t> order;
  const auto runs = bins_of(input, bins, order);
  for (double x : input) out.input_mean += x;
  out.input_mean /= static_cast<double>(n);
  for (double x : input) out.input_variance += (x - out.input_mean) * (x - out.input_mean);
  out.input_variance /= static_cast<double>(n);
  out.overall.assign(values.size(), 0.0);
  for (std::size_t d = 0; d < values.size(); ++d) {
    for (double v : *values[d]) out.overall[d] += v;
    out.overall[d] /= static_cast<double>(n);
  }
  for (const auto& [begin, end] : runs) {
    const double size = static_cast<double>(end - begin);
    out.weight.push_back(size / static_cast<double>(n));
    double centre = 0;
    for (std::size_t k = begin; k < end; ++k) centre += input[order[k]];
    out.centre.push_back(centre / size);
    std::vector<double> means(values.size(), 0.0);
    for (std::size_t d = 0; d < values.size(); ++d) {
      for (std::size_t k = begin; k < end; ++k) means[d] += (*values[d])[order[k]];
      means[d] /= size;
    }
    out.mean.push_back(std::move(means));
  }
  return out;
}

double evppi(const ConditionalMeans& means) { return evsi(means, 1.0); }

double evsi(const ConditionalMeans& means, double shrink) {
  if (means.overall.empty() || !(shrink > 0)) return 0;
  shrink = std::min(shrink, 1.0);
  double informed = 0;
  std::vector<double> shrunk(means.overall.size());
  for (std::size_t b = 0; b < means.mean.size(); ++b) {
    for (std::size_t d = 0; d < shrunk.size(); ++d)
      shrunk[d] = means.overall[d] + shrink * (means.mean[b][d] - means.overall[d]);
    informed += means.weight[b] * best_of(shrunk);
  }
  // Rounding may leave a value a hair below 0 when no bin changes the choice.
  return std::max(0.0, informed - best_of(means.overall));
}

double shrink_factor(double input_variance, double noise_variance) {
  if (!(input_variance > 0)) return 0;
  if (!(noise_variance > 0)) return 1;
  return std::sqrt(input_variance / (input_variance + noise_variance));
}

double evpi(const std::vector<const std::vector<double>*>& values) {
  if (values.empty() || values.front()->empty()) return 0;
  const std::size_t n = values.front()->size();
  double informed = 0;
  std::vector<double> means(values.size(), 0.0);
  for (std::size_t r = 0; r < n; ++r) {
    double best = -std::numeric_limits<double>::infinity();
    for (std::size_t d = 0; d < values.size(); ++d) {
      best = std::max(best, (*values[d])[r]);
      means[d] += (*values[d])[r];
    }
    informed += best;
  }
  for (double& m : means) m /= static_cast<double>(n);
  return informed / static_cast<double>(n) - best_of(means);
}

double first_order_share(const std::vector<double>& input, const std::vector<double>& value, std::size_t bins) {
  const std::size_t n = input.size();
  if (n < 2) return 0;
  std::vector<std::size_t> order;
  const auto runs = bins_of(input, bins, order);
  double mean = 0;
  for (double v : value) mean += v;
  mean /= static_cast<double>(n);
  double total = 0, between = 0, within = 0;
  for (double v : value) total += (v - mean) * (v - mean);
  total /= static_cast<double>(n);
  if (!(total > 0) || runs.size() < 2) return 0;
  for (const auto& [begin, end] : runs) {
    double m = 0;
    for (std::size_t k = begin; k < end; ++k) m += value[order[k]];
    m /= static_cast<double>(end - begin);
    between += static_cast<double>(end - begin) * (m - mean) * (m - mean);
    for (std::size_t k = begin; k < end; ++k) within += (value[order[k]] - m) * (value[order[k]] - m);
  }
  between /= static_cast<double>(n);
  const double pooled = n > runs.size() ? within / static_cast<double>(n - runs.size()) : 0.0;
  const double corrected = between - static_cast<double>(runs.size() - 1) / static_cast<double>(n) * pooled;
  return std::clamp(corrected / total, 0.0, 1.0);
}

}  // namespace journeysim
