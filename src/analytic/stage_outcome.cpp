#include "journeysim/analytic/stage_outcome.hpp"

#include <cmath>

namespace journeysim {

namespace {

/// Conversion when the stage has several states (time in stage): the mass still in the stage
/// walks through its states period by period, and what leaves for a non-terminal stage counts.
double conversion_by_state(const Eigen::MatrixXd& transition, const std::vector<bool>& terminal,
                           const StateLayout& layout, StageIndex stage, int horizon) {
  const std::size_t first = layout.first_state(stage), count = layout.state_count(stage);
  std::vector<double> mass(count, 0.0), next(count);
  mass[0] = 1;
  double converted = 0;
  for (int t = 0; t < horizon; ++t) {
    std::fill(next.begin(), next.end(), 0.0);
    for (std::size_t k = 0; k < count; ++k) {
      const auto row = static_cast<Eigen::Index>(first + k);
      for (Eigen::Index d = 0; d < transition.cols(); ++d) {
        const auto to = static_cast<std::size_t>(d);
        if (layout.stage_of(to) == stage) next[to - first] += mass[k] * transition(row, d);
        else if (!terminal[to]) converted += mass[k] * transition(row, d);
      }
    }
    mass.swap(next);
  }
  return converted;
}

}  // namespace

StageOutcome stage_outcome(const Eigen::MatrixXd& transition, const std::vector<bool>& terminal, StageIndex stage,
                           int horizon, const StateLayout& layout) {
  const auto n = transition.rows();
  const auto s = static_cast<Eigen::Index>(layout.first_state(stage));
  StageOutcome out;
  if (layout.state_count(stage) > 1) {
    out.conversion = conversion_by_state(transition, terminal, layout, stage, horizon);
  } else {
    const double stay = transition(s, s);
    double move = 0;
    for (Eigen::Index d = 0; d < n; ++d)
      if (d != s && !terminal[static_cast<std::size_t>(d)]) move += transition(s, d);
    const double h = static_cast<double>(horizon);
    // Geometric series of "stay t periods, then move": the closed form fails only at stay = 1.
    out.conversion = stay < 1 ? move * (1 - std::pow(stay, h)) / (1 - stay) : 0;
  }

  Eigen::RowVectorXd x = Eigen::RowVectorXd::Zero(n);
  x(s) = 1;
  for (int t = 0; t < horizon; ++t) x = x * transition;
  for (Eigen::Index d = 0; d < n; ++d)
    if (terminal[static_cast<std::size_t>(d)]) out.loss += x(d);

  // N(s, s) over the non-terminal states (summed over the stage's states); a singular I − Q
  // means some mass never leaves.
  std::vector<Eigen::Index> transient, of_stage;
  Eigen::Index position = -1;
  for (Eigen::Index i = 0; i < n; ++i)
    if (!terminal[static_cast<std::size_t>(i)]) {
      if (i == s) position = static_cast<Eigen::Index>(transient.size());
      if (layout.stage_of(static_cast<std::size_t>(i)) == stage) of_stage.push_back(static_cast<Eigen::Index>(transient.size()));
      transient.push_back(i);
    }
  const auto m = static_cast<Eigen::Index>(transient.size());
  Eigen::MatrixXd a = Eigen::MatrixXd::Identity(m, m);
  for (Eigen::Index i = 0; i < m; ++i)
    for (Eigen::Index j = 0; j < m; ++j) a(i, j) -= transition(transient[static_cast<std::size_t>(i)], transient[static_cast<std::size_t>(j)]);
  Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  lu.setThreshold(1e-12);
  if (position >= 0 && lu.isInvertible()) {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(m);
    e(position) = 1;
    double value = 0;
    if (of_stage.size() == 1) {
      value = lu.solve(e)(position);  // column s of N, row s
    } else {
      // Expected periods in the stage from entering it: row s of N, (I − Q)ᵀ y = e_s, summed
      // over the stage's states.
      const Eigen::VectorXd row = a.transpose().fullPivLu().solve(e);
      for (auto k : of_stage) value += row(k);
    }
    if (std::isfinite(value) && value >= 0) out.periods = value;
  }
  return out;
}

}  // namespace journeysim
