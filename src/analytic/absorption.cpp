#include "journeysim/analytic/absorption.hpp"

#include <algorithm>

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

/// Fills out.terminal and out.transient (file order) and out.never_absorbed: the transient
/// stages from which no terminal stage can be reached (none when there is no terminal stage).
void classify_stages(const Chain& chain, const Reach& reach, AbsorptionAnalysis& out) {
  const std::size_t n = reach.size();
  for (std::size_t s = 0; s < n; ++s) (chain.terminal[s] ? out.terminal : out.transient).push_back(s);
  auto reaches_terminal = [&](std::size_t i) {
    for (auto t : out.terminal)
      if (reach[i][t]) return true;
    return false;
  };
  if (!out.terminal.empty())
    for (auto s : out.transient)
      if (!reaches_terminal(s)) out.never_absorbed.push_back(s);
}

/// N = (I − Q)⁻¹ over `stages`, which must be left for good with probability 1 (not recurrent),
/// so that I − Q is invertible; 0×0 when there are none.
Eigen::MatrixXd fundamental_matrix(const Eigen::MatrixXd& p, const std::vector<StageIndex>& stages) {
  const auto w = static_cast<Eigen::Index>(stages.size());
  // I − Q with its diagonal taken as the row's exit mass Σ_{j≠i} p(i, j), not 1 − p(i, i):
  // for a stay of 1 − 1e-12 the subtraction would keep only a few correct digits.
  Eigen::MatrixXd i_minus_q(w, w);
  for (Eigen::Index i = 0; i < w; ++i) {
    const auto from = static_cast<Eigen::Index>(stages[i]);
    double exits = 0;
    for (Eigen::Index j = 0; j < p.cols(); ++j)
      if (j != from) exits += p(from, j);
    for (Eigen::Index j = 0; j < w; ++j)
      i_minus_q(i, j) = i == j ? exits : -p(from, static_cast<Eigen::Index>(stages[j]));
  }
  return w > 0 ? Eigen::MatrixXd(i_minus_q.inverse()) : Eigen::MatrixXd(0, 0);
}

/// What decides which per-stage results are finite: reachability and the recurrent stages.
struct Reachability {
  const Reach& reach;
  const std::vector<bool>& recurrent;

  /// A stage reaching a non-terminal recurrent stage (a paying one, with `paying_only`) may never
  /// be absorbed: its expected time (revenue) is infinite.
  bool reaches_recurrent(const Chain& chain, std::size_t i, bool paying_only) const {
    for (std::size_t j = 0; j < reach.size(); ++j)
      if (reach[i][j] && recurrent[j] && !chain.terminal[j] && (!paying_only || chain.revenue_per_period(j) > 0))
        return true;
    return false;
  }
};

/// Non-terminal stage `s`'s absorption probabilities, expected periods and expected revenue from
/// the fundamental matrix (`row`: s's row in it, −1 when s is recurrent; `value`: N r).
void transient_results(const Chain& chain, const Reachability& r, std::size_t s, Eigen::Index row,
                       const Eigen::VectorXd& value, AbsorptionAnalysis& out) {
  const Eigen::MatrixXd& p = chain.transition;
  const auto k = static_cast<Eigen::Index>(out.terminal.size());
  const auto w = static_cast<Eigen::Index>(out.fundamental_stages.size());
  if (row >= 0) {
    for (Eigen::Index c = 0; c < k; ++c) {
      double prob = 0;
      for (Eigen::Index j = 0; j < w; ++j)
        prob += out.fundamental(row, j) * p(out.fundamental_stages[j], out.terminal[c]);
      out.absorption_probabilities(s, c) = prob;
    }
  }
  if (!out.terminal.empty() && !r.reaches_recurrent(chain, s, false))  // so row ≥ 0: a recurrent s reaches itself
    out.expected_periods_to_absorption[s] = out.fundamental.row(row).sum();
  if (!r.reaches_recurrent(chain, s, true)) out.expected_revenue[s] = row >= 0 ? value(row) : 0.0;
}

/// Per stage: absorption probabilities, expected periods to absorption and expected revenue
/// (undiscounted); a terminal stage is absorbed where it is, in no time and for nothing.
void stage_results(const Chain& chain, const Reachability& r, AbsorptionAnalysis& out) {
  const auto n = static_cast<std::size_t>(chain.transition.rows());
  const auto w = static_cast<Eigen::Index>(out.fundamental_stages.size());
  std::vector<Eigen::Index> position(n, -1);
  for (Eigen::Index i = 0; i < w; ++i) position[out.fundamental_stages[i]] = i;
  const auto k = static_cast<Eigen::Index>(out.terminal.size());
  out.absorption_probabilities = Eigen::MatrixXd::Zero(n, k);
  out.expected_periods_to_absorption.assign(n, std::nullopt);
  out.expected_revenue.assign(n, std::nullopt);
  Eigen::VectorXd revenue_w(w);
  for (Eigen::Index i = 0; i < w; ++i) revenue_w(i) = chain.revenue_per_period(out.fundamental_stages[i]);
  const Eigen::VectorXd value_w = out.fundamental * revenue_w;
  for (std::size_t s = 0; s < n; ++s) {
    if (!chain.terminal[s]) {
      transient_results(chain, r, s, position[s], value_w, out);
      continue;
    }
    out.expected_periods_to_absorption[s] = 0.0;
    out.expected_revenue[s] = 0.0;
    for (Eigen::Index c = 0; c < k; ++c) out.absorption_probabilities(s, c) = out.terminal[c] == s;
  }
}

