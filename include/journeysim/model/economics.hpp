#pragma once
/// \file How money is counted over a run: the horizon, the period length in a year, the annual
/// discount rate and the gross margin. One type for the analytic results, the simulator and
/// the ROI metrics.
#include <cstddef>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Discount factor of period t: (1 + rate)^(−t / periods_per_year); period 0 is not discounted.
double discount_factor(int period, double discount_rate_annual, int periods_per_year);

/// The money side of a journey over a horizon.
struct Economics {
  int horizon = 0;                ///< periods t = 0..horizon−1
  int periods_per_year = 12;      ///< 12 for month, 52 for week, 365 for day, 4 for quarter, 1 for year
  double discount_rate_annual = 0;
  double gross_margin = 1;        ///< margin = gross_margin · revenue − cost to serve
  std::vector<double> discount_factors;  ///< per period, filled by prepare() (pow is slow in hot loops)

  /// Precomputes discount(t) for every period of the horizon.
  void prepare();
  /// discount_factor(period, discount_rate_annual, periods_per_year), from the table when
  /// prepared (inline: the metrics call it once per period and replicate).
  double discount(int period) const {
    if (static_cast<std::size_t>(period) < discount_factors.size()) return discount_factors[static_cast<std::size_t>(period)];
    return discount_factor(period, discount_rate_annual, periods_per_year);
  }
};

/// The journey's economics over `horizon` periods (the model's own horizon when 0).
Economics economics_of(const Journey& journey, int horizon = 0);

}  // namespace journeysim
