#include "journeysim/decide/test_and_roll.hpp"

#include <cmath>
#include <numbers>

namespace journeysim {

double test_and_roll_sample_size(const TestAndRoll& setting) {
  const double ratio = (setting.noise_sd / setting.prior_sd) * (setting.noise_sd / setting.prior_sd);
  return std::sqrt(setting.population / 4 * ratio + (0.75 * ratio) * (0.75 * ratio)) - 0.75 * ratio;
}

double test_and_roll_evsi(const TestAndRoll& setting, double n) {
  if (!(n > 0)) return 0;
  const double variance = setting.prior_sd * setting.prior_sd;
  return (setting.population - 2 * n) * variance /
         std::sqrt(std::numbers::pi * (variance + setting.noise_sd * setting.noise_sd / n));
}

double test_and_roll_profit(const TestAndRoll& setting, double n) {
  return setting.population * setting.prior_mean + test_and_roll_evsi(setting, n);
}

double test_and_roll_evpi(const TestAndRoll& setting) {
  return setting.population * setting.prior_sd / std::sqrt(std::numbers::pi);
}

}  // namespace journeysim
