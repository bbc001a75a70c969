#pragma once
// The mean of Monte Carlo replicates and its standard error, for "within 4 MCSE" checks.
#include <cmath>
#include <vector>

namespace journeysim::test {

struct Moments {
  double mean = 0, mcse = 0;
};

inline Moments moments(const std::vector<double>& values) {
  Moments m;
  for (double v : values) m.mean += v;
  m.mean /= static_cast<double>(values.size());
  double ss = 0;
  for (double v : values) ss += (v - m.mean) * (v - m.mean);
  m.mcse = std::sqrt(ss / static_cast<double>(values.size() - 1) / static_cast<double>(values.size()));
  return m;
}

}  // namespace journeysim::test
