#include "journeysim/analytic/absorption.hpp"

#include <Eigen/LU>

namespace journeysim {
namespace {

using Reach = std::vector<std::vector<bool>>;

/// reach[i][j]: j can be reached from i in zero or more steps with positive probability.
Reach transitive_closure(const Eigen::MatrixXd& p) {
  const auto n = static_cast<std::size_t>(p.rows());
  Reach reach(n, std::vector<bool>(n, false));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) reach[i][j] = (i == j) || p(i, j) > 0;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      if (reach[i][k])
        for (std::size_t j = 0; j < n; ++j)
          if (reach[k][j]) reach[i][j] = true;
  return reach;
}

/// A stage is recurrent when every stage it can reach can reach it back.
std::vector<bool> recurrent_stages(const Reach& reach) {
  const std::size_t n = reach.size();
  std::vector<bool> recurrent(n, true);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j)
      if (reach[i][j] && !reach[j][i]) recurrent[i] = false;
  return recurrent;
}

std::optional<Eigen::VectorXd> stationary_law(const Eigen::MatrixXd& p, bool& not_unique) {
  const Eigen::Index n = p.rows();
  // π(P − I) = 0 with Σπ = 1: one balance equation is redundant, replace it by the sum.
  Eigen::MatrixXd a = p.transpose() - Eigen::MatrixXd::Identity(n, n);
  a.row(n - 1).setOnes();
  Eigen::VectorXd b = Eigen::VectorXd::Zero(n);
  b(n - 1) = 1;
  Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  if (!lu.isInvertible()) {
    not_unique = true;
    return std::nullopt;
  }
  return Eigen::VectorXd(lu.solve(b));
}

}  // namespace

AbsorptionAnalysis analyze_absorption(const Chain& chain) {
  const Eigen::MatrixXd& p = chain.transition;
  const auto n = static_cast<std::size_t>(p.rows());
  AbsorptionAnalysis out;
  for (std::size_t s = 0; s < n; ++s) (chain.terminal[s] ? out.terminal : out.transient).push_back(s);

  const Reach reach = transitive_closure(p);
  const std::vector<bool> recurrent = recurrent_stages(reach);
  auto reaches_terminal = [&](std::size_t i) {
    for (auto t : out.terminal)
      if (reach[i][t]) return true;
    return false;
  };
  if (!out.terminal.empty())
    for (auto s : out.transient)
      if (!reaches_terminal(s)) out.never_absorbed.push_back(s);

  // Stages left for good with probability 1 (not recurrent): I − Q is invertible over them.
  for (std::size_t s = 0; s < n; ++s)
    if (!recurrent[s]) out.fundamental_stages.push_back(s);
  const auto w = static_cast<Eigen::Index>(out.fundamental_stages.size());
  // I − Q with its diagonal taken as the row's exit mass Σ_{j≠i} p(i, j), not 1 − p(i, i):
  // for a stay of 1 − 1e-12 the subtraction would keep only a few correct digits.
  Eigen::MatrixXd i_minus_q(w, w);
  for (Eigen::Index i = 0; i < w; ++i) {
    const auto from = static_cast<Eigen::Index>(out.fundamental_stages[i]);
    double exits = 0;
    for (Eigen::Index j = 0; j < p.cols(); ++j)
      if (j != from) exits += p(from, j);
    for (Eigen::Index j = 0; j < w; ++j)
      i_minus_q(i, j) = i == j ? exits : -p(from, static_cast<Eigen::Index>(out.fundamental_stages[j]));
  }
  out.fundamental = w > 0 ? Eigen::MatrixXd(i_minus_q.inverse()) : Eigen::MatrixXd(0, 0);
  std::vector<Eigen::Index> position(n, -1);
  for (Eigen::Index i = 0; i < w; ++i) position[out.fundamental_stages[i]] = i;

  // A stage reaching a non-terminal recurrent stage may never be absorbed: infinite time.
  auto reaches_recurrent = [&](std::size_t i, bool paying_only) {
    for (std::size_t j = 0; j < n; ++j)
      if (reach[i][j] && recurrent[j] && !chain.terminal[j] &&
          (!paying_only || chain.revenue_per_period(j) > 0))
        return true;
    return false;
  };

  const auto k = static_cast<Eigen::Index>(out.terminal.size());
  out.absorption_probabilities = Eigen::MatrixXd::Zero(n, k);
  out.expected_periods_to_absorption.assign(n, std::nullopt);
  out.expected_revenue.assign(n, std::nullopt);
  Eigen::VectorXd revenue_w(w);
  for (Eigen::Index i = 0; i < w; ++i) revenue_w(i) = chain.revenue_per_period(out.fundamental_stages[i]);
  const Eigen::VectorXd value_w = out.fundamental * revenue_w;
  for (std::size_t s = 0; s < n; ++s) {
    if (chain.terminal[s]) {
      out.expected_periods_to_absorption[s] = 0.0;
      out.expected_revenue[s] = 0.0;
      for (Eigen::Index c = 0; c < k; ++c) out.absorption_probabilities(s, c) = out.terminal[c] == s;
      continue;
    }
    if (position[s] >= 0) {
      for (Eigen::Index c = 0; c < k; ++c) {
        double prob = 0;
        for (Eigen::Index j = 0; j < w; ++j)
          prob += out.fundamental(position[s], j) * p(out.fundamental_stages[j], out.terminal[c]);
        out.absorption_probabilities(s, c) = prob;
      }
    }
    if (!out.terminal.empty() && !reaches_recurrent(s, false))
      out.expected_periods_to_absorption[s] = out.fundamental.row(position[s]).sum();
    if (!reaches_recurrent(s, true)) out.expected_revenue[s] = position[s] >= 0 ? value_w(position[s]) : 0.0;
  }

  // Discounted value: v = r + δ P v, finite whenever δ < 1.
  const double delta = chain.economics.discount(1);
  out.expected_revenue_pv.assign(n, std::nullopt);
  if (delta < 1) {
    const Eigen::VectorXd v = (Eigen::MatrixXd::Identity(n, n) - delta * p).partialPivLu().solve(chain.revenue_per_period);
    for (std::size_t s = 0; s < n; ++s) out.expected_revenue_pv[s] = v(s);
  } else {
    out.expected_revenue_pv = out.expected_revenue;
  }

  if (out.terminal.empty()) out.stationary = stationary_law(p, out.stationary_not_unique);
  return out;
}

}  // namespace journeysim
