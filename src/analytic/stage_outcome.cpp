#include "journeysim/analytic/stage_outcome.hpp"

#include <cmath>

namespace journeysim {

StageOutcome stage_outcome(const Eigen::MatrixXd& transition, const std::vector<bool>& terminal, StageIndex stage,
                           int horizon) {
  const auto n = transition.rows();
  const auto s = static_cast<Eigen::Index>(stage);
  StageOutcome out;
  const double stay = transition(s, s);
  double move = 0;
  for (Eigen::Index d = 0; d < n; ++d)
    if (d != s && !terminal[static_cast<std::size_t>(d)]) move += transition(s, d);
  const double h = static_cast<double>(horizon);
  // Geometric series of "stay t periods, then move": the closed form fails only at stay = 1.
  out.conversion = stay < 1 ? move * (1 - std::pow(stay, h)) / (1 - stay) : 0;

  Eigen::RowVectorXd x = Eigen::RowVectorXd::Zero(n);
  x(s) = 1;
  for (int t = 0; t < horizon; ++t) x = x * transition;
  for (Eigen::Index d = 0; d < n; ++d)
    if (terminal[static_cast<std::size_t>(d)]) out.loss += x(d);

  // N(s, s) over the non-terminal stages; a singular I − Q means some mass never leaves.
  std::vector<Eigen::Index> transient;
  Eigen::Index position = -1;
  for (Eigen::Index i = 0; i < n; ++i)
    if (!terminal[static_cast<std::size_t>(i)]) {
      if (i == s) position = static_cast<Eigen::Index>(transient.size());
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
    const double value = lu.solve(e)(position);  // column s of N, row s
    if (std::isfinite(value) && value >= 0) out.periods = value;
  }
  return out;
}

}  // namespace journeysim
