// Exact absorbing-chain results against a textbook example and chains solved by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "chains.hpp"
#include "journeysim/analytic/absorption.hpp"

using namespace journeysim;
using Catch::Detail::Approx;

namespace {

Approx exact(double value) { return Approx(value).epsilon(1e-12).margin(1e-14); }

}  // namespace

// Grinstead & Snell, "Introduction to Probability", 2nd rev. ed. (AMS, 1997), §11.2 Absorbing
// Markov Chains: the Drunkard's Walk, Example 11.13, continued in Examples 11.14 and 11.15 with
//   N = [[3/2, 1, 1/2], [1, 2, 1], [1/2, 1, 3/2]],  t = Nc = (3, 4, 3),
//   B = NR = [[3/4, 1/4], [1/2, 1/2], [1/4, 3/4]]  (columns: state 0, state 4).
TEST_CASE("textbook: Grinstead & Snell's Drunkard's Walk", "[absorption][textbook]") {
  const AbsorptionAnalysis a = analyze_absorption(test::drunkards_walk());
  CHECK(a.transient == std::vector<StageIndex>{1, 2, 3});
  CHECK(a.terminal == std::vector<StageIndex>{0, 4});
  CHECK(a.never_absorbed.empty());
  REQUIRE(a.fundamental_stages == std::vector<StageIndex>{1, 2, 3});
  const double n[3][3] = {{1.5, 1, 0.5}, {1, 2, 1}, {0.5, 1, 1.5}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) CHECK(a.fundamental(i, j) == exact(n[i][j]));
  const double t[5] = {0, 3, 4, 3, 0};
  const double b[5][2] = {{1, 0}, {0.75, 0.25}, {0.5, 0.5}, {0.25, 0.75}, {0, 1}};
  for (int s = 0; s < 5; ++s) {
    REQUIRE(a.expected_periods_to_absorption[s].has_value());
    CHECK(*a.expected_periods_to_absorption[s] == exact(t[s]));
    CHECK(a.absorption_probabilities(s, 0) == exact(b[s][0]));
    CHECK(a.absorption_probabilities(s, 1) == exact(b[s][1]));
    // One unit of revenue per period in the corners: value per customer is t (period 0 counts).
    REQUIRE(a.expected_revenue[s].has_value());
    CHECK(*a.expected_revenue[s] == exact(t[s]));
  }
  CHECK_FALSE(a.stationary.has_value());
}

// Hand chain (see chains.hpp): Q = [[1/4, 1/2], [0, 1/2]], I − Q = [[3/4, −1/2], [0, 1/2]],
// N = (I − Q)^−1 = [[4/3, 4/3], [0, 2]] (check: 3/4·4/3 − 1/2·2 = 0). t = N·1 = (8/3, 2).
// Value undiscounted N r = (4/3·10 + 4/3·20, 2·20) = (40, 40).
// Discounted, δ = 4/5: v_b = 20 + δ/2·v_b → v_b = 20/(1 − 2/5) = 100/3;
// v_a = 10 + δ(v_a/4 + v_b/2) → v_a·4/5 = 10 + 40/3 → v_a = 175/6.
TEST_CASE("hand-solved chain: N, t, B and value per customer", "[absorption]") {
  const AbsorptionAnalysis a = analyze_absorption(test::hand_chain());
  REQUIRE(a.fundamental_stages == std::vector<StageIndex>{0, 1});
  CHECK(a.fundamental(0, 0) == exact(4.0 / 3));
  CHECK(a.fundamental(0, 1) == exact(4.0 / 3));
  CHECK(a.fundamental(1, 0) == exact(0));
  CHECK(a.fundamental(1, 1) == exact(2));
  CHECK(*a.expected_periods_to_absorption[0] == exact(8.0 / 3));
  CHECK(*a.expected_periods_to_absorption[1] == exact(2));
  CHECK(*a.expected_periods_to_absorption[2] == exact(0));
  CHECK(a.absorption_probabilities(0, 0) == exact(1));
  CHECK(a.absorption_probabilities(1, 0) == exact(1));
  CHECK(*a.expected_revenue[0] == exact(40));
  CHECK(*a.expected_revenue[1] == exact(40));
  CHECK(*a.expected_revenue_pv[0] == exact(175.0 / 6));
  CHECK(*a.expected_revenue_pv[1] == exact(100.0 / 3));
  CHECK(*a.expected_revenue_pv[2] == exact(0));
}

TEST_CASE("without discounting the PV equals the undiscounted value", "[absorption]") {
  Chain c = test::hand_chain();
  c.economics.discount_rate_annual = 0;
  const AbsorptionAnalysis a = analyze_absorption(c);
  CHECK(*a.expected_revenue_pv[0] == exact(40));
  CHECK(*a.expected_revenue_pv[1] == exact(40));
}

