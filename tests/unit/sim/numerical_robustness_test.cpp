// Numerical edge cases of issue #6: rows summing to 1 ± 1e-12, stays of 1 − 1e-12 (I − Q
// nearly singular), no customers, horizon 1, one stage, 200 stages, 10^12 customers in cohort
// mode, and effects that push every row to the clamp. Results must stay finite, customers
// must be conserved, and the exact values below are derived by hand.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "journeysim/analytic/absorption.hpp"
#include "journeysim/analytic/trace.hpp"
#include "journeysim/output/analysis_json.hpp"
#include "journeysim/run/simulation.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

SimulationResult run(const Journey& journey, const FixesFile& fixes, Mode mode, std::int64_t replicates) {
  SimulationSettings settings;
  settings.mode = mode;
  settings.replicates = replicates;
  settings.seed = 11;
  return run_simulation(journey, fixes, settings);
}

/// Every stored trajectory value and every defined metric is finite; stage counts are >= 0.
void require_finite(const SimulationResult& result) {
  for (std::size_t sc = 0; sc < result.scenarios.size(); ++sc) {
    for (const auto& view : result.scenarios[sc].trajectories)
      for (float v : view) REQUIRE((std::isfinite(v) && v >= 0));
    for (const auto& view : result.scenarios[sc].metrics)
      for (const auto& m : view) {
        for (double v : {m.revenue_total, m.revenue_pv, m.arr_end, m.active_end, m.churned_total, m.lost_total})
          REQUIRE(std::isfinite(v));
        if (sc > 0) REQUIRE((std::isfinite(m.npv) && std::isfinite(m.incremental_revenue)));
      }
  }
}

/// Customers in all stages at period t of replicate r (the "all" view).
double customers_at(const SimulationResult& result, std::size_t scenario, int t, std::int64_t r) {
  const ScenarioOutcome& outcome = result.scenarios[scenario];
  const std::size_t n = result.stage_ids.size();
  double total = 0;
  for (std::size_t s = 0; s < n; ++s)
    total += outcome.trajectory(outcome.trajectories.size() - 1, r, static_cast<std::size_t>(t) * (n + 1) + s);
  return total;
}

}  // namespace

TEST_CASE("rows summing to 1 + 1e-12 and 1 - 1e-12 keep every customer", "[sim][robustness]") {
  // a: 0.5 + (0.5 + 1e-12) is within the 1e-9 tolerance; its stay is clamped to 0, not -1e-12.
  const Journey journey = test::journey_from(R"(journey: {name: sums, horizon: 24}
stages:
  - {id: a, revenue_per_period: 1}
  - {id: b, revenue_per_period: 2}
  - {id: end, terminal: true}
transitions:
  a: {b: 0.5, end: 0.500000000001}
  b: {a: 0.3, end: 0.699999999999}
population: {initial: {a: 1000}}
)");
  const auto p = journey.transition_matrix();
  CHECK(p[0][0] == 0.0);
  CHECK(p[1][1] == Approx(0.0).margin(2e-12));
  for (Mode mode : all_modes) {
    const SimulationResult result = run(journey, FixesFile{}, mode, 4);
    require_finite(result);
    // Customers are conserved (no inflow: the stochastic modes draw it from a Poisson law);
    // trajectories are stored as floats, hence 1e-6.
    for (int t : {0, 1, 12, 23}) CHECK(customers_at(result, 0, t, 0) == Approx(1000).epsilon(1e-6));
  }
}

TEST_CASE("a stay of 1 - 1e-12 (I - Q nearly singular) gives 1e12 periods, finitely", "[sim][robustness]") {
  const Journey journey = test::journey_from(R"(journey: {name: sticky, horizon: 12}
stages:
  - {id: stuck, revenue_per_period: 1}
  - {id: gone, terminal: true}
transitions:
  stuck: {gone: 1e-12}
population: {initial: {stuck: 100}}
)");
  const AbsorptionAnalysis a = analyze_absorption(make_chain(journey));
  // Geometric time to leave: mean 1/p = 1e12 periods. I − Q takes its diagonal from the exit
  // mass (1e-12 exactly) rather than 1 − stay, so nothing cancels and the results are exact
  // to rounding (before that change: 1 + 2.2e-5 for the absorption probability).
  REQUIRE(a.expected_periods_to_absorption[0].has_value());
  CHECK(*a.expected_periods_to_absorption[0] == Approx(1e12).epsilon(1e-12));
  CHECK(a.absorption_probabilities(0, 0) == Approx(1.0).epsilon(1e-12));
  REQUIRE(a.expected_revenue[0].has_value());
  CHECK(*a.expected_revenue[0] == Approx(1e12).epsilon(1e-12));
  // Discounted at 10% a year the perpetuity is worth about 1 / (1 − 1.1^(−1/12)) ≈ 126.4.
  REQUIRE(a.expected_revenue_pv[0].has_value());
  CHECK(*a.expected_revenue_pv[0] == Approx(1.0 / (1.0 - std::pow(1.1, -1.0 / 12))).epsilon(1e-6));
  for (Mode mode : all_modes) require_finite(run(journey, FixesFile{}, mode, 3));
}

