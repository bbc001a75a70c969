// The expected trace with inflow and discounting, against the hand chain worked out below.
#include <catch2/catch.hpp>

#include <cmath>

#include "chains.hpp"
#include "journeysim/analytic/trace.hpp"

using namespace journeysim;

namespace {

Approx trace_exact(double value) { return Approx(value).epsilon(1e-12).margin(1e-12); }

}  // namespace

TEST_CASE("discount factor of period t is (1 + rate)^(−t/k)", "[trace]") {
  CHECK(discount_factor(0, 0.10, 12) == 1.0);  // period 0 is not discounted
  CHECK(discount_factor(12, 0.10, 12) == trace_exact(1 / 1.1));
  CHECK(discount_factor(6, 0.21, 12) == trace_exact(1 / 1.1));  // half a year at 21% = 10%
  CHECK(discount_factor(2, 1.44140625, 4) == trace_exact(0.64));
  CHECK(discount_factor(365, 0.05, 365) == trace_exact(1 / 1.05));
  CHECK(discount_factor(52, 0.05, 52) == trace_exact(1 / 1.05));
  CHECK(discount_factor(7, 0, 12) == 1.0);
}

// The as-of convention: x(0) = initial = (100, 0, 0); arrivals come with each step.
// x(1) = x(0)P + inflow = (100/4 + 10, 100/2, 100/4) = (35, 50, 25).
// x(2) = (35/4 + 10, 35/2 + 50/2, 25 + 35/4 + 50/2) = (18.75, 42.5, 58.75).
// Revenue: 1000; 350 + 1000 = 1350; 187.5 + 850 = 1037.5; total 3387.5.
// PV with δ = 4/5 per quarter: 1000 + 1350·0.8 + 1037.5·0.64 = 1000 + 1080 + 664 = 2744.
TEST_CASE("trace with inflow, revenue and present value", "[trace]") {
  const Trace trace = compute_trace(test::hand_chain());
  REQUIRE(trace.counts.rows() == 3);
  const double x[3][3] = {{100, 0, 0}, {35, 50, 25}, {18.75, 42.5, 58.75}};
  for (int t = 0; t < 3; ++t)
    for (int s = 0; s < 3; ++s) CHECK(trace.counts(t, s) == trace_exact(x[t][s]));
  CHECK(trace.revenue(0) == trace_exact(1000));
  CHECK(trace.revenue(1) == trace_exact(1350));
  CHECK(trace.revenue(2) == trace_exact(1037.5));
  CHECK(trace.revenue_pv(1) == trace_exact(1080));
  CHECK(trace.revenue_pv(2) == trace_exact(664));
  CHECK(trace.revenue_total == trace_exact(3387.5));
  CHECK(trace.revenue_pv_total == trace_exact(2744));
  CHECK(trace_revenue_pv(test::hand_chain()) == trace_exact(2744));
}

TEST_CASE("customers are conserved: each step adds the inflow", "[trace]") {
  Chain c = test::drunkards_walk();
  c.initial(2) = 64;
  c.inflow(1) = 3;
  c.economics.horizon = 25;
  const Trace trace = compute_trace(c);
  for (int t = 0; t < c.economics.horizon; ++t) CHECK(trace.counts.row(t).sum() == trace_exact(64 + 3.0 * t));  // t arrivals by period t
}

TEST_CASE("horizon of one period is just x(0)", "[trace]") {
  Chain c = test::hand_chain();
  c.economics.horizon = 1;
  const Trace trace = compute_trace(c);
  REQUIRE(trace.counts.rows() == 1);
  CHECK(trace.revenue_total == trace_exact(1000));  // the as-of state only: no arrivals yet
  CHECK(trace.revenue_pv_total == trace_exact(1000));
}
