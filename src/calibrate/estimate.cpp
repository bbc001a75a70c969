#include "journeysim/calibrate/estimate.hpp"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <cmath>
#include <limits>
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

HomogeneityResult homogeneity_test(std::size_t from, const std::vector<std::uint64_t>& first_half,
                                   const std::vector<std::uint64_t>& second_half) {
  HomogeneityResult result;
  result.from = from;
  double n1 = 0, n2 = 0;
  int columns = 0;
  for (std::size_t to = 0; to < first_half.size(); ++to) {
    n1 += static_cast<double>(first_half[to]);
    n2 += static_cast<double>(second_half[to]);
    columns += first_half[to] + second_half[to] > 0;
  }
  if (n1 == 0 || n2 == 0 || columns < 2) return result;
  const double total = n1 + n2;
  for (std::size_t to = 0; to < first_half.size(); ++to) {
    const double column = static_cast<double>(first_half[to] + second_half[to]);
    if (column == 0) continue;
    const double e1 = n1 * column / total, e2 = n2 * column / total;
    const double d1 = static_cast<double>(first_half[to]) - e1, d2 = static_cast<double>(second_half[to]) - e2;
    result.statistic += d1 * d1 / e1 + d2 * d2 / e2;
  }
  result.degrees_of_freedom = columns - 1;
  result.p_value = chi_square_p_value(result.statistic, result.degrees_of_freedom);
  return result;
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
