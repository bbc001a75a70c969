// A deterministic model and constant effects: every figure follows by hand.
#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/run/simulation.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

SimulationResult run(const Journey& journey, const FixesFile& fixes) {
  SimulationSettings settings;
  settings.mode = Mode::expected;
  settings.replicates = 2;
  return run_simulation(journey, fixes, settings);
}

const char* halve_churn_fix = R"(fixes:
  - id: halve-churn
    owner: CS
    cost: {upfront: 1000, per_period: 100}
    start: 1
    effects:
      - transition: paying -> churned
        relative: -0.5
)";

}  // namespace

TEST_CASE("NPV, ROI and payback of a constant fix, by hand (no discounting)", "[roi]") {
  // Baseline: x = 1000, 900, 810, 729 paying; revenue 100 each.
  // The fix changes P(t) for t ≥ 1, so x(2) is the first state it affects:
  // x = 1000, 900, 855, 812.25. Incremental revenue 0, 0, 4500, 8325.
  const Journey journey = test::journey_from(test::decay_model_yaml(4, 0.0));
  const FixesFile fixes = test::fixes_from(halve_churn_fix, journey);
  const SimulationResult result = run(journey, fixes);
  const ReplicateMetrics& base = result.scenarios[0].metrics.back()[0];
  const ReplicateMetrics& fix = result.scenarios[1].metrics.back()[0];
  CHECK(base.revenue_total == Approx(343900).epsilon(1e-12));
  CHECK(base.churned_total == Approx(271).epsilon(1e-12));  // 100 + 90 + 81
  CHECK(fix.revenue_total == Approx(356725).epsilon(1e-12));
  CHECK(fix.incremental_revenue == Approx(12825).epsilon(1e-12));
  CHECK(fix.incremental_margin_pv == Approx(0.8 * 12825).epsilon(1e-12));
  CHECK(fix.cost_pv == Approx(1000 + 3 * 100).epsilon(1e-12));  // upfront at t=1, per period t=1..3
  CHECK(fix.npv == Approx(10260 - 1300).epsilon(1e-12));
  CHECK(fix.roi == Approx(8960.0 / 1300.0).epsilon(1e-12));
  CHECK(fix.retained_arr == Approx((81225 - 72900) * 12.0).epsilon(1e-12));
  // Cumulative margin 0 < 1100 at t=1; 3600 ≥ 1200 at t=2.
  CHECK(fix.payback_period == 2);
  CHECK(base.arr_end == Approx(72900 * 12.0).epsilon(1e-12));
}

TEST_CASE("discounting: period t is worth (1 + rate)^(-t/12)", "[roi]") {
  const double rate = 0.12;
  const Journey journey = test::journey_from(test::decay_model_yaml(4, rate));
  const FixesFile fixes = test::fixes_from(halve_churn_fix, journey);
  // Keep the result alive: a reference into the temporary would dangle (found by ASan).
  const SimulationResult result = run(journey, fixes);
  const ReplicateMetrics& fix = result.scenarios[1].metrics.back()[0];
  auto d = [&](int t) { return std::pow(1 + rate, -t / 12.0); };
  const double margin_pv = 0.8 * (4500 * d(2) + 8325 * d(3));
  const double cost_pv = 1100 * d(1) + 100 * d(2) + 100 * d(3);
  CHECK(fix.incremental_margin_pv == Approx(margin_pv).epsilon(1e-12));
  CHECK(fix.cost_pv == Approx(cost_pv).epsilon(1e-12));
  CHECK(fix.npv == Approx(margin_pv - cost_pv).epsilon(1e-12));
}

TEST_CASE("a fix that never pays back reports horizon + 1", "[roi]") {
  const Journey journey = test::journey_from(test::decay_model_yaml(4, 0.0));
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: expensive
    cost: {upfront: 1000000}
    start: 1
    effects: [{transition: paying -> churned, relative: -0.5}]
)", journey);
  // Keep the result alive: a reference into the temporary would dangle (found by ASan).
  const SimulationResult result = run(journey, fixes);
  const ReplicateMetrics& fix = result.scenarios[1].metrics.back()[0];
  CHECK(fix.payback_period == 5);
  CHECK(fix.npv < 0);
}

TEST_CASE("per-customer cost counts customers in the affected stage from start on", "[roi]") {
  const Journey journey = test::journey_from(test::decay_model_yaml(4, 0.0));
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: per-head
    cost: {per_customer: 2}
    start: 1
    effects: [{transition: paying -> churned, relative: -0.5}]
)", journey);
  // Keep the result alive: a reference into the temporary would dangle (found by ASan).
  const SimulationResult result = run(journey, fixes);
  const ReplicateMetrics& fix = result.scenarios[1].metrics.back()[0];
  // Paying customers under the fix at t = 1, 2, 3: 900, 855, 812.25.
  CHECK(fix.cost_pv == Approx(2 * (900 + 855 + 812.25)).epsilon(1e-12));
}
