// Transitions that depend on time in stage (issue #11 §3): onboarding churns 15% a month in its
// first three months and 2% afterwards, and moves on to 'active' at 10% and then 5% a month.
// Oracles: a life table by tenure written out here (not the expanded chain), closed forms
// derived by hand below, and the three modes agreeing within 4 Monte Carlo standard errors.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>

#include "journeysim/analytic/absorption.hpp"
#include "journeysim/analytic/leverage.hpp"
#include "journeysim/analytic/moments_of_truth.hpp"
#include "journeysim/analytic/stage_outcome.hpp"
#include "journeysim/analytic/trace.hpp"
#include "journeysim/run/simulation.hpp"
#include "journeysim/scenario/scenario.hpp"
#include "journeysim/sim/parameters.hpp"
#include "mc_moments.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

const char* onboarding_yaml() { return test::tenure_model_yaml(); }

double churn(int tenure) { return tenure <= 3 ? 0.15 : 0.02; }
double move(int tenure) { return tenure <= 3 ? 0.10 : 0.05; }

/// The life table: onboarding customers by tenure (mass[k], k = 1..), active, churned; each
/// period every tenure leaves at its own rates and the stayers get one period older.
struct LifeTable {
  std::vector<std::array<double, 3>> by_period;  // onboarding, active, churned
};

LifeTable life_table(int horizon, double initial, double inflow) {
  std::vector<double> mass(static_cast<std::size_t>(horizon) + 2, 0.0);
  mass[1] = initial;
  double active = 0, churned = 0;
  LifeTable table;
  for (int t = 0; t < horizon; ++t) {
    double onboarding = 0;
    for (double m : mass) onboarding += m;
    table.by_period.push_back({onboarding, active, churned});
    std::vector<double> next(mass.size(), 0.0);
    double to_active = 0, to_churned = active * 0.01;
    for (int k = 1; k + 1 < static_cast<int>(mass.size()); ++k) {
      const double m = mass[static_cast<std::size_t>(k)];
      to_churned += m * churn(k);
      to_active += m * move(k);
      next[static_cast<std::size_t>(k) + 1] = m * (1 - churn(k) - move(k));
    }
    next[1] = inflow;  // arrivals after period t enter in their first period
    active = active * 0.99 + to_active;
    churned += to_churned;
    mass = next;
  }
  return table;
}

SimulationResult run_time_in_stage(const Journey& journey, Mode mode, std::int64_t replicates, std::uint64_t seed,
                     const FixesFile& fixes = FixesFile{}) {
  SimulationSettings settings;
  settings.mode = mode;
  settings.replicates = replicates;
  settings.seed = seed;
  return run_simulation(journey, fixes, settings);
}

using test::Moments;
using test::moments;

}  // namespace

TEST_CASE("time in stage: the chain has one state per period up to the open-ended bucket", "[sim]") {
  const Chain chain = make_chain(test::journey_from(onboarding_yaml()));
  REQUIRE(chain.transition.rows() == 6);  // onboarding 1, 2, 3, 4+; active; churned
  CHECK(chain.states.stage == std::vector<StageIndex>{0, 0, 0, 0, 1, 2});
  CHECK(chain.states.period == std::vector<int>{1, 2, 3, 4, 1, 1});
  CHECK(chain.transition(0, 1) == Approx(0.75).epsilon(1e-15));  // stays: one period older
  CHECK(chain.transition(2, 3) == Approx(0.75).epsilon(1e-15));
  CHECK(chain.transition(3, 3) == Approx(0.93).epsilon(1e-15));  // 4+ stays in 4+
  CHECK(chain.transition(3, 5) == 0.02);
  CHECK(chain.transition(1, 4) == 0.10);
  for (Eigen::Index i = 0; i < 6; ++i) CHECK(chain.transition.row(i).sum() == Approx(1).epsilon(1e-15));
  CHECK(chain.initial(0) == 1000);  // written by hand: customers who have just entered
  CHECK(chain.inflow(0) == 50);
  CHECK(chain.stage_count() == 3);
}

