// Leverage: exact values on the hand chain, and a brute-force recomputation on the example.
#include <catch2/catch.hpp>

#include <cmath>

#include "chains.hpp"
#include "journeysim/analytic/leverage.hpp"
#include "journeysim/io/model_reader.hpp"
#include "test_paths.hpp"

using namespace journeysim;

namespace {

using Dense = std::vector<std::vector<double>>;

/// PV of the population's revenue over the horizon by plain loops, sharing no code with the
/// library's trace: the brute-force oracle for leverage. The as-of convention: x(0) = initial,
/// each step adds the inflow.
double brute_force_pv(const Dense& p, const Chain& c) {
  const std::size_t n = p.size();
  std::vector<double> x(n), next(n);
  for (std::size_t s = 0; s < n; ++s) x[s] = c.initial(static_cast<Eigen::Index>(s));
  double pv = 0;
  for (int t = 0; t < c.economics.horizon; ++t) {
    if (t > 0) {
      for (std::size_t j = 0; j < n; ++j) {
        next[j] = c.inflow(static_cast<Eigen::Index>(j));
        for (std::size_t i = 0; i < n; ++i) next[j] += x[i] * p[i][j];
      }
      x.swap(next);
    }
    double revenue = 0;
    for (std::size_t s = 0; s < n; ++s) revenue += x[s] * c.revenue_per_period(static_cast<Eigen::Index>(s));
    pv += revenue / std::pow(1 + c.economics.discount_rate_annual, static_cast<double>(t) / c.economics.periods_per_year);
  }
  return pv;
}

Dense dense(const Chain& c) {
  Dense p(static_cast<std::size_t>(c.transition.rows()));
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = 0; j < p.size(); ++j)
      p[i].push_back(c.transition(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)));
  return p;
}

/// Every leverage entry against moving min(step, stay) from the stay to the cell by hand.
void check_against_brute_force(const Chain& c, const std::vector<Leverage>& levers) {
  const Dense p = dense(c);
  const double base = brute_force_pv(p, c);
  std::size_t expected_count = 0;
  for (std::size_t a = 0; a < p.size(); ++a)
    for (std::size_t b = 0; b < p.size(); ++b) expected_count += !c.terminal[a] && a != b && p[a][b] > 0;
  CHECK(levers.size() == expected_count);
  for (const Leverage& lever : levers) {
    Dense changed = p;
    const double stay = p[lever.from][lever.from];
    const double step = std::min(0.01, stay);
    changed[lever.from][lever.to] += step;
    changed[lever.from][lever.from] -= step;
    const double delta = brute_force_pv(changed, c) - base;
    INFO(lever.from << " -> " << lever.to);
    CHECK(lever.step == step);
    CHECK(lever.limited == (stay < 0.01));
    // A difference of two large sums: compare relative to the sums, not to the difference.
    CHECK(lever.delta_revenue_pv == Approx(delta).margin(1e-12 * std::abs(base)));
  }
  for (std::size_t i = 1; i < levers.size(); ++i)
    CHECK(std::abs(levers[i - 1].delta_revenue_pv) >= std::abs(levers[i].delta_revenue_pv));  // by size
}

}  // namespace

// Hand chain (chains.hpp), base PV 2744 (trace_test: x(0) = (100, 0, 0), the as-of state).
// +0.01 on a → b (stay a 0.24, a → b 0.51):
//   x(1) = (34, 51, ·), x(2) = (34·0.24 + 10, 34·0.51 + 51·0.5, ·) = (18.16, 42.84, ·);
//   revenue 1000, 1360, 1038.4; PV 1000 + 1088 + 664.576 = 2752.576 → +8.576.
// +0.01 on a → x: x(1) = (34, 50, ·), x(2) = (18.16, 42, ·); revenue 1000, 1340, 1021.6;
//   PV 1000 + 1072 + 653.824 = 2725.824 → −18.176.
// +0.01 on b → x (stay b 0.49): x(1) unchanged, x(2)_b = 17.5 + 50·0.49 = 42; revenue(2) =
//   187.5 + 840 = 1027.5; PV 1000 + 1080 + 657.6 = 2737.6 → −6.4.
TEST_CASE("leverage on the hand chain, ranked by size whatever the sign", "[leverage]") {
  // The biggest lever here is a leak (a → x, −18.18): ranked by signed value it came last and
  // a cut list hid it (issue #15 §3).
  const auto levers = compute_leverage(test::hand_chain());
  REQUIRE(levers.size() == 3);
  CHECK(levers[0].from == 0);
  CHECK(levers[0].to == 2);
  CHECK(levers[0].delta_revenue_pv == Approx(-18.176).epsilon(1e-12));
  CHECK(levers[1].from == 0);
  CHECK(levers[1].to == 1);
  CHECK(levers[1].delta_revenue_pv == Approx(8.576).epsilon(1e-12));
  CHECK(levers[2].from == 1);
  CHECK(levers[2].to == 2);
  CHECK(levers[2].delta_revenue_pv == Approx(-6.4).epsilon(1e-12));
  for (const auto& lever : levers) {
    CHECK(lever.step == 0.01);
    CHECK_FALSE(lever.limited);
  }
}