TEST_CASE("no customers at all: every metric is exactly 0", "[sim][robustness]") {
  const Journey journey = test::journey_from(R"(journey: {name: empty, horizon: 6}
stages:
  - {id: a, revenue_per_period: 5}
  - {id: end, terminal: true}
transitions:
  a: {end: 0.1}
)");
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - {id: f, cost: {per_period: 10}, effects: [{inflow: a, relative: 0.5}, {transition: a -> end, relative: -0.5}]}
)", journey);
  for (Mode mode : all_modes) {
    const SimulationResult result = run(journey, fixes, mode, 3);
    require_finite(result);
    const ReplicateMetrics& m = result.scenarios[1].metrics.back()[0];
    CHECK(m.revenue_total == 0);
    CHECK(m.incremental_revenue == 0);
    // Six periods of cost 10, discounted: NPV is minus their present value.
    double cost_pv = 0;
    for (int t = 0; t < 6; ++t) cost_pv += 10 * std::pow(1.1, -t / 12.0);
    CHECK(m.npv == Approx(-cost_pv).epsilon(1e-12));
    CHECK(m.payback_period == 7);  // never: horizon + 1
  }
}

TEST_CASE("horizon 1 and a single stage", "[sim][robustness]") {
  const Journey journey = test::journey_from(R"(journey: {name: one, horizon: 1}
stages:
  - {id: only, revenue_per_period: 3}
population: {initial: {only: 9}}
)");
  const Trace trace = compute_trace(make_chain(journey));
  CHECK(trace.revenue_total == 27);  // x(0) = 9 customers at 3 each
  const AbsorptionAnalysis a = analyze_absorption(make_chain(journey));
  CHECK_FALSE(a.expected_revenue[0].has_value());  // never absorbed: unbounded, not inf/NaN
  const std::string json = analysis_to_json(journey, analyze_journey(journey)).dump();
  CHECK(json.find("NaN") == std::string::npos);
  for (Mode mode : all_modes) {
    const SimulationResult result = run(journey, FixesFile{}, mode, 3);
    require_finite(result);
    CHECK(result.scenarios[0].metrics.back()[0].revenue_total == 27);
    CHECK(result.scenarios[0].metrics.back()[0].arr_end == 27 * 12);
  }
}

TEST_CASE("200 stages in a line: expected mode equals the trace, all modes finite", "[sim][robustness]") {
  std::string yaml = "journey: {name: long, horizon: 30}\nstages:\n";
  for (int s = 0; s < 199; ++s) yaml += "  - {id: s" + std::to_string(s) + ", revenue_per_period: 1}\n";
  yaml += "  - {id: end, terminal: true}\ntransitions:\n";
  for (int s = 0; s < 199; ++s)
    yaml += "  s" + std::to_string(s) + ": {" + (s < 198 ? "s" + std::to_string(s + 1) + ": 0.6, end: 0.01" : "end: 0.61") +
            "}\n";
  yaml += "population: {initial: {s0: 1000}}\n";
  const Journey journey = test::journey_from(yaml);
  REQUIRE(journey.stage_count() == 200);
  const Trace trace = compute_trace(make_chain(journey));
  const SimulationResult expected = run(journey, FixesFile{}, Mode::expected, 2);
  CHECK(expected.scenarios[0].metrics.back()[0].revenue_total == Approx(trace.revenue_total).epsilon(1e-12));
  const AbsorptionAnalysis a = analyze_absorption(make_chain(journey));
  for (Eigen::Index s = 0; s < 199; ++s) CHECK(a.absorption_probabilities.row(s).sum() == Approx(1.0).epsilon(1e-9));
  for (Mode mode : {Mode::cohort, Mode::individual}) {
    const SimulationResult result = run(journey, FixesFile{}, mode, 2);
    require_finite(result);
    CHECK(customers_at(result, 0, 29, 1) == Approx(1000).epsilon(1e-6));
  }
}

TEST_CASE("cohort mode moves 10^12 customers exactly and within binomial noise", "[sim][robustness]") {
  const Journey journey = test::journey_from(R"(journey: {name: huge, horizon: 3}
stages:
  - {id: a, revenue_per_period: 1}
  - {id: b, revenue_per_period: 1}
  - {id: end, terminal: true}
transitions:
  a: {b: 0.25, end: 0.05}
  b: {end: 0.5}
population: {initial: {a: 1e12}}
)");
  const SimulationResult result = run(journey, FixesFile{}, Mode::cohort, 5);
  require_finite(result);
  const ScenarioOutcome& outcome = result.scenarios[0];
  for (std::int64_t r = 0; r < 5; ++r) {
    // Totals are exact integers below 2^53; trajectories are floats, so compare at 1e-7.
    CHECK(customers_at(result, 0, 2, r) == Approx(1e12).epsilon(1e-7));
    // b at t = 1 is Binomial(1e12, 0.25): mean 2.5e11, sd 4.3e5; 6 sd is 2.6e6 (float step 16384).
    const double b1 = outcome.trajectory(0, r, 1 * 4 + 1);
    CHECK(std::fabs(b1 - 2.5e11) < 6 * std::sqrt(1e12 * 0.25 * 0.75) + 2e4);
  }
}

TEST_CASE("effects that push every row past its bounds are clamped and counted", "[sim][robustness]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: everything
    cost: {upfront: 1e15, per_period: 1e15, per_customer: 1e15}
    effects:
      - {transition: trial -> paying, to: 1.5}
      - {transition: trial -> lost, absolute: -3}
      - {transition: paying -> churned, relative: 1e300}
      - {inflow: trial, relative: {lognormal: {mean: 700, sd: 50}}}
      - {revenue: paying, relative: -2}
      - {revenue: trial, absolute: 1e300}
)", journey);
  for (Mode mode : {Mode::expected, Mode::cohort}) {
    const SimulationResult result = run(journey, fixes, mode, 3);
    require_finite(result);
    // Every effect hits a bound: rows (to > 1, below 0, relative blow-up), inflow above 1e12
    // (a lognormal draw of e^700 overflows to inf), revenue below 0 and above 1e15.
    CHECK(result.scenarios[1].metrics.back()[0].clamped_effects == 6);
  }
}