TEST_CASE("time in stage: the expected path equals the life table by tenure", "[sim]") {
  const Journey journey = test::journey_from(onboarding_yaml());
  const LifeTable table = life_table(12, 1000, 50);
  const Trace trace = compute_trace(make_chain(journey));
  REQUIRE(trace.counts.cols() == 3);  // summed back into stages
  const SimulationResult result = run_time_in_stage(journey, Mode::expected, 2, 1);
  for (int t = 0; t < 12; ++t)
    for (int s = 0; s < 3; ++s) {
      INFO("period " << t << " stage " << s);
      const double want = table.by_period[static_cast<std::size_t>(t)][static_cast<std::size_t>(s)];
      CHECK(trace.counts(t, s) == Approx(want).epsilon(1e-12));
      // trajectories keep one column per stage (and revenue): 4 columns a period
      CHECK(result.scenarios[0].trajectory(0, 0, static_cast<std::size_t>(t * 4 + s)) == Approx(want).epsilon(1e-6));
    }
  // Period 6, by hand for the initial cohort alone: six moves made, in months 1-3 at 0.75 and
  // 4-6 at 0.93, so 1000 · 0.75³ · 0.93³ = 339.338109375.
  const LifeTable cohort = life_table(12, 1000, 0);
  CHECK(cohort.by_period[6][0] == Approx(339.338109375).epsilon(1e-14));
}

TEST_CASE("time in stage: cohort and individual means agree with expected mode within 4 MCSE",
          "[sim][statistical]") {
  const Journey journey = test::journey_from(onboarding_yaml());
  const Trace trace = compute_trace(make_chain(journey));
  for (Mode mode : {Mode::cohort, Mode::individual}) {
    INFO("mode " << to_string(mode));
    const SimulationResult result = run_time_in_stage(journey, mode, mode == Mode::cohort ? 400 : 200, 77);
    std::vector<double> revenue;
    for (const auto& m : result.scenarios[0].metrics.back()) revenue.push_back(m.revenue_total);
    const Moments r = moments(revenue);
    CHECK(r.mcse > 0);
    CHECK(std::abs(r.mean - trace.revenue_total) < 4 * r.mcse);
    for (int t : {1, 3, 4, 6, 11})
      for (int s = 0; s < 3; ++s) {
        const Moments m = moments(result.scenarios[0].trajectory_column(0, static_cast<std::size_t>(t * 4 + s)));
        INFO("period " << t << " stage " << s);
        if (m.mcse == 0)
          CHECK(m.mean == trace.counts(t, s));
        else
          CHECK(std::abs(m.mean - trace.counts(t, s)) < 4 * m.mcse);
      }
  }
}

TEST_CASE("time in stage: exact analytics on the expanded chain, reported by stage", "[sim]") {
  const Journey journey = test::journey_from(onboarding_yaml());
  const Chain chain = make_chain(journey);
  const AbsorptionAnalysis a = analyze_absorption(chain);
  REQUIRE(a.transient == std::vector<StageIndex>{0, 1});
  REQUIRE(a.terminal == std::vector<StageIndex>{2});
  REQUIRE(a.fundamental_stages == std::vector<StageIndex>{0, 1});
  // Still onboarding at the start of its k-th month: S1..S4 = 1, .75, .5625, .421875, then ×0.93.
  // Months in onboarding: Σ S_k = 2.3125 + .421875/(1 − .93).
  const double months_onboarding = 2.3125 + 0.421875 / 0.07;
  // Share reaching active: Σ S_k·move(k) = 0.10·2.3125 + 0.05·.421875/0.07.
  const double reach_active = 0.10 * 2.3125 + 0.05 * 0.421875 / 0.07;
  CHECK(a.fundamental(0, 0) == Approx(months_onboarding).epsilon(1e-12));
  CHECK(a.fundamental(0, 1) == Approx(reach_active * 100).epsilon(1e-12));  // then 1/0.01 months active
  CHECK(a.fundamental(1, 1) == Approx(100).epsilon(1e-12));
  CHECK(a.fundamental(1, 0) == 0);
  REQUIRE(a.expected_periods_to_absorption[0]);
  CHECK(*a.expected_periods_to_absorption[0] == Approx(months_onboarding + reach_active * 100).epsilon(1e-12));
  CHECK(a.absorption_probabilities(0, 0) == Approx(1).epsilon(1e-12));
  // Revenue per customer entering onboarding: 100 a month in either stage (no discounting).
  REQUIRE(a.expected_revenue[0]);
  CHECK(*a.expected_revenue[0] == Approx(100 * (months_onboarding + reach_active * 100)).epsilon(1e-12));
  // Stage targets: conversion within 12 months = Σ_{k≤12} S_k·move(k); periods = months_onboarding.
  double conversion = 0, survive = 1;
  for (int k = 1; k <= 12; ++k) {
    conversion += survive * move(k);
    survive *= 1 - churn(k) - move(k);
  }
  const StageOutcome o = stage_outcome(chain.transition, chain.terminal, 0, 12, chain.states);
  CHECK(o.conversion == Approx(conversion).epsilon(1e-12));
  REQUIRE(o.periods);
  CHECK(*o.periods == Approx(months_onboarding).epsilon(1e-12));
}

