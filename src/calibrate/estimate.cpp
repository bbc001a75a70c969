#include "journeysim/calibrate/estimate.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <sstream>


namespace journeysim {

std::string describe(IntervalMethod method, double prior) {
  if (method == IntervalMethod::wilson) return "wilson";
  if (prior <= 0) return "dirichlet-posterior (counts + 0.5 per allowed cell, Jeffreys)";
  std::ostringstream text;
  text << "dirichlet-posterior (counts + prior " << prior << " per allowed cell)";
  return text.str();
}

namespace {

/// Central interval of Beta(a, b), with the degenerate ends a = 0 (all mass at 0) and b = 0.
std::pair<double, double> beta_interval(double a, double b, double level) {
  if (a <= 0) return {0.0, 0.0};
  if (b <= 0) return {1.0, 1.0};
  const double tail = (1 - level) / 2;
  return {boost::math::ibeta_inv(a, b, tail), boost::math::ibeta_inv(a, b, 1 - tail)};
}

/// Wilson score interval for k successes out of n.
std::pair<double, double> wilson_interval(double k, double n, double level) {
  const double z = std::sqrt(2.0) * boost::math::erf_inv(level);
  const double p = k / n, z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

double chi_square_p_value(double statistic, int df) {
  if (df <= 0) return 1.0;
  if (!std::isfinite(statistic)) return 0.0;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared_distribution<double>(df), statistic));
}

}  // namespace

RowEstimate estimate_row(std::size_t from, const std::vector<std::uint64_t>& counts,
                         const std::vector<bool>& allowed, const EstimateOptions& options) {
  const std::size_t n = counts.size();
  RowEstimate row;
  row.estimated.assign(n, false);
  double total = 0, weight = 0;
  for (std::size_t to = 0; to < n; ++to) {
    row.observations += counts[to];
    if (to != from) row.exits += counts[to];
    row.estimated[to] = to == from || allowed[to] || counts[to] > 0;
  }
  row.flagged = row.exits < options.min_exits;
  if (row.observations == 0) return row;
  for (std::size_t to = 0; to < n; ++to) {
    total += static_cast<double>(counts[to]);
    if (to == from || allowed[to]) weight += 1;
  }
  const double prior = options.prior;
  // Jeffreys pseudo-counts keep intervals honest for zero counts when there is no prior.
  const double interval_prior = prior > 0 ? prior : 0.5;
  row.probability.assign(n, 0.0);
  row.low.assign(n, 0.0);
  row.high.assign(n, 0.0);
  const double denominator = total + prior * weight;
  for (std::size_t to = 0; to < n; ++to) {
    if (!row.estimated[to]) continue;
    const double a = (to == from || allowed[to]) ? prior : 0.0;
    row.probability[to] = (static_cast<double>(counts[to]) + a) / denominator;
    std::pair<double, double> interval;
    if (options.interval == IntervalMethod::wilson) {
      interval = wilson_interval(static_cast<double>(counts[to]), total, options.level);
    } else {
      const double a_interval = (to == from || allowed[to]) ? interval_prior : 0.0;
      const double alpha = static_cast<double>(counts[to]) + a_interval;
      const double alpha0 = total + interval_prior * weight;
      interval = beta_interval(alpha, alpha0 - alpha, options.level);
    }
    row.low[to] = interval.first;
    row.high[to] = interval.second;
  }
  return row;
}

namespace {

double log_choose(double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); }

}  // namespace

std::optional<double> fisher_exact_p(const std::vector<std::uint64_t>& row1, const std::vector<std::uint64_t>& column,
                                     std::uint64_t n1, std::uint64_t total, double max_tables) {
  std::vector<std::size_t> order(column.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return column[a] > column[b]; });
  double tables = 1;
  for (std::size_t i = 1; i < order.size(); ++i) tables *= static_cast<double>(column[order[i]] + 1);
  if (tables > max_tables) return std::nullopt;
  const double log_denominator = log_choose(static_cast<double>(total), static_cast<double>(n1));
  auto log_probability = [&](const std::vector<std::uint64_t>& first) {
    double lp = -log_denominator;
    for (std::size_t j = 0; j < column.size(); ++j)
      lp += log_choose(static_cast<double>(column[j]), static_cast<double>(first[j]));
    return lp;
  };
  const double observed = log_probability(row1);
  const double tolerance = 1e-7;  // relative: ties in probability count as "as extreme"
  std::vector<std::uint64_t> cell(column.size(), 0);
  double p_value = 0;
  const std::size_t big = order.front();
  // Odometer over the small columns; the largest column takes what is left of n1.
  while (true) {
    std::uint64_t used = 0;
    for (std::size_t i = 1; i < order.size(); ++i) used += cell[order[i]];
    if (used <= n1 && n1 - used <= column[big]) {
      cell[big] = n1 - used;
      const double lp = log_probability(cell);
      if (lp <= observed + tolerance) p_value += std::exp(lp);
    }
    std::size_t i = 1;
    for (; i < order.size(); ++i) {
      if (++cell[order[i]] <= column[order[i]]) break;
      cell[order[i]] = 0;
    }
    if (i == order.size()) break;
  }
  return std::min(1.0, p_value);
}

