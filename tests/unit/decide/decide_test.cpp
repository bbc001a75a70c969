// decide's pieces against hand-derived values and against the ordinary run.
#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/decide/decide.hpp"
#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"

using namespace journeysim;

namespace {

const char* model_text = R"(journey: {name: decide test, period: month, horizon: 6, discount_rate: 0.1}
stages:
  - {id: onboarding, revenue_per_period: 100}
  - {id: adoption, revenue_per_period: 200}
  - {id: churned, terminal: true}
transitions:
  onboarding: {adoption: 0.3, churned: 0.1}
  adoption: {churned: 0.05}
population: {initial: {onboarding: 100, adoption: 500}}
)";

const char* fixes_text = R"(fixes:
  - id: setup
    cost: {upfront: 1000, per_period: 100}
    start: 2
    effects: [{transition: onboarding -> adoption, relative: 0.2}]
  - id: alerts
    cost: {per_period: 50, per_customer: 0.5}
    effects: [{transition: adoption -> churned, to: 0.02}]
  - id: alerts-lite
    cost: {upfront: 10}
    effects: [{transition: adoption -> churned, to: 0.04}]
decision:
  exclusive: [[alerts, alerts-lite]]
)";

}  // namespace

TEST_CASE("known cost: upfront, total and discounted by hand", "[decide]") {
  const Journey journey = parse_journey(model_text, "model.yaml");
  const FixesFile fixes = parse_fixes(fixes_text, "fixes.yaml", journey);
  Economics economics = economics_of(journey);
  economics.prepare();
  const Fix& setup = fixes.fixes[0];
  CHECK(known_cost(setup, BudgetBasis::upfront, economics) == 1000);
  // Periods 2..5: upfront once at the start, 100 in each of the 4 periods.
  CHECK(known_cost(setup, BudgetBasis::total, economics) == 1400);
  double pv = 0;
  for (int t = 2; t < 6; ++t) pv += (t == 2 ? 1100.0 : 100.0) * std::pow(1.1, -t / 12.0);
  CHECK(known_cost(setup, BudgetBasis::total_discounted, economics) == Approx(pv).epsilon(1e-12));
  Fix late = setup;
  late.start = 6;  // at the horizon: no cost falls inside it, as simulated
  CHECK(known_cost(late, BudgetBasis::total, economics) == 0);
}

TEST_CASE("objectives and budget bases parse; bad ones are refused", "[decide]") {
  CHECK(parse_objective("npv").kind == Objective::Kind::mean);
  CHECK(parse_objective("p10").kind == Objective::Kind::p10);
  CHECK(parse_objective("cvar:0.05").level == 0.05);
  CHECK(parse_objective("cvar:0.05").name() == "cvar:0.05");
  CHECK_THROWS_AS(parse_objective("cvar:1"), ConfigError);
  CHECK_THROWS_AS(parse_objective("cvar:"), ConfigError);
  CHECK_THROWS_AS(parse_objective("mean"), ConfigError);
  CHECK(parse_budget_basis("total-discounted") == BudgetBasis::total_discounted);
  CHECK(!parse_budget_basis("discounted"));
}

TEST_CASE("decide: values equal the ordinary run of the same portfolio; exclusive groups hold", "[decide]") {
  const Journey journey = parse_journey(model_text, "model.yaml");
  FixesFile fixes = parse_fixes(fixes_text, "fixes.yaml", journey);
  DecisionSettings settings;
  settings.simulation.mode = Mode::cohort;
  settings.simulation.replicates = 50;
  settings.simulation.seed = 3;
  settings.budget = 1e9;
  const DecisionResult result = decide(journey, fixes, settings);
  for (const auto& p : result.portfolios)
    if (p.feasible) CHECK(!(p.mask & 2 && p.mask & 4));  // alerts and alerts-lite never together
  CHECK(result.feasible_count == 6);  // 2 (setup or not) × 3 (alerts, lite, neither)
  // The same portfolio declared in the file and run by run_simulation: the same replicates.
  fixes.portfolios.push_back({"both", "both", {0, 1}, {}});
  SimulationSettings simulation = settings.simulation;
  const SimulationResult run = run_simulation(journey, fixes, simulation);
  double npv = 0, cost = 0;
  for (const auto& m : run.scenarios.back().metrics.back()) npv += m.npv, cost += m.cost_pv;
  bool found = false;
  for (const auto& p : result.portfolios)
    if (p.fixes == std::vector<std::size_t>{0, 1}) {
      found = true;
      CHECK(p.screening.mean == Approx(npv / 50).epsilon(1e-12));
      // total-discounted: the simulated cost PV, per-customer costs included, at least the known part.
      CHECK(p.budget_cost == Approx(cost / 50).epsilon(1e-12));
      Economics economics = economics_of(journey);
      economics.prepare();
      CHECK(p.budget_cost > known_cost(fixes.fixes[0], BudgetBasis::total_discounted, economics) +
                                known_cost(fixes.fixes[1], BudgetBasis::total_discounted, economics));
    }
  CHECK(found);
}

TEST_CASE("decide refuses impossible budgets and too many candidates", "[decide]") {
  const Journey journey = parse_journey(model_text, "model.yaml");
  const FixesFile fixes = parse_fixes(fixes_text, "fixes.yaml", journey);
  DecisionSettings settings;
  settings.simulation.replicates = 4;
  settings.simulation.mode = Mode::expected;
  settings.budget = 0;
  CHECK_THROWS_AS(decide(journey, fixes, settings), ConfigError);
  // Total basis: setup 1400, alerts 6 × 50 = 300, alerts-lite 10 (upfront: alerts would be free).
  settings.budget = 5;
  settings.basis = BudgetBasis::total;
  CHECK_THROWS_WITH(decide(journey, fixes, settings), Catch::Contains("below the cost of every fix"));
  FixesFile many = fixes;
  while (many.fixes.size() <= max_decide_candidates) {
    many.fixes.push_back(fixes.fixes[0]);
    many.fixes.back().id = "copy-" + std::to_string(many.fixes.size());
  }
  settings.budget = 1e6;
  CHECK_THROWS_WITH(decide(journey, many, settings), Catch::Contains("at most 20 candidate fixes"));
}
