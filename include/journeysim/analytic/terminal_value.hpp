#pragma once
/// \file Value beyond the horizon (`simulate --terminal-value`): the exact expected discounted
/// margin of the customers present when the horizon ends, from the chain itself.
#include <Eigen/Dense>

namespace journeysim {

/// Expected discounted margin of one customer from the period it is in onward, by stage:
/// v = m + δ·P·v, so v = (I − δP)⁻¹ m, with m the margin per period of each stage and δ the
/// one-period discount factor. δ < 1 (a positive discount rate) makes I − δP invertible
/// whatever the chain (its spectral radius is δ), so v is finite even for customers who never
/// leave. Throws std::invalid_argument when δ is not in [0, 1).
Eigen::VectorXd margin_to_go(const Eigen::MatrixXd& transition, const Eigen::VectorXd& margin, double delta);

/// The terminal value at time 0 of the customers in `last_counts` (the last period of the
/// horizon, H − 1): they move once more, x(H) = x(H−1)·P with no new arrivals, then earn
/// x(H)·v from period H on, discounted by `discount_at_horizon` (the factor of period H).
double terminal_value(const Eigen::RowVectorXd& last_counts, const Eigen::MatrixXd& transition,
                      const Eigen::VectorXd& margin, double delta, double discount_at_horizon);

}  // namespace journeysim
