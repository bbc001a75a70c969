#include "journeysim/chart/scale.hpp"

#include <algorithm>
#include <cmath>

namespace journeysim {

LinearScale::LinearScale(double domain_min, double domain_max, double range_min, double range_max)
    : domain_min_(domain_min), domain_max_(domain_max), range_min_(range_min), range_max_(range_max) {}

double LinearScale::operator()(double value) const {
  const double span = domain_max_ - domain_min_;
  if (span == 0 || !std::isfinite(span)) return (range_min_ + range_max_) / 2;
  return range_min_ + (value - domain_min_) / span * (range_max_ - range_min_);
}

double Ticks::largest() const {
  double out = 0;
  for (double v : values) out = std::max(out, std::fabs(v));
  return out;
}

namespace {

/// The 1-2-5 step nearest above `rough`: 0.7 → 1, 1.7 → 2, 3 → 5, 7.1 → 10.
double nice_step(double rough) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  const double residual = rough / magnitude;
  const double nice = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10;
  return nice * magnitude;
}

}  // namespace

Ticks nice_ticks(double low, double high, int target) {
  if (low > high) std::swap(low, high);
  if (!std::isfinite(low) || !std::isfinite(high)) low = high = 0;
  if (high - low <= std::fabs(high) * 1e-12) {
    // Widen a point so the axis has a visible extent around it.
    const double pad = low == 0 ? 1 : std::fabs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  Ticks ticks;
  ticks.step = nice_step((high - low) / std::max(1, target));
  // Integer multiples of the step (not repeated additions), so ticks do not drift.
  const long long first = static_cast<long long>(std::floor(low / ticks.step + 1e-9));
  const long long last = static_cast<long long>(std::ceil(high / ticks.step - 1e-9));
  for (long long k = first; k <= last; ++k) {
    double v = static_cast<double>(k) * ticks.step;
    if (v == 0) v = 0;  // no negative zero
    ticks.values.push_back(v);
  }
  if (ticks.values.size() < 2) ticks.values.push_back(ticks.values.back() + ticks.step);
  return ticks;
}

}  // namespace journeysim
