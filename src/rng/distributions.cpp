#include "journeysim/rng/distributions.hpp"

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

namespace journeysim {

double draw_gamma(double shape, Stream& stream) {
  if (shape <= 0) return 0.0;
  boost::random::gamma_distribution<double> gamma(shape, 1.0);
  return gamma(stream);
}

void draw_dirichlet(const std::vector<double>& alpha, Stream& stream, std::vector<double>& out) {
  out.resize(alpha.size());
  double total = 0;
  for (std::size_t i = 0; i < alpha.size(); ++i) total += out[i] = draw_gamma(alpha[i], stream);
  if (total <= 0) {
    // Only possible when every alpha is 0 (or all gammas underflow for tiny shapes): put the
    // mass on the largest alpha so the row stays a distribution when there is one.
    std::fill(out.begin(), out.end(), 0.0);
    std::size_t best = 0;
    for (std::size_t i = 1; i < alpha.size(); ++i)
      if (alpha[i] > alpha[best]) best = i;
    if (!alpha.empty() && alpha[best] > 0) out[best] = 1.0;
    return;
  }
  for (double& value : out) value /= total;
}

double draw_beta(double a, double b, Stream& stream) {
  const double x = draw_gamma(a, stream);
  const double y = draw_gamma(b, stream);
  return x + y > 0 ? x / (x + y) : 0.5;
}

std::pair<double, double> draw_normal_pair(Stream& stream) {
  const double u1 = 1.0 - stream.uniform();  // (0, 1]: the logarithm stays finite
  const double u2 = stream.uniform();
  const double radius = std::sqrt(-2.0 * std::log(u1));
  const double angle = 6.283185307179586476925 * u2;
  return {radius * std::cos(angle), radius * std::sin(angle)};
}

std::int64_t draw_poisson(double mean, Stream& stream) {
  if (!(mean > 0)) return 0;
  boost::random::poisson_distribution<std::int64_t, double> poisson(mean);
  return poisson(stream);
}

std::int64_t draw_binomial(std::int64_t trials, double probability, Stream& stream) {
  if (trials <= 0 || probability <= 0) return 0;
  if (probability >= 1) return trials;
  boost::random::binomial_distribution<std::int64_t, double> binomial(trials, probability);
  return binomial(stream);
}

std::int64_t round_stochastically(double value, Stream& stream) {
  if (!(value > 0)) return 0;
  const double whole = std::floor(value);
  return static_cast<std::int64_t>(whole) + (stream.uniform() < value - whole ? 1 : 0);
}

}  // namespace journeysim
