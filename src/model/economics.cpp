#include "journeysim/model/economics.hpp"

#include <cmath>

#include "journeysim/model/period.hpp"

namespace journeysim {

double discount_factor(int period, double discount_rate_annual, int periods_per_year) {
  return std::pow(1.0 + discount_rate_annual, -static_cast<double>(period) / periods_per_year);
}

void Economics::prepare() {
  discount_factors.resize(static_cast<std::size_t>(horizon));
  for (int t = 0; t < horizon; ++t)
    discount_factors[static_cast<std::size_t>(t)] = discount_factor(t, discount_rate_annual, periods_per_year);
}

Economics economics_of(const Journey& journey, int horizon) {
  Economics economics;
  economics.horizon = horizon > 0 ? horizon : journey.info.horizon;
  economics.periods_per_year = periods_per_year(journey.info.period);
  economics.discount_rate_annual = journey.info.discount_rate_annual;
  economics.gross_margin = journey.info.gross_margin;
  return economics;
}

}  // namespace journeysim