HomogeneityResult homogeneity_test(std::size_t from, const std::vector<std::uint64_t>& first_half,
                                   const std::vector<std::uint64_t>& second_half) {
  HomogeneityResult result;
  result.from = from;
  std::uint64_t n1 = 0, n2 = 0;
  std::vector<std::uint64_t> row1, column;  // over destinations seen in either half
  for (std::size_t to = 0; to < first_half.size(); ++to) {
    n1 += first_half[to];
    n2 += second_half[to];
    if (first_half[to] + second_half[to] == 0) continue;
    row1.push_back(first_half[to]);
    column.push_back(first_half[to] + second_half[to]);
  }
  if (n1 == 0 || n2 == 0 || column.size() < 2) return result;
  const double total = static_cast<double>(n1 + n2);
  bool sparse = false;  // Cochran's rule: the chi-square law needs every expected count ≥ 5
  for (std::size_t j = 0; j < column.size(); ++j) {
    const double c = static_cast<double>(column[j]);
    const double e1 = static_cast<double>(n1) * c / total, e2 = static_cast<double>(n2) * c / total;
    sparse |= e1 < 5 || e2 < 5;
    const double d1 = static_cast<double>(row1[j]) - e1, d2 = static_cast<double>(column[j] - row1[j]) - e2;
    result.statistic += d1 * d1 / e1 + d2 * d2 / e2;
  }
  result.degrees_of_freedom = static_cast<int>(column.size()) - 1;
  result.p_value = chi_square_p_value(result.statistic, result.degrees_of_freedom);
  if (sparse)
    if (const auto exact = fisher_exact_p(row1, column, n1, n1 + n2, 2e6)) {
      result.p_value = *exact;
      result.method = HomogeneityMethod::exact;
    }
  result.adjusted_p_value = result.p_value;
  return result;
}

void holm_adjust(std::vector<HomogeneityResult>& tests) {
  std::vector<std::size_t> order(tests.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return tests[a].p_value < tests[b].p_value; });
  const double m = static_cast<double>(tests.size());
  double running = 0;  // step-down: adjusted p-values never decrease along the sorted order
  for (std::size_t rank = 0; rank < order.size(); ++rank) {
    HomogeneityResult& test = tests[order[rank]];
    running = std::max(running, std::min(1.0, (m - static_cast<double>(rank)) * test.p_value));
    test.adjusted_p_value = running;
  }
}

std::string homogeneity_meaning(const std::string& stage) {
  return "'" + stage + "' moved differently in the second half of the window than in the first. The model uses the "
         "whole window's average for it, so if the recent half is the new normal the forecast is off by the "
         "difference, and its intervals (which assume one fixed row) are too narrow. The likely cause in "
         "customer data is that the row depends on how long customers have been in the stage (customers who "
         "entered early in the window have aged into a different hazard by its second half) or on customers who "
         "differ (the quick leavers leave first, so the row slows): rows by time in stage fit both (calibrate "
         "--time-in-stage auto tests them stage by stage). A real change of the business (pricing, product) calls "
         "for calibrating on recent data only (a log cut to the recent periods).";
}

HomogeneityResult goodness_of_fit(std::size_t from, const std::vector<std::uint64_t>& counts,
                                  const std::vector<double>& probability) {
  HomogeneityResult result;
  result.from = from;
  double total = 0;
  int cells = 0;
  for (std::size_t to = 0; to < counts.size(); ++to) {
    total += static_cast<double>(counts[to]);
    cells += probability[to] > 0;
  }
  if (total == 0) return result;
  for (std::size_t to = 0; to < counts.size(); ++to) {
    const double expected = total * probability[to];
    const double observed = static_cast<double>(counts[to]);
    if (expected > 0)
      result.statistic += (observed - expected) * (observed - expected) / expected;
    else if (observed > 0)
      result.statistic = std::numeric_limits<double>::infinity();
  }
  result.degrees_of_freedom = cells - 1;
  result.p_value = chi_square_p_value(result.statistic, result.degrees_of_freedom);
  return result;
}

}  // namespace journeysim