// c → d 0.995 leaves a stay of 0.005 < 0.01: the step is the whole stay, and it says so.
// 100 customers in c, no inflow, horizon 2, no discount, revenue 10 in d.
// Base: x(1) = (0.5, 99.5, 0) → PV 995. With c → d 1: x(1) = (0, 100, 0) → PV 1000: +5.
// d → x +0.01 changes nothing before period 2: +0.
TEST_CASE("leverage limited by a small stay", "[leverage]") {
  Chain c = test::make_test_chain({{0.005, 0.995, 0}, {0, 0.9, 0.1}, {0, 0, 1}}, {0, 10, 0},
                                  {false, false, true});
  c.initial(0) = 100;
  c.economics.horizon = 2;
  const auto levers = compute_leverage(c);
  REQUIRE(levers.size() == 2);
  CHECK(levers[0].from == 0);
  CHECK(levers[0].to == 1);
  CHECK(levers[0].limited);
  CHECK(levers[0].step == 0.005);
  CHECK(levers[0].delta_revenue_pv == Approx(5).epsilon(1e-12));
  CHECK(levers[1].from == 1);
  CHECK_FALSE(levers[1].limited);
  CHECK(levers[1].delta_revenue_pv == Approx(0).margin(1e-12));
  check_against_brute_force(c, levers);
}

TEST_CASE("leverage skips zero cells and terminal rows; a zero stay gives a zero step", "[leverage]") {
  // a: → b 1 (stay 0); b: → x 0.5, → a 0 (zero cell). x terminal.
  Chain c = test::make_test_chain({{0, 1, 0}, {0, 0.5, 0.5}, {0, 0, 1}}, {1, 2, 0}, {false, false, true});
  c.initial(0) = 10;
  c.economics.horizon = 4;
  const auto levers = compute_leverage(c);
  REQUIRE(levers.size() == 2);
  const Leverage& a_to_b = levers[0].from == 0 ? levers[0] : levers[1];
  CHECK(a_to_b.limited);
  CHECK(a_to_b.step == 0);
  CHECK(a_to_b.delta_revenue_pv == 0);
  check_against_brute_force(c, levers);
}

TEST_CASE("the leverage step is one point a month in every period length", "[leverage]") {
  Economics e;
  e.periods_per_year = 12;
  CHECK(leverage_step(e) == 0.01);
  e.periods_per_year = 52;
  CHECK(leverage_step(e) == Approx(0.12 / 52).epsilon(1e-15));  // 0.23pp a week
  e.periods_per_year = 4;
  CHECK(leverage_step(e) == Approx(0.03).epsilon(1e-15));       // 3pp a quarter
}

TEST_CASE("leverage on the example equals a brute-force recomputation", "[leverage][example]") {
  const Journey journey = read_journey(test::source_path("scenarios/b2b-saas/journey.yaml"));
  const Chain c = make_chain(journey);
  check_against_brute_force(c, compute_leverage(c));
}

TEST_CASE("leverage on the textbook chain equals a brute-force recomputation", "[leverage]") {
  Chain c = test::drunkards_walk();
  c.initial(2) = 100;
  c.inflow(1) = 7;
  c.economics.horizon = 12;
  c.economics.discount_rate_annual = 0.08;
  // Every stay in the walk is 0: every lever is limited to a zero step.
  const auto levers = compute_leverage(c);
  for (const auto& lever : levers) CHECK(lever.limited);
  check_against_brute_force(c, levers);
  c.transition(2, 2) = 0.2;  // give the middle a stay so some levers move
  c.transition(2, 1) = 0.4;
  c.transition(2, 3) = 0.4;
  check_against_brute_force(c, compute_leverage(c));
}
