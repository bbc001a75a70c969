#pragma once
/// \file Draws used by the simulator, on top of Boost.Random (whose algorithms are fixed, so
/// a seed gives the same numbers on every machine with the same Boost version).
#include <cstdint>
#include <utility>
#include <vector>

#include "journeysim/rng/stream.hpp"

namespace journeysim {

/// Gamma(shape, 1) draw; 0 when shape is 0.
double draw_gamma(double shape, Stream& stream);

/// Dirichlet(alpha) draw into `out` (same size); cells with alpha 0 get probability 0.
/// When every alpha is 0 the result is all zeros.
void draw_dirichlet(const std::vector<double>& alpha, Stream& stream, std::vector<double>& out);

/// Beta(a, b) draw (via two gamma draws).
double draw_beta(double a, double b, Stream& stream);

/// Two independent standard normal draws (Box–Muller on two uniforms: no state carried
/// between calls, so a stream's draws never depend on how many normals it made before).
std::pair<double, double> draw_normal_pair(Stream& stream);

/// Poisson(mean) count; 0 when mean ≤ 0.
std::int64_t draw_poisson(double mean, Stream& stream);

/// Binomial(trials, probability) count, valid for trials up to 10^15.
std::int64_t draw_binomial(std::int64_t trials, double probability, Stream& stream);

/// Rounds a non-negative real to an integer without bias: floor(x) + Bernoulli(frac(x)).
std::int64_t round_stochastically(double value, Stream& stream);

}  // namespace journeysim