/// Discounted value per stage: v = r + δ P v, finite whenever δ < 1; without discounting, the
/// undiscounted expected revenue (`undiscounted`).
std::vector<std::optional<double>> present_values(const Chain& chain,
                                                  const std::vector<std::optional<double>>& undiscounted) {
  const Eigen::MatrixXd& p = chain.transition;
  const double delta = chain.economics.discount(1);
  if (delta < 1) {
    const auto n = static_cast<std::size_t>(p.rows());
    std::vector<std::optional<double>> pv(n, std::nullopt);
    const Eigen::VectorXd v =
        (Eigen::MatrixXd::Identity(n, n) - delta * p).partialPivLu().solve(chain.revenue_per_period);
    for (std::size_t s = 0; s < n; ++s) pv[s] = v(s);
    return pv;
  }
  return undiscounted;
}

/// Everything by state of the chain (the stages themselves unless rows depend on time in stage).
AbsorptionAnalysis analyze_states(const Chain& chain) {
  const Eigen::MatrixXd& p = chain.transition;
  const auto n = static_cast<std::size_t>(p.rows());
  AbsorptionAnalysis out;
  const Reach reach = transitive_closure(p);
  const std::vector<bool> recurrent = recurrent_stages(reach);
  classify_stages(chain, reach, out);
  // Stages left for good with probability 1 (not recurrent): I − Q is invertible over them.
  for (std::size_t s = 0; s < n; ++s)
    if (!recurrent[s]) out.fundamental_stages.push_back(s);
  out.fundamental = fundamental_matrix(p, out.fundamental_stages);
  stage_results(chain, Reachability{reach, recurrent}, out);
  out.expected_revenue_pv = present_values(chain, out.expected_revenue);
  if (out.terminal.empty()) out.stationary = stationary_law(p, out.stationary_not_unique);
  return out;
}

/// The results of a chain with time-in-stage states, by stage: a stage's row is its first state's
/// (a customer who has just entered it), and periods in a stage add up over its states.
AbsorptionAnalysis by_stage(const AbsorptionAnalysis& a, const StateLayout& layout) {
  const std::size_t stages = layout.first.size();
  AbsorptionAnalysis out;
  auto has = [](const std::vector<StageIndex>& list, std::size_t state) {
    return std::find(list.begin(), list.end(), state) != list.end();
  };
  for (StageIndex s = 0; s < stages; ++s) {
    const std::size_t first = layout.first[s];
    (has(a.terminal, first) ? out.terminal : out.transient).push_back(s);
    if (has(a.never_absorbed, first)) out.never_absorbed.push_back(s);
    bool all_fundamental = true;
    for (std::size_t k = 0; k < layout.count[s]; ++k) all_fundamental = all_fundamental && has(a.fundamental_stages, first + k);
    if (all_fundamental) out.fundamental_stages.push_back(s);
  }
  // N by stage: expected periods in stage j (all its states) after entering stage i.
  std::vector<Eigen::Index> position(layout.stage.size(), -1);
  for (std::size_t k = 0; k < a.fundamental_stages.size(); ++k)
    position[a.fundamental_stages[k]] = static_cast<Eigen::Index>(k);
  const auto m = static_cast<Eigen::Index>(out.fundamental_stages.size());
  out.fundamental = Eigen::MatrixXd::Zero(m, m);
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < m; ++j) {
      const StageIndex to = out.fundamental_stages[static_cast<std::size_t>(j)];
      const Eigen::Index row = position[layout.first[out.fundamental_stages[static_cast<std::size_t>(i)]]];
      for (std::size_t k = 0; k < layout.count[to]; ++k) out.fundamental(i, j) += a.fundamental(row, position[layout.first[to] + k]);
    }
  out.absorption_probabilities.resize(static_cast<Eigen::Index>(stages), a.absorption_probabilities.cols());
  for (StageIndex s = 0; s < stages; ++s) {
    const std::size_t first = layout.first[s];
    out.expected_periods_to_absorption.push_back(a.expected_periods_to_absorption[first]);
    out.absorption_probabilities.row(static_cast<Eigen::Index>(s)) =
        a.absorption_probabilities.row(static_cast<Eigen::Index>(first));
    out.expected_revenue.push_back(a.expected_revenue[first]);
    out.expected_revenue_pv.push_back(a.expected_revenue_pv[first]);
  }
  if (a.stationary) {
    Eigen::VectorXd law = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(stages));
    for (std::size_t i = 0; i < layout.stage.size(); ++i) law(static_cast<Eigen::Index>(layout.stage[i])) += (*a.stationary)(static_cast<Eigen::Index>(i));
    out.stationary = law;
  }
  out.stationary_not_unique = a.stationary_not_unique;
  return out;
}

}  // namespace

AbsorptionAnalysis analyze_absorption(const Chain& chain) {
  AbsorptionAnalysis states = analyze_states(chain);
  return chain.states.expanded() ? by_stage(states, chain.states) : states;
}

}  // namespace journeysim