TEST_CASE("time in stage: a fix on a stage's row changes every period in stage alike", "[sim]") {
  const Journey journey = test::journey_from(onboarding_yaml());
  const FixesFile fixes = test::fixes_from(R"(fixes:
  - id: save
    cost: {upfront: 0}
    start: 0
    effects:
      - transition: onboarding -> churned
        relative: -0.5
)", journey);
  const Chain chain = make_chain(journey);
  std::int64_t clamped = 0;
  Scenario scenario;
  scenario.id = "save";
  scenario.kind = Scenario::Kind::fix;
  scenario.fixes = {0};
  const PeriodSchedule schedule = build_schedule(chain, fixes, scenario, draw_effects(fixes, 1, 0), 12, clamped);
  const Eigen::MatrixXd& p = schedule.at(0).transition;
  for (Eigen::Index k = 0; k < 3; ++k) {
    CHECK(p(k, 5) == Approx(0.075).epsilon(1e-15));
    CHECK(p(k, k + 1) == Approx(0.825).epsilon(1e-15));  // the balance goes to staying
  }
  CHECK(p(3, 5) == Approx(0.01).epsilon(1e-15));
  CHECK(p(3, 3) == Approx(0.94).epsilon(1e-15));
  CHECK(clamped == 0);
}

TEST_CASE("time in stage: each bucket is one Dirichlet draw shared by its periods", "[sim][statistical]") {
  Journey journey = test::journey_from(onboarding_yaml());
  // counts[b][to] over onboarding, active, churned (stays included)
  journey.time_in_stage[0].counts = {{75, 10, 15}, {93, 5, 2}};
  const SimulationModel model = prepare_simulation_model(journey, 12);
  REQUIRE(model.draw_source[0] == std::vector<std::size_t>{0, 0, 0, 3, SimulationModel::exact, SimulationModel::exact});
  constexpr int replicates = 4000;
  double churn_early = 0, churn_late = 0, churn_early_sq = 0;
  std::vector<Chain> drawn;
  for (int r = 0; r < replicates; ++r) {
    draw_segment_parameters(model, 5, static_cast<std::uint64_t>(r), drawn);
    const Eigen::MatrixXd& p = drawn[0].transition;
    // The three early periods hold the same draw, with the stay one period on.
    CHECK(p(1, 5) == p(0, 5));
    CHECK(p(2, 3) == p(0, 1));
    CHECK(p(0, 0) == 0);
    churn_early += p(0, 5);
    churn_early_sq += p(0, 5) * p(0, 5);
    churn_late += p(3, 5);
  }
  // Dirichlet(75, 10, 15) (prior 0): E = 15/100, sd = √(0.15·0.85/101).
  const double mean = churn_early / replicates;
  const double sd = std::sqrt(0.15 * 0.85 / 101);
  CHECK(std::abs(mean - 0.15) < 4 * sd / std::sqrt(replicates));
  // The sample sd of 4000 draws has a relative standard error of 1/√8000 ≈ 1.1%: 5% is 4.5 of them.
  CHECK(std::sqrt(churn_early_sq / replicates - mean * mean) == Approx(sd).epsilon(0.05));
  CHECK(std::abs(churn_late / replicates - 0.02) < 4 * std::sqrt(0.02 * 0.98 / 101) / std::sqrt(replicates));
}

TEST_CASE("time in stage: moments of truth split retention by how soon customers move on", "[sim]") {
  const Journey journey = test::journey_from(onboarding_yaml());
  const auto moments = moments_of_truth(make_chain(journey), journey, 12);
  REQUIRE(moments.size() == 1);  // onboarding's one boundary, after month 3
  const MomentOfTruth& m = moments.front();
  CHECK(m.stage == 0);
  CHECK(m.within == 3);
  // By hand: a customer moves to active at the end of its τ-th month with S_τ·move(τ)
  // (S_τ: still onboarding at the start of month τ), then stays active 12 − τ months at 0.99.
  double early = 0, early_alive = 0, late = 0, late_alive = 0, survive = 1;
  for (int tau = 1; tau <= 12; ++tau) {
    const double moved = survive * move(tau), alive = moved * std::pow(0.99, 12 - tau);
    (tau <= 3 ? early : late) += moved;
    (tau <= 3 ? early_alive : late_alive) += alive;
    survive *= 1 - churn(tau) - move(tau);
  }
  CHECK(m.share_within == Approx(0.23125).epsilon(1e-14));
  CHECK(m.share_within == Approx(early).epsilon(1e-14));
  CHECK(m.share_later == Approx(late).epsilon(1e-12));
  CHECK(m.retention_within == Approx(early_alive / early).epsilon(1e-12));
  CHECK(m.retention_later == Approx(late_alive / late).epsilon(1e-12));
  CHECK(m.retention_later > m.retention_within);  // here: later movers have had less time to churn
}

