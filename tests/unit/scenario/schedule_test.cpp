// Fix timing (SPEC §3), clamping and portfolios.
#include <catch2/catch.hpp>

#include "journeysim/run/simulation.hpp"
#include "journeysim/scenario/scenario.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

SimulationResult run(const Journey& journey, const FixesFile& fixes, Mode mode = Mode::expected, std::int64_t replicates = 1) {
  SimulationSettings settings;
  settings.mode = mode;
  settings.replicates = replicates;
  settings.seed = 5;
  return run_simulation(journey, fixes, settings);
}

}  // namespace

TEST_CASE("effect share: zero before start, linear ramp, full after", "[scenario]") {
  Fix fix;
  fix.start = 2;
  fix.ramp = 4;
  CHECK(fix.effect_share(1) == 0.0);
  CHECK(fix.effect_share(2) == 0.25);
  CHECK(fix.effect_share(4) == 0.75);
  CHECK(fix.effect_share(5) == 1.0);
  CHECK(fix.effect_share(40) == 1.0);
  fix.ramp = 0;
  CHECK(fix.effect_share(2) == 1.0);
}

TEST_CASE("a ramping fix changes P(t) by its share; x(start+1) is the first state affected", "[scenario]") {
  const Journey journey = test::journey_from(test::decay_model_yaml(5, 0.0));
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: ramped
    start: 1
    ramp: 2
    effects: [{transition: paying -> churned, relative: -0.5}]
)", journey);
  const SimulationResult result = run(journey, fixes);
  // Columns per period: paying, churned, revenue.
  auto paying = [&](int t) { return static_cast<double>(result.scenarios[1].trajectory(0, 0, static_cast<std::size_t>(t * 3))); };
  // P(0) = 0.1 (before start); P(1) = 0.1·(1 − 0.5·0.5) = 0.075; P(t ≥ 2) = 0.05.
  CHECK(paying(1) == Approx(900));
  CHECK(paying(2) == Approx(900 * 0.925));
  CHECK(paying(3) == Approx(900 * 0.925 * 0.95));
  CHECK(paying(4) == Approx(900 * 0.925 * 0.95 * 0.95));
}

TEST_CASE("effects that would break a row are clamped and counted", "[scenario]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  // Stay in 'trial' is 0.5: adding 0.7 to trial -> paying can take only 0.5 from the stay.
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: too-big
    effects:
      - {transition: trial -> paying, absolute: 0.7}
      - {transition: paying -> churned, relative: 0.1}
)", journey);
  Chain base = prepare_simulation_model(journey, 12).segments[0];
  const auto scenarios = build_scenarios(fixes);
  std::int64_t clamped = 0;
  const PeriodSchedule schedule = build_schedule(base, fixes, scenarios[1], draw_effects(fixes, 1, 0), 12, clamped);
  CHECK(clamped == 1);
  CHECK(schedule.at(0).transition(0, 1) == Approx(0.8));
  CHECK(schedule.at(0).transition(0, 0) == 0.0);
  CHECK(schedule.at(0).transition.row(0).sum() == Approx(1.0).epsilon(1e-15));
  CHECK(schedule.at(0).transition(1, 3) == Approx(0.055));
  const SimulationResult result = run(journey, fixes, Mode::expected, 3);
  CHECK(result.scenarios[1].metrics.back()[2].clamped_effects == 1);
}

TEST_CASE("balance moves mass to the named destination, not the stay", "[scenario]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: rescue
    effects: [{transition: trial -> lost, relative: -0.5, balance: paying}]
)", journey);
  Chain base = prepare_simulation_model(journey, 12).segments[0];
  std::int64_t clamped = 0;
  const auto schedule = build_schedule(base, fixes, build_scenarios(fixes)[1], draw_effects(fixes, 1, 0), 12, clamped);
  CHECK(schedule.at(0).transition(0, 2) == Approx(0.1));
  CHECK(schedule.at(0).transition(0, 1) == Approx(0.4));
  CHECK(schedule.at(0).transition(0, 0) == Approx(0.5));
  CHECK(clamped == 0);
}

TEST_CASE("a portfolio equals one fix carrying all of its effects", "[scenario]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - {id: a, cost: {upfront: 500}, start: 1, effects: [{transition: trial -> paying, relative: 0.2}]}
  - {id: b, cost: {per_period: 50}, start: 3, ramp: 2, effects: [{inflow: trial, relative: 0.1}, {revenue: paying, absolute: 5}]}
  - id: both
    cost: {upfront: 500}
    start: 1
    effects: [{transition: trial -> paying, relative: 0.2}]
portfolios:
  - {id: ab, fixes: [a, b]}
)", journey);
  const SimulationResult result = run(journey, fixes);
  const ReplicateMetrics& a = result.scenarios[1].metrics.back()[0];
  const ReplicateMetrics& portfolio = result.scenarios[4].metrics.back()[0];
  REQUIRE(result.scenarios[4].scenario.id == "ab");
  CHECK(portfolio.revenue_total > a.revenue_total);  // b adds inflow and revenue on top of a
  // Costs add: 500 upfront at t=1 + 50 a period from t=3 (undiscounted check via PV ratio).
  const ReplicateMetrics& b = result.scenarios[2].metrics.back()[0];
  CHECK(portfolio.cost_pv == Approx(a.cost_pv + b.cost_pv).epsilon(1e-12));
  // Build the same combination by hand: one fix with both fixes' effects and timings is not
  // expressible (timings differ), so compare schedules period by period instead.
  Chain base = prepare_simulation_model(journey, 12).segments[0];
  const auto scenarios = build_scenarios(fixes);
  const auto draws = draw_effects(fixes, 5, 0);
  std::int64_t clamped = 0;
  const auto combined = build_schedule(base, fixes, scenarios[4], draws, 12, clamped);
  const auto only_a = build_schedule(base, fixes, scenarios[1], draws, 12, clamped);
  const auto only_b = build_schedule(base, fixes, scenarios[2], draws, 12, clamped);
  for (int t = 0; t < 12; ++t) {
    CHECK(combined.at(t).transition.isApprox(only_a.at(t).transition, 1e-15));
    CHECK(combined.at(t).inflow.isApprox(only_b.at(t).inflow, 1e-15));
    CHECK(combined.at(t).revenue_per_period.isApprox(only_b.at(t).revenue_per_period, 1e-15));
  }
  // And fix 'both' (same effect as a) reproduces a exactly.
  CHECK(result.scenarios[3].metrics.back()[0].npv == Approx(a.npv).epsilon(1e-12));
}

TEST_CASE("common random numbers make scenario differences precise", "[scenario][statistical]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - {id: lift, effects: [{transition: trial -> paying, relative: 0.1}]}
)", journey);
  auto incremental_sd = [&](bool crn) {
    SimulationSettings settings;
    settings.mode = Mode::cohort;
    settings.replicates = 300;
    settings.seed = 8;
    settings.common_random_numbers = crn;
    const SimulationResult result = run_simulation(journey, fixes, settings);
    std::vector<double> values;
    for (const auto& m : result.scenarios[1].metrics.back()) values.push_back(m.incremental_revenue);
    double mean = 0;
    for (double v : values) mean += v / static_cast<double>(values.size());
    double ss = 0;
    for (double v : values) ss += (v - mean) * (v - mean);
    return std::sqrt(ss / static_cast<double>(values.size() - 1));
  };
  const double with_crn = incremental_sd(true);
  const double independent = incremental_sd(false);
  INFO("sd with CRN " << with_crn << ", independent " << independent);
  CHECK(with_crn < 0.5 * independent);
}
