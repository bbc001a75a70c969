#pragma once
/// \file Summaries of a metric over replicates: mean, sd, Monte Carlo standard error, quantiles.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "journeysim/core/quantile_levels.hpp"

namespace journeysim {

/// The statistic S of SPEC §6.
struct Statistic {
  double mean = 0;
  double sd = 0;    ///< sample standard deviation (n − 1)
  double mcse = 0;  ///< sd / sqrt(n): the Monte Carlo standard error of the mean
  std::vector<double> quantiles;  ///< at the levels given to summarize, ascending
  std::size_t count = 0;
};

/// Quantile q of sorted values by linear interpolation (R's type 7, numpy's default).
double quantile_sorted(const std::vector<double>& sorted, double q);

/// Summary of `values` at `levels`, skipping NaN (undefined in that replicate, e.g. ROI without
/// cost); nullopt when nothing is left. Deterministic: sums run in index order.
std::optional<Statistic> summarize(std::vector<double> values, const QuantileLevels& levels);

/// Mean and quantiles of samples (trajectories) in linear time (nth_element, type 7):
/// out[0] = mean, out[1 + i] = the quantile at levels[i]; `out` holds 1 + levels.size()
/// values. `values` is reordered; nothing is written when it is empty.
void summarize_in_place(std::vector<double>& values, const QuantileLevels& levels, std::span<double> out);
void summarize_in_place(std::vector<float>& values, const QuantileLevels& levels, std::span<double> out);

}  // namespace journeysim