TEST_CASE("time in stage: buckets with one row between them give the plain row's results", "[sim]") {
  // The same journey written with a plain onboarding row: the expanded chain must sum back to
  // exactly its trace, absorption and leverage.
  const std::string plain = R"(journey: {name: plain, period: month, horizon: 18, discount_rate: 0.1}
stages:
  - {id: onboarding, revenue_per_period: 100}
  - {id: active, revenue_per_period: 120}
  - {id: churned, terminal: true}
transitions:
  onboarding: {churned: 0.15, active: 0.10}
  active: {churned: 0.01, onboarding: 0.02}
population: {initial: {onboarding: 1000, active: 500}, inflow: {onboarding: 50}}
)";
  std::string bucketed = plain;
  bucketed.replace(bucketed.find("  onboarding: {churned: 0.15, active: 0.10}"),
                   std::string("  onboarding: {churned: 0.15, active: 0.10}").size(),
                   "  onboarding:\n    time_in_stage:\n      \"1\": {churned: 0.15, active: 0.10}\n"
                   "      \"2-5\": {churned: 0.15, active: 0.10}\n      \"6+\": {churned: 0.15, active: 0.10}");
  const Chain a = make_chain(test::journey_from(plain)), b = make_chain(test::journey_from(bucketed));
  REQUIRE(b.transition.rows() == 8);
  const Trace ta = compute_trace(a), tb = compute_trace(b);
  for (int t = 0; t < 18; ++t)
    for (int s = 0; s < 3; ++s) CHECK(tb.counts(t, s) == Approx(ta.counts(t, s)).epsilon(1e-12));
  CHECK(tb.revenue_pv_total == Approx(ta.revenue_pv_total).epsilon(1e-12));
  const AbsorptionAnalysis xa = analyze_absorption(a), xb = analyze_absorption(b);
  for (Eigen::Index i = 0; i < 2; ++i)
    for (Eigen::Index j = 0; j < 2; ++j) CHECK(xb.fundamental(i, j) == Approx(xa.fundamental(i, j)).epsilon(1e-12));
  const auto la = compute_leverage(a), lb = compute_leverage(b);
  REQUIRE(la.size() == lb.size());
  for (std::size_t k = 0; k < la.size(); ++k) {
    CHECK(lb[k].from == la[k].from);
    CHECK(lb[k].to == la[k].to);
    CHECK(lb[k].delta_revenue_pv == Approx(la[k].delta_revenue_pv).epsilon(1e-9));
  }
  // Returns from active start onboarding again at period 1: the same, since the rows agree.
  CHECK(b.transition(6, 0) == 0.02);
}

TEST_CASE("time in stage: segments override bucketed rows cell by cell or replace them", "[sim]") {
  const Journey journey = test::journey_from(std::string(onboarding_yaml()) + R"(segments:
  - id: careful
    share: 0.5
    transitions: {onboarding: {churned: 0.05}}
  - id: own
    share: 0.5
    transitions:
      onboarding:
        time_in_stage:
          "1-6": {churned: 0.01, active: 0.3}
          "7+": {churned: 0.3}
)");
  const Journey careful = resolve_segment(journey, 0), own = resolve_segment(journey, 1);
  REQUIRE(careful.time_in_stage.size() == 1);
  for (std::size_t b = 0; b < 2; ++b) {
    const auto row = careful.bucket_row(careful.time_in_stage[0], b);
    CHECK(row[2] == 0.05);                   // the cell replaced in every bucket
    CHECK(row[1] == (b == 0 ? 0.10 : 0.05));  // the others kept
  }
  REQUIRE(own.time_in_stage.size() == 1);
  CHECK(own.time_in_stage[0].periods() == 7);
  CHECK(make_chain(own).transition.rows() == 9);
  // Both segments simulate, each on its own layout; totals add up.
  const SimulationResult result = run_time_in_stage(journey, Mode::expected, 1, 1);
  const auto& views = result.scenarios[0].metrics;
  REQUIRE(views.size() == 3);
  CHECK(views[2][0].revenue_total == Approx(views[0][0].revenue_total + views[1][0].revenue_total).epsilon(1e-12));
  CHECK(views[0][0].revenue_total == Approx(compute_trace(make_chain(careful)).revenue_total).epsilon(1e-12));
  CHECK(views[1][0].revenue_total == Approx(compute_trace(make_chain(own)).revenue_total).epsilon(1e-12));
}

