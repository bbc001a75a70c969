#include "journeysim/analytic/terminal_value.hpp"

#include <stdexcept>

namespace journeysim {

Eigen::VectorXd margin_to_go(const Eigen::MatrixXd& transition, const Eigen::VectorXd& margin, double delta) {
  if (!(delta >= 0 && delta < 1))
    throw std::invalid_argument("a terminal value needs a one-period discount factor below 1 (a positive discount rate)");
  const Eigen::Index n = transition.rows();
  const Eigen::MatrixXd system = Eigen::MatrixXd::Identity(n, n) - delta * transition;
  // Strictly diagonally dominant by rows (1 − δ·P_ss > δ·Σ_{j≠s} P_sj), so partial pivoting is exact enough.
  return system.partialPivLu().solve(margin);
}

double terminal_value(const Eigen::RowVectorXd& last_counts, const Eigen::MatrixXd& transition,
                      const Eigen::VectorXd& margin, double delta, double discount_at_horizon) {
  const Eigen::RowVectorXd next = last_counts * transition;
  return discount_at_horizon * next.dot(margin_to_go(transition, margin, delta).transpose());
}

}  // namespace journeysim
