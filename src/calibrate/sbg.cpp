#include "journeysim/calibrate/sbg.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace journeysim {
namespace {

/// Per-period tallies in the hazard form of the likelihood: in its t-th period in the stage, a
/// customer leaves with probability h(t) = α/(α+β+t−1) or survives it.
struct Tallies {
  std::vector<double> exits, survivals;  ///< [t − 1]
};

double hazard_log_likelihood(double alpha, double beta, const Tallies& d) {
  double ll = 0;
  for (std::size_t i = 0; i < d.exits.size(); ++i) {
    const double h = alpha / (alpha + beta + static_cast<double>(i));
    if (d.exits[i] > 0) ll += d.exits[i] * std::log(h);
    if (d.survivals[i] > 0) ll += d.survivals[i] * std::log1p(-h);
  }
  return ll;
}

/// Past e^25 ≈ 7e10 the shapes only say "no heterogeneity" (β → ∞ at fixed α/(α+β) is the
/// geometric model); clamping keeps the simplex finite when the data have none.
constexpr double max_log_shape = 25;

/// Negative log-likelihood on the log scale (α = e^a, β = e^b keeps both positive).
double objective(const std::array<double, 2>& x, const Tallies& d) {
  return -hazard_log_likelihood(std::exp(std::min(x[0], max_log_shape)), std::exp(std::min(x[1], max_log_shape)), d);
}

/// Nelder–Mead on two parameters. The sBG likelihood is smooth and unimodal in (log α, log β)
/// for the cohorts it is used on; a simplex needs no derivatives of the beta recursion.
std::array<double, 2> minimise(const Tallies& alive) {
  std::array<std::array<double, 2>, 3> p{{{0.0, 0.0}, {0.5, 0.0}, {0.0, 0.5}}};
  std::array<double, 3> f{};
  for (int i = 0; i < 3; ++i) f[i] = objective(p[i], alive);
  for (int iteration = 0; iteration < 5000; ++iteration) {
    std::array<int, 3> order{0, 1, 2};
    std::sort(order.begin(), order.end(), [&](int a, int b) { return f[a] < f[b]; });
    const int best = order[0], mid = order[1], worst = order[2];
    if (std::abs(f[worst] - f[best]) < 1e-14 * (1 + std::abs(f[best])) &&
        std::abs(p[worst][0] - p[best][0]) + std::abs(p[worst][1] - p[best][1]) < 1e-12)
      break;
    const std::array<double, 2> centre{(p[best][0] + p[mid][0]) / 2, (p[best][1] + p[mid][1]) / 2};
    auto along = [&](double t) {
      return std::array<double, 2>{centre[0] + t * (p[worst][0] - centre[0]), centre[1] + t * (p[worst][1] - centre[1])};
    };
    const auto reflected = along(-1);
    const double fr = objective(reflected, alive);
    if (fr < f[best]) {
      const auto expanded = along(-2);
      const double fe = objective(expanded, alive);
      if (fe < fr) p[worst] = expanded, f[worst] = fe;
      else p[worst] = reflected, f[worst] = fr;
    } else if (fr < f[mid]) {
      p[worst] = reflected, f[worst] = fr;
    } else {
      const auto contracted = along(fr < f[worst] ? -0.5 : 0.5);
      const double fc = objective(contracted, alive);
      if (fc < std::min(fr, f[worst])) {
        p[worst] = contracted, f[worst] = fc;
      } else {  // shrink towards the best point
        for (int i : {mid, worst}) {
          p[i] = {(p[i][0] + p[best][0]) / 2, (p[i][1] + p[best][1]) / 2};
          f[i] = objective(p[i], alive);
        }
      }
    }
  }
  const int best = static_cast<int>(std::min_element(f.begin(), f.end()) - f.begin());
  return {std::min(p[best][0], max_log_shape), std::min(p[best][1], max_log_shape)};
}

/// A cohort's survivors as per-period tallies: those lost in period t left, those alive at its
/// end survived it.
Tallies cohort_tallies(const std::vector<double>& alive) {
  Tallies d;
  for (std::size_t t = 1; t < alive.size(); ++t) {
    d.exits.push_back(alive[t - 1] - alive[t]);
    d.survivals.push_back(alive[t]);
  }
  return d;
}

SbgFit fit(const Tallies& d) {
  const auto x = minimise(d);
  SbgFit out;
  out.alpha = std::exp(x[0]);
  out.beta = std::exp(x[1]);
  out.log_likelihood = hazard_log_likelihood(out.alpha, out.beta, d);
  // Observed information on the log scale by central differences; the delta method then gives
  // se(α) = α·se(log α), and the correlation of the two estimates is that of their logs.
  const double h = 1e-4;
  auto f = [&](double a, double b) { return objective({a, b}, d); };
  const double f0 = f(x[0], x[1]);
  const double haa = (f(x[0] + h, x[1]) - 2 * f0 + f(x[0] - h, x[1])) / (h * h);
  const double hbb = (f(x[0], x[1] + h) - 2 * f0 + f(x[0], x[1] - h)) / (h * h);
  const double hab = (f(x[0] + h, x[1] + h) - f(x[0] + h, x[1] - h) - f(x[0] - h, x[1] + h) + f(x[0] - h, x[1] - h)) /
                     (4 * h * h);
  const double det = haa * hbb - hab * hab;
  if (det > 0 && haa > 0 && hbb > 0 && out.alpha + out.beta < sbg_geometric_limit) {
    out.alpha_se = out.alpha * std::sqrt(hbb / det);
    out.beta_se = out.beta * std::sqrt(haa / det);
    out.correlation = -hab / std::sqrt(haa * hbb);
  }
  return out;
}

}  // namespace

std::vector<double> sbg_churn_probabilities(double alpha, double beta, int periods) {
  std::vector<double> p;
  if (periods < 1) return p;
  p.push_back(alpha / (alpha + beta));
  for (int t = 2; t <= periods; ++t) p.push_back(p.back() * (beta + t - 2) / (alpha + beta + t - 1));
  return p;
}

std::vector<double> sbg_survival(double alpha, double beta, int periods) {
  std::vector<double> s{1.0};
  for (int t = 1; t <= periods; ++t) s.push_back(s.back() * (beta + t - 1) / (alpha + beta + t - 1));
  return s;
}

double sbg_log_likelihood(double alpha, double beta, const std::vector<double>& alive) {
  return hazard_log_likelihood(alpha, beta, cohort_tallies(alive));
}

double sbg_hazard_log_likelihood(double alpha, double beta, const std::vector<double>& exits,
                                 const std::vector<double>& survivals) {
  return hazard_log_likelihood(alpha, beta, {exits, survivals});
}

SbgFit fit_sbg(const std::vector<double>& alive) {
  if (alive.size() < 2) throw std::invalid_argument("an sBG fit needs the cohort size and at least one later count");
  for (std::size_t t = 1; t < alive.size(); ++t)
    if (!(alive[t] >= 0 && alive[t] <= alive[t - 1]))
      throw std::invalid_argument("a cohort's survivors must not increase and must not be negative");
  return fit(cohort_tallies(alive));
}

SbgFit fit_sbg_hazard(const std::vector<double>& exits, const std::vector<double>& survivals) {
  if (exits.empty() || exits.size() != survivals.size())
    throw std::invalid_argument("an sBG fit needs exits and survivals for the same periods, at least one");
  for (std::size_t t = 0; t < exits.size(); ++t)
    if (!(exits[t] >= 0 && survivals[t] >= 0)) throw std::invalid_argument("tallies must not be negative");
  return fit({exits, survivals});
}

}  // namespace journeysim
