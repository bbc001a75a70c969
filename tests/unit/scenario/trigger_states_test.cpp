// The states a scenario's rules add: trigger_state_count must say, without building them, what
// add_trigger_states builds (replicate.cpp refuses a chain over the limit before building it).
#include <catch2/catch.hpp>

#include "journeysim/run/simulation.hpp"
#include "journeysim/scenario/scenario.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

const char* tenure_yaml() { return test::tenure_model_yaml(); }

const char* plain_yaml() {
  return R"(journey: {name: plain, period: month, horizon: 12, discount_rate: 0}
stages:
  - {id: onboarding, revenue_per_period: 100}
  - {id: active, revenue_per_period: 100}
  - {id: churned, terminal: true}
transitions:
  onboarding: {churned: 0.1, active: 0.2}
  active: {churned: 0.01}
population: {initial: {onboarding: 1000}, inflow: {onboarding: 50}}
)";
}

/// Rows add_trigger_states gives the chain, and what trigger_state_count predicted.
std::pair<Eigen::Index, Eigen::Index> built_and_counted(const char* model, const std::string& fixes_yaml, int horizon) {
  const Journey journey = test::journey_from(model);
  const FixesFile fixes = test::fixes_from(fixes_yaml, journey);
  Chain chain = prepare_simulation_model(journey, horizon).segments[0];
  Scenario scenario;
  scenario.id = "rules";
  scenario.kind = Scenario::Kind::portfolio;
  for (std::size_t f = 0; f < fixes.fixes.size(); ++f) scenario.fixes.push_back(f);
  const Eigen::Index counted = trigger_state_count(fixes, scenario, chain, horizon);
  std::int64_t clamped = 0;
  PeriodSchedule schedule = build_schedule(chain, fixes, scenario, draw_effects(fixes, 1, 0), horizon, clamped);
  REQUIRE(add_trigger_states(fixes, scenario, draw_effects(fixes, 1, 0), chain, schedule, clamped, 1000) == 0);
  return {chain.transition.rows(), counted};
}

}  // namespace

TEST_CASE("trigger states: counted by hand for one rule on a plain stage", "[scenario]") {
  // after 2, lasts 3: fires in period 3, treated periods 3..5, whose customers rejoin the
  // untreated in period 6; untreated periods 1..6 (the model's one state and 5 added).
  const auto [built, counted] = built_and_counted(plain_yaml(), R"(fixes:
  - id: call
    trigger: {stage: onboarding, after: 2, lasts: 3}
    effects: [{transition: onboarding -> active, relative: 0.5}]
)", 12);
  CHECK(built == 3 + 5 + 3);
  CHECK(counted == built);
}

TEST_CASE("trigger states: a range of time in stage adds one state per period up to just past it", "[scenario]") {
  // "2-3" on a plain stage: untreated periods 1..4 (the last open-ended), no treated copies.
  const auto [built, counted] = built_and_counted(plain_yaml(), R"(fixes:
  - id: guided
    time_in_stage: "2-3"
    effects: [{transition: onboarding -> active, relative: 0.5}]
)", 12);
  CHECK(built == 3 + 3);
  CHECK(counted == built);
}

TEST_CASE("trigger states: the count matches what is built", "[scenario]") {
  struct Case {
    const char* name;
    const char* model;
    std::string fixes;
    int horizon;
  };
  const std::vector<Case> cases = {
      {"open-ended effect", plain_yaml(), R"(fixes:
  - id: call
    trigger: {stage: onboarding, after: 1}
    effects: [{transition: onboarding -> active, relative: 0.5}]
)", 12},
      {"time in stage, firing inside the buckets", tenure_yaml(), R"(fixes:
  - id: call
    trigger: {stage: onboarding, after: 1, lasts: 2}
    effects: [{transition: onboarding -> active, relative: 0.5}]
)", 12},
      {"two rules on one stage", tenure_yaml(), R"(fixes:
  - id: early
    trigger: {stage: onboarding, after: 0, lasts: 2}
    effects: [{transition: onboarding -> active, relative: 0.5}]
  - id: late
    trigger: {stage: onboarding, after: 5, lasts: 4}
    effects: [{transition: onboarding -> churned, relative: -0.5}]
)", 12},
      {"cooldown over the horizon", plain_yaml(), R"(fixes:
  - id: again
    trigger: {stage: onboarding, after: 0, lasts: 1, cooldown: 3}
    effects: [{transition: onboarding -> active, relative: 0.5}]
)", 24},
      {"rules on two stages", plain_yaml(), R"(fixes:
  - id: call
    trigger: {stage: onboarding, after: 3, lasts: 40}
    effects: [{transition: onboarding -> active, relative: 0.5}]
  - id: save
    trigger: {stage: active, after: 6, lasts: 2, fade: true}
    effects: [{transition: active -> churned, relative: -0.5}]
)", 12},
      {"a range of time in stage and a rule on its stage", tenure_yaml(), R"(fixes:
  - id: guided
    time_in_stage: "2-6"
    effects: [{transition: onboarding -> active, relative: 0.5}]
  - id: call
    trigger: {stage: onboarding, after: 3, lasts: 5}
    effects: [{transition: onboarding -> churned, relative: -0.5}]
)", 12},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    const auto [built, counted] = built_and_counted(c.model, c.fixes, c.horizon);
    CHECK(built > 3);
    CHECK(counted == built);
  }
}
