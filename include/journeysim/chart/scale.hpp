#pragma once
/// \file Chart geometry: linear scales and "nice" tick values (1-2-5 steps).
#include <vector>

namespace journeysim {

/// Maps the data interval [domain_min, domain_max] linearly onto [range_min, range_max] (pixels).
/// The range may run backwards (y axes grow upwards on screen). A degenerate domain maps to the
/// middle of the range rather than dividing by zero.
class LinearScale {
 public:
  LinearScale(double domain_min, double domain_max, double range_min, double range_max);
  /// Pixel position of `value`; values outside the domain extrapolate (callers clamp if needed).
  double operator()(double value) const;
  double domain_min() const { return domain_min_; }
  double domain_max() const { return domain_max_; }
  double range_min() const { return range_min_; }
  double range_max() const { return range_max_; }

 private:
  double domain_min_, domain_max_, range_min_, range_max_;
};

/// Tick values for an axis: multiples of `step` (1, 2 or 5 × 10^k) covering the interval.
struct Ticks {
  double step = 1;
  std::vector<double> values;  ///< ascending; the first ≤ low and the last ≥ high
  double min() const { return values.front(); }
  double max() const { return values.back(); }
  /// The largest |value|, which fixes the unit of tick labels (k, M, B).
  double largest() const;
};

/// About `target` nice ticks whose span covers [low, high] (order of the arguments is free).
/// A zero-width interval is widened around its value so an axis always has two ticks.
/// Example: nice_ticks(0, 1.93e6) → step 5e5, values {0, 5e5, 1e6, 1.5e6, 2e6}.
Ticks nice_ticks(double low, double high, int target = 5);

}  // namespace journeysim