TEST_CASE("time in stage: initial customers given by period in stage start where they are", "[sim]") {
  std::string yaml = onboarding_yaml();
  yaml.replace(yaml.find("initial: {onboarding: 1000}"), std::string("initial: {onboarding: 1000}").size(),
               "initial: {onboarding: {time_in_stage: {\"1\": 100, \"3\": 50, \"4+\": 200}}}");
  const Journey journey = test::journey_from(yaml);
  CHECK(journey.population.initial[0] == 350);
  const Chain chain = make_chain(journey);
  CHECK(chain.initial.head(4) == Eigen::RowVector4d(100, 0, 50, 200));
  // By hand, the onboarding customers after one period: 100·0.75 in period 2, 50·0.75 in
  // period 4, 200·0.93 still in 4+, and the 50 arrivals.
  const Trace trace = compute_trace(chain);
  CHECK(trace.counts(1, 0) == Approx(75 + 37.5 + 186 + 50).epsilon(1e-14));
  CHECK(trace.counts(1, 1) == Approx(100 * 0.10 + 50 * 0.10 + 200 * 0.05).epsilon(1e-14));
  // In a segment the counts are scaled by its share.
  const Journey segmented = test::journey_from(yaml + "segments:\n  - {id: half, share: 0.5}\n");
  const auto views = segment_journeys(segmented);
  REQUIRE(views.size() == 2);  // half and the unclaimed default
  for (const auto& view : views) CHECK(make_chain(view.journey).initial.head(4) == Eigen::RowVector4d(50, 0, 25, 100));
}

TEST_CASE("time in stage: segments with different numbers of states draw independent customers",
          "[sim][statistical]") {
  // Segment a's unreachable stage y has four states, b's one: the two segments behave alike,
  // and their kernel streams must not overlap. With keys by each segment's own state count,
  // a's arrivals at period 7 and b's at period 1 shared a key, and the churn of the two
  // segments correlated at 0.28 over 3000 replicates (review of 2026-12-02).
  const Journey journey = test::journey_from(R"(journey: {name: col, period: month, horizon: 12}
stages:
  - {id: x, revenue_per_period: 1}
  - {id: y, revenue_per_period: 1}
  - {id: z, terminal: true}
transitions:
  x: {z: 0.3}
  y: {z: 0.5}
population: {initial: {x: 0}, inflow: {x: 100}}
segments:
  - id: a
    share: 0.5
    transitions:
      y:
        time_in_stage: {"1": {z: 0.5}, "2": {z: 0.5}, "3": {z: 0.5}, "4+": {z: 0.5}}
  - id: b
    share: 0.5
)");
  constexpr int replicates = 2000;
  for (Mode mode : {Mode::cohort, Mode::individual}) {
    INFO("mode " << to_string(mode));
    const SimulationResult result = run_time_in_stage(journey, mode, replicates, 11);
    std::vector<double> a, b;
    for (int r = 0; r < replicates; ++r) {
      a.push_back(result.scenarios[0].metrics[0][static_cast<std::size_t>(r)].churned_total);
      b.push_back(result.scenarios[0].metrics[1][static_cast<std::size_t>(r)].churned_total);
    }
    const Moments ma = moments(a), mb = moments(b);
    double sab = 0, saa = 0, sbb = 0;
    for (int r = 0; r < replicates; ++r) {
      sab += (a[static_cast<std::size_t>(r)] - ma.mean) * (b[static_cast<std::size_t>(r)] - mb.mean);
      saa += (a[static_cast<std::size_t>(r)] - ma.mean) * (a[static_cast<std::size_t>(r)] - ma.mean);
      sbb += (b[static_cast<std::size_t>(r)] - mb.mean) * (b[static_cast<std::size_t>(r)] - mb.mean);
    }
    // Independent segments: the sample correlation has standard error 1/√n ≈ 0.022; 4 of them.
    CHECK(std::abs(sab / std::sqrt(saa * sbb)) < 4 / std::sqrt(static_cast<double>(replicates)));
    CHECK(std::abs(ma.mean - mb.mean) < 4 * std::hypot(ma.mcse, mb.mcse));  // and they agree
  }
}
