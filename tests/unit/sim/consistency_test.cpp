// The three modes agree: expected mode equals the analytic trace exactly; cohort and individual
// means agree with it within 4 Monte Carlo standard errors (fixed seeds: deterministic).
#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/analytic/trace.hpp"
#include "journeysim/run/simulation.hpp"
#include "mc_moments.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

using test::Moments;
using test::moments;

SimulationResult run(const Journey& journey, Mode mode, std::int64_t replicates, std::uint64_t seed) {
  SimulationSettings settings;
  settings.mode = mode;
  settings.replicates = replicates;
  settings.seed = seed;
  return run_simulation(journey, FixesFile{}, settings);
}

}  // namespace

TEST_CASE("expected mode with fixed parameters equals the analytic trace", "[sim]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const Trace trace = compute_trace(make_chain(journey));
  const SimulationResult result = run(journey, Mode::expected, 3, 1);
  const auto& metrics = result.scenarios[0].metrics.back();
  for (const auto& m : metrics) {
    CHECK(m.revenue_total == Approx(trace.revenue_total).epsilon(1e-12));
    CHECK(m.revenue_pv == Approx(trace.revenue_pv_total).epsilon(1e-12));
    CHECK(m.arr_end == Approx(trace.revenue(11) * 12).epsilon(1e-12));
    CHECK(m.active_end == Approx(trace.counts(11, 1)).epsilon(1e-12));
  }
  // Churned within the horizon = customers in 'churned' at the last period (none at start).
  CHECK(metrics[0].churned_total == Approx(trace.counts(11, 3)).epsilon(1e-12));
  CHECK(metrics[0].lost_total == Approx(trace.counts(11, 2)).epsilon(1e-12));
  const auto& outcome = result.scenarios[0];
  for (int t : {0, 5, 11})
    for (int s = 0; s < 4; ++s)
      CHECK(outcome.trajectory(0, 0, static_cast<std::size_t>(t * 5 + s)) == Approx(trace.counts(t, s)).epsilon(1e-6));
}

TEST_CASE("cohort and individual means agree with expected mode within 4 MCSE", "[sim][statistical]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const Trace trace = compute_trace(make_chain(journey));
  for (Mode mode : {Mode::cohort, Mode::individual}) {
    INFO("mode " << to_string(mode));
    const SimulationResult result = run(journey, mode, 400, 2024);
    const auto& metrics = result.scenarios[0].metrics.back();
    std::vector<double> revenue, arr;
    for (const auto& m : metrics) {
      revenue.push_back(m.revenue_total);
      arr.push_back(m.arr_end);
    }
    const Moments r = moments(revenue), a = moments(arr);
    CHECK(r.mcse > 0);
    CHECK(std::abs(r.mean - trace.revenue_total) < 4 * r.mcse);
    CHECK(std::abs(a.mean - trace.revenue(11) * 12) < 4 * a.mcse);
    for (int t : {1, 6, 11}) {
      for (int s = 0; s < 4; ++s) {
        const std::vector<double> values = result.scenarios[0].trajectory_column(0, static_cast<std::size_t>(t * 5 + s));
        const Moments m = moments(values);
        INFO("period " << t << " stage " << s);
        if (m.mcse == 0)  // a stage nobody can have reached yet: exactly the trace's 0
          CHECK(m.mean == trace.counts(t, s));
        else
          CHECK(std::abs(m.mean - trace.counts(t, s)) < 4 * m.mcse);
      }
    }
  }
}

TEST_CASE("individual mode: customer-periods are counted", "[sim]") {
  const Journey journey = test::journey_from(test::trial_model_yaml());
  const SimulationResult result = run(journey, Mode::individual, 2, 3);
  // At least the 100 initial payers are stepped in period 0 of both replicates.
  CHECK(result.customer_periods > 200);
}

TEST_CASE("segment totals are the sum of the segments", "[sim]") {
  const Journey journey = test::journey_from(test::segmented_trial_model_yaml());
  for (Mode mode : {Mode::expected, Mode::cohort}) {
    const SimulationResult result = run(journey, mode, 5, 9);
    REQUIRE(result.view_ids == std::vector<std::string>{"small", "large", "all"});
    const auto& views = result.scenarios[0].metrics;
    for (std::size_t r = 0; r < 5; ++r) {
      CHECK(views[2][r].revenue_total == Approx(views[0][r].revenue_total + views[1][r].revenue_total).epsilon(1e-12));
      CHECK(views[2][r].arr_end == Approx(views[0][r].arr_end + views[1][r].arr_end).epsilon(1e-12));
      CHECK(views[2][r].churned_total == Approx(views[0][r].churned_total + views[1][r].churned_total).epsilon(1e-12));
    }
  }
  // Expected mode: the 'small' segment is the pooled chain scaled by 0.6.
  const Trace pooled = compute_trace(make_chain(test::journey_from(test::trial_model_yaml())));
  const SimulationResult result = run(journey, Mode::expected, 1, 1);
  CHECK(result.scenarios[0].metrics[0][0].revenue_total == Approx(0.6 * pooled.revenue_total).epsilon(1e-12));
}

TEST_CASE("with a drawn inflow level all three modes still agree with the trace in expectation", "[sim][statistical]") {
  // E[L] = 1 and every mode is linear in the inflow, so each mode's mean is the analytic trace.
  const Journey journey = test::journey_from(std::string(test::trial_model_yaml()) +
                                             "calibration:\n  inflow_sd: {trial: 40}\n  inflow_periods: 4\n");
  const Trace trace = compute_trace(make_chain(journey));
  for (Mode mode : {Mode::expected, Mode::cohort, Mode::individual}) {
    INFO("mode " << to_string(mode));
    const SimulationResult result = run(journey, mode, 400, 99);
    std::vector<double> revenue;
    for (const auto& m : result.scenarios[0].metrics.back()) revenue.push_back(m.revenue_total);
    const Moments r = moments(revenue);
    CHECK(r.mcse > 0);  // the level makes even expected mode vary between replicates
    CHECK(std::abs(r.mean - trace.revenue_total) < 4 * r.mcse);
    for (int s = 0; s < 2; ++s) {
      const Moments m = moments(result.scenarios[0].trajectory_column(0, static_cast<std::size_t>(11 * 5 + s)));
      INFO("stage " << s);
      CHECK(std::abs(m.mean - trace.counts(11, s)) < 4 * m.mcse);
    }
  }
}
