// validate_journey(): each invariant of SPEC §2, with the message and the value it points at.
#include <catch2/catch.hpp>

#include <limits>

#include "journeysim/model/validate.hpp"
#include "model_builder.hpp"

using namespace journeysim;
using journeysim::test::small_journey;

namespace {

/// The InputError validate_journey throws; fails the test when it throws nothing.
InputError validation_error(const Journey& journey) {
  try {
    validate_journey(journey);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("validate_journey accepted an invalid journey");
  return InputError("", {});
}

void check_error(const Journey& journey, const std::string& message, int line, int column) {
  const InputError e = validation_error(journey);
  CHECK(std::string(e.what()) == message);
  CHECK(e.where().file == "m.yaml");
  CHECK(e.where().line == line);
  CHECK(e.where().column == column);
}

const double not_a_number = std::numeric_limits<double>::quiet_NaN();
const double infinity = std::numeric_limits<double>::infinity();

}  // namespace

TEST_CASE("a valid journey passes", "[validate]") { CHECK_NOTHROW(validate_journey(small_journey())); }

TEST_CASE("no stages", "[validate]") {
  Journey j = small_journey();
  j.stages.clear();
  j.transitions.clear();
  check_error(j, "the journey has no stages", 0, 0);
}

TEST_CASE("horizon must be positive and bounded", "[validate]") {
  Journey j = small_journey();
  j.info.horizon = 0;
  check_error(j, "horizon must be a positive number of periods, got 0", 3, 12);
  j.info.horizon = -5;
  check_error(j, "horizon must be a positive number of periods, got -5", 3, 12);
  j.info.horizon = max_horizon + 1;
  check_error(j, "horizon must be at most 100000 periods, got 100001", 3, 12);
  j.info.horizon = max_horizon;
  CHECK_NOTHROW(validate_journey(j));
}

TEST_CASE("discount rate and gross margin ranges", "[validate]") {
  Journey j = small_journey();
  j.info.discount_rate_annual = -0.1;
  check_error(j, "discount_rate must be an annual rate between 0 and 10, got -0.1", 4, 18);
  j.info.discount_rate_annual = not_a_number;
  check_error(j, "discount_rate must be an annual rate between 0 and 10, got nan", 4, 18);
  j = small_journey();
  j.info.gross_margin = 1.2;
  check_error(j, "gross_margin must be a share between 0 and 1, got 1.2", 5, 17);
}

TEST_CASE("stage money must be finite and non-negative", "[validate]") {
  Journey j = small_journey();
  j.stages[1].revenue_per_period = -1500;
  check_error(j, "revenue_per_period of stage 'adoption' must not be negative, got -1500", 12, 25);
  // Journeys built in code never went through the YAML reader's finiteness check.
  j.stages[1].revenue_per_period = not_a_number;
  check_error(j, "revenue_per_period of stage 'adoption' must be a finite number, got nan", 12, 25);
  j.stages[1].revenue_per_period = infinity;
  check_error(j, "revenue_per_period of stage 'adoption' must be a finite number, got inf", 12, 25);
  j = small_journey();
  j.stages[0].cost_per_period = -3;
  check_error(j, "cost_per_period of stage 'onboarding' must not be negative, got -3", 9, 22);
}

TEST_CASE("terminal stages earn nothing and have no row", "[validate]") {
  Journey j = small_journey();
  j.stages[2].revenue_per_period = 10;
  check_error(j, "terminal stage 'churned' cannot earn revenue: customers stay there forever", 16, 25);
  j = small_journey();
  j.transitions.push_back(TransitionRow{2, {{0, 0.01, {"m.yaml", 22, 20}}}, {"m.yaml", 22, 3}});
  check_error(j, "terminal stage 'churned' cannot have outgoing transitions: customers never leave it",
              22, 3);
}

TEST_CASE("emotion and targets ranges", "[validate]") {
  Journey j = small_journey();
  j.stages[0].emotion = 1.5;
  check_error(j, "emotion of stage 'onboarding' must be between -1 and +1, got 1.5", 10, 14);
  j = small_journey();
  j.stages[0].targets["conversion"] = 1.2;
  j.stages[0].field_where["targets.conversion"] = SourceLocation{"m.yaml", 8, 30};
  check_error(j, "target 'conversion' of stage 'onboarding' must be a share between 0 and 1, got 1.2", 8, 30);
  j.stages[0].targets["conversion"] = 0.7;
  j.stages[0].targets["periods"] = 4;  // a number of periods, not a share: above 1 is fine
  CHECK_NOTHROW(validate_journey(j));
}

TEST_CASE("probabilities in [0, 1], pointed at the value", "[validate]") {
  Journey j = small_journey();
  j.transitions[0].cells[0].probability = 1.35;
  check_error(j, "probability of onboarding -> adoption must be between 0 and 1, got 1.35", 20, 26);
  j.transitions[0].cells[0].probability = -0.01;
  check_error(j, "probability of onboarding -> adoption must be between 0 and 1, got -0.01", 20, 26);
  j.transitions[0].cells[0].probability = not_a_number;
  check_error(j, "probability of onboarding -> adoption must be between 0 and 1, got nan", 20, 26);
}

TEST_CASE("a row summing to more than 1 says the sum", "[validate]") {
  Journey j = small_journey();
  j.transitions[0].cells[0].probability = 0.95;  // 0.95 + 0.06 = 1.01
  check_error(j,
              "transitions out of 'onboarding' sum to 1.01 (adoption 0.95 + churned 0.06), more "
              "than 1: nothing can be left to stay",
              20, 3);
  // Within the tolerance of 1e-9 a row may exceed 1 (rounding in calibrated files).
  j.transitions[0].cells[0].probability = 0.94 + 0.5e-9;
  CHECK_NOTHROW(validate_journey(j));
}

TEST_CASE("population must be finite and non-negative", "[validate]") {
  Journey j = small_journey();
  j.population.initial[1] = -20;
  check_error(j, "initial population of stage 'adoption' must not be negative, got -20", 30, 40);
  j = small_journey();
  j.population.inflow[0] = not_a_number;
  check_error(j, "inflow of stage 'onboarding' must be a finite number, got nan", 31, 24);
}

TEST_CASE("segment shares", "[validate]") {
  Journey j = small_journey();
  Segment a;
  a.id = "smb";
  a.share = 0.7;
  a.where = {"m.yaml", 40, 9};
  a.field_where["share"] = {"m.yaml", 41, 12};
  Segment b = a;
  b.id = "enterprise";
  b.share = 0.4;
  b.where = {"m.yaml", 42, 9};
  b.field_where["share"] = {"m.yaml", 43, 12};
  j.segments = {a, b};
  check_error(j, "segment shares add up to 1.1, more than 1", 43, 12);
  j.segments[1].share = 0;
  check_error(j, "share of segment 'enterprise' must be in (0, 1], got 0", 43, 12);
  j.segments[1].share = 0.3;
  CHECK_NOTHROW(validate_journey(j));
}

TEST_CASE("a segment without share must bring its own customers", "[validate]") {
  Journey j = small_journey();
  Segment s;
  s.id = "partners";
  s.where = {"m.yaml", 40, 9};
  j.segments = {s};
  check_error(j,
              "segment 'partners' has no customers: give it a share of the population or its own "
              "population (initial and inflow)",
              40, 9);
  j.segments[0].inflow = std::vector<double>{10, 0, 0};
  CHECK_NOTHROW(validate_journey(j));
  j.segments[0].inflow = std::vector<double>{10, -1, 0};
  j.segments[0].field_where["population.inflow.adoption"] = {"m.yaml", 44, 30};
  check_error(j, "inflow of stage 'adoption' in segment 'partners' must not be negative, got -1", 44, 30);
}

TEST_CASE("a segment override is checked merged into the journey's row", "[validate]") {
  Journey j = small_journey();
  Segment s;
  s.id = "enterprise";
  s.share = 0.3;
  s.where = {"m.yaml", 40, 9};
  // Alone the override (0.98) is fine; merged with the inherited churned 0.06 it is 1.04.
  s.transitions = {TransitionRow{0, {{1, 0.98, {"m.yaml", 45, 30}}}, {"m.yaml", 45, 7}}};
  j.segments = {s};
  check_error(j,
              "transitions out of 'onboarding' in segment 'enterprise' sum to 1.04 (adoption 0.98 + "
              "churned 0.06), more than 1: nothing can be left to stay",
              45, 7);
}

TEST_CASE("segment revenue must be non-negative and zero in terminal stages", "[validate]") {
  Journey j = small_journey();
  Segment s;
  s.id = "enterprise";
  s.share = 0.3;
  s.where = {"m.yaml", 40, 9};
  s.revenue_per_period[2] = 5;
  s.field_where["revenue.churned"] = {"m.yaml", 46, 30};
  j.segments = {s};
  check_error(j,
              "revenue of stage 'churned' in segment 'enterprise' must be non-negative (and 0 for "
              "terminal stages), got 5",
              46, 30);
}

TEST_CASE("journey_warnings names unreachable and never-absorbed stages", "[validate]") {
  Journey j = small_journey();
  CHECK(journey_warnings(j).empty());
  j.stages.push_back(test::stage("limbo", 17));  // no customers, no way in, no way out
  j.population.initial.push_back(0);
  j.population.inflow.push_back(0);
  const auto warnings = journey_warnings(j);
  REQUIRE(warnings.size() == 2);
  CHECK(warnings[0] ==
        "stage 'limbo' is never reached: no initial customers, no inflow and no transition into it");
  CHECK(warnings[1] ==
        "stage 'limbo' can never reach a terminal stage: its customers stay in the journey forever");
}