// Two stages, no terminal: a → b 1/5, b → a 3/10. Balance π_a/5 = 3π_b/10 with π_a + π_b = 1
// gives π = (3/5, 2/5). Revenue 10 in a; δ = 4/5: v_b = δ(3/10 v_a + 7/10 v_b) → v_b = 6/11 v_a;
// v_a = 10 + δ(4/5 v_a + 1/5 v_b) → v_a(9/25 − 24/275) = 10 → v_a = 110/3, v_b = 20.
TEST_CASE("stationary distribution of a chain without terminal stages", "[absorption]") {
  Chain c = test::make_test_chain({{0.8, 0.2}, {0.3, 0.7}}, {10, 0}, {false, false});
  c.economics.periods_per_year = 4;
  c.economics.discount_rate_annual = 1.44140625;
  const AbsorptionAnalysis a = analyze_absorption(c);
  REQUIRE(a.stationary.has_value());
  CHECK((*a.stationary)(0) == exact(0.6));
  CHECK((*a.stationary)(1) == exact(0.4));
  CHECK_FALSE(a.stationary_not_unique);
  CHECK(a.never_absorbed.empty());  // nothing to be absorbed into
  CHECK_FALSE(a.expected_periods_to_absorption[0].has_value());
  CHECK_FALSE(a.expected_revenue[0].has_value());  // pays forever: unbounded
  CHECK(*a.expected_revenue_pv[0] == exact(110.0 / 3));
  CHECK(*a.expected_revenue_pv[1] == exact(20));
}

TEST_CASE("stationary distribution with a transient stage feeding a cycle", "[absorption]") {
  // s leaves for good into the a<->b cycle: π(s) = 0, π on {a, b} as above.
  const Chain c = test::make_test_chain({{0.5, 0.5, 0}, {0, 0.8, 0.2}, {0, 0.3, 0.7}}, {0, 0, 0},
                                        {false, false, false});
  const AbsorptionAnalysis a = analyze_absorption(c);
  REQUIRE(a.stationary.has_value());
  CHECK((*a.stationary)(0) == exact(0));
  CHECK((*a.stationary)(1) == exact(0.6));
  CHECK((*a.stationary)(2) == exact(0.4));
  CHECK(a.fundamental_stages == std::vector<StageIndex>{0});
  CHECK(a.fundamental(0, 0) == exact(2));
}

TEST_CASE("two closed classes: no unique stationary distribution", "[absorption]") {
  const Chain c = test::make_test_chain({{1, 0}, {0, 1}}, {1, 1}, {false, false});
  const AbsorptionAnalysis a = analyze_absorption(c);
  CHECK_FALSE(a.stationary.has_value());
  CHECK(a.stationary_not_unique);
}

// a: stay 0.7, → x 0.1, → b 0.2. b: stay 0.5, → c 0.5. c → b 1. x terminal. b and c form a
// closed class that never reaches x (I − Q over {a, b, c} is singular). Over the stages left for
// good, {a}: N = 1/(1 − 0.7) = 10/3, P(a absorbed in x) = 10/3 · 0.1 = 1/3.
TEST_CASE("never-absorbed stages are named, never NaN", "[absorption]") {
  const Chain c = test::make_test_chain(
      {{0.7, 0.2, 0, 0.1}, {0, 0.5, 0.5, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}}, {1, 2, 0, 0},
      {false, false, false, true});
  const AbsorptionAnalysis a = analyze_absorption(c);
  CHECK(a.never_absorbed == std::vector<StageIndex>{1, 2});
  REQUIRE(a.fundamental_stages == std::vector<StageIndex>{0});
  CHECK(a.fundamental(0, 0) == exact(10.0 / 3));
  CHECK(a.absorption_probabilities(0, 0) == exact(1.0 / 3));
  CHECK(a.absorption_probabilities(1, 0) == exact(0));
  CHECK(a.absorption_probabilities(2, 0) == exact(0));
  // Infinite quantities are absent, not NaN or inf.
  for (int s = 0; s < 3; ++s) {
    CHECK_FALSE(a.expected_periods_to_absorption[s].has_value());
    CHECK_FALSE(a.expected_revenue[s].has_value());  // b pays forever
  }
  for (Eigen::Index i = 0; i < a.absorption_probabilities.size(); ++i)
    CHECK(std::isfinite(a.absorption_probabilities.data()[i]));
  // δ = 1 (no discount): the PV is as unbounded as the value.
  CHECK_FALSE(a.expected_revenue_pv[1].has_value());
}

TEST_CASE("never absorbed but not paying: value stays finite", "[absorption]") {
  Chain c = test::make_test_chain({{0.7, 0.2, 0, 0.1}, {0, 0.5, 0.5, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}},
                                  {3, 0, 0, 0}, {false, false, false, true});
  c.economics.discount_rate_annual = 0.1;
  const AbsorptionAnalysis a = analyze_absorption(c);
  // Only a pays: (N r)_a = 10/3 · 3 = 10; b and c earn nothing forever.
  CHECK(*a.expected_revenue[0] == exact(10));
  CHECK(*a.expected_revenue[1] == exact(0));
  CHECK(*a.expected_revenue[2] == exact(0));
  // v_a = 3 + δ 0.7 v_a with δ = 1.1^(−1/12).
  const double delta = std::pow(1.1, -1.0 / 12);
  CHECK(*a.expected_revenue_pv[0] == exact(3 / (1 - 0.7 * delta)));
}

TEST_CASE("a stage with no way out in a chain with terminals is never absorbed", "[absorption]") {
  const Chain c = test::make_test_chain({{0.9, 0, 0.1}, {0, 1, 0}, {0, 0, 1}}, {0, 5, 0}, {false, false, true});
  const AbsorptionAnalysis a = analyze_absorption(c);
  CHECK(a.never_absorbed == std::vector<StageIndex>{1});
  CHECK(*a.expected_periods_to_absorption[0] == exact(10));
  CHECK_FALSE(a.expected_periods_to_absorption[1].has_value());
}
