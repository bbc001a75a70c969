// The terminal value against hand-derived closed forms and a brute-force sum of the series.
#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>

#include "journeysim/analytic/terminal_value.hpp"

using namespace journeysim;

TEST_CASE("margin to go of a paying stage with churn is a geometric series", "[analytic]") {
  // Stage 0 pays m = 100 a period and churns with c = 0.1 into an absorbing stage 1 (margin 0).
  // v0 = m + δ(1 − c)v0, so v0 = m / (1 − δ(1 − c)); δ = 0.99 gives 100 / 0.109.
  Eigen::MatrixXd P(2, 2);
  P << 0.9, 0.1, 0, 1;
  Eigen::VectorXd m(2);
  m << 100, 0;
  const Eigen::VectorXd v = margin_to_go(P, m, 0.99);
  CHECK(v(0) == Approx(100 / (1 - 0.99 * 0.9)).epsilon(1e-13));
  CHECK(v(1) == 0.0);
}

TEST_CASE("a customer who never leaves is worth a perpetuity", "[analytic]") {
  // P = I: v = m / (1 − δ), finite because δ < 1.
  const Eigen::MatrixXd P = Eigen::MatrixXd::Identity(1, 1);
  Eigen::VectorXd m(1);
  m << 12;
  CHECK(margin_to_go(P, m, 0.95)(0) == Approx(12 / 0.05).epsilon(1e-12));
  CHECK_THROWS_AS(margin_to_go(P, m, 1.0), std::invalid_argument);
}

TEST_CASE("terminal value equals the discounted sum of the chain's future margins", "[analytic]") {
  // Three stages with a loop back (expansion → adoption) and churn; brute force:
  // Σ_{k≥0} δ^k · x(H)·P^k·m, truncated where δ^k < 1e-17.
  Eigen::MatrixXd P(3, 3);
  P << 0.80, 0.15, 0.05,
       0.20, 0.75, 0.05,
       0.00, 0.00, 1.00;
  Eigen::VectorXd m(3);
  m << 40, 90, -1;  // churned customers cost a little (a margin may be negative)
  Eigen::RowVectorXd last(3);
  last << 1000, 250, 300;
  const double delta = std::pow(1.1, -1.0 / 12), at_horizon = std::pow(1.1, -36.0 / 12);
  Eigen::RowVectorXd x = last * P;
  double sum = 0, weight = 1;
  while (weight > 1e-17) {
    sum += weight * x.dot(m.transpose());
    x = x * P;
    weight *= delta;
  }
  CHECK(terminal_value(last, P, m, delta, at_horizon) == Approx(at_horizon * sum).epsilon(1e-11));
}
