// The journey as data: the dense matrix, segments resolved, and graph questions.
#include <catch2/catch.hpp>

#include "journeysim/model/period.hpp"
#include "journeysim/model/reachability.hpp"
#include "model_builder.hpp"

using namespace journeysim;
using journeysim::test::small_journey;

TEST_CASE("transition_matrix puts what is left of a row on the diagonal", "[journey]") {
  const auto p = small_journey().transition_matrix();
  // onboarding: 0.35 + 0.06 leave, 0.59 stay; adoption: 0.02 leave; churned: absorbing.
  const std::vector<std::vector<double>> expected{{0.59, 0.35, 0.06}, {0, 0.98, 0.02}, {0, 0, 1}};
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 3; ++j) CHECK(p[i][j] == Approx(expected[i][j]).margin(1e-15));
}

TEST_CASE("transition_matrix never makes the stay negative within the tolerance", "[journey]") {
  Journey j = small_journey();
  j.transitions[0].cells[0].probability = 0.94 + 1e-10;  // row sums to 1 + 1e-10
  CHECK(j.transition_matrix()[0][0] == 0.0);
}

TEST_CASE("find_stage and stage_ids", "[journey]") {
  const Journey j = small_journey();
  CHECK(j.find_stage("adoption") == std::optional<StageIndex>{1});
  CHECK_FALSE(j.find_stage("adoptoin").has_value());
  CHECK(j.stage_ids() == std::vector<std::string>{"onboarding", "adoption", "churned"});
}

namespace {

Journey with_segments() {
  Journey j = small_journey();
  Segment enterprise;
  enterprise.id = "enterprise";
  enterprise.share = 0.25;
  // Overrides one cell (adoption -> churned); onboarding's row is inherited whole.
  enterprise.transitions = {TransitionRow{1, {{2, 0.008, {}}}, {}}};
  enterprise.revenue_per_period[1] = 4200;
  Segment smb;
  smb.id = "smb";
  smb.share = 0.5;
  j.segments = {enterprise, smb};
  return j;
}

}  // namespace

TEST_CASE("resolve_segment merges overrides and scales the population by the share", "[segment]") {
  const Journey j = with_segments();
  const Journey e = resolve_segment(j, 0);
  CHECK(e.segments.empty());
  const auto p = e.transition_matrix();
  CHECK(p[1][2] == 0.008);
  CHECK(p[1][1] == Approx(0.992));
  CHECK(p[0][1] == 0.35);  // inherited
  CHECK(e.stages[1].revenue_per_period == 4200);
  CHECK(e.stages[0].revenue_per_period == 900);  // inherited
  CHECK(e.population.initial == std::vector<double>{100, 650, 0});
  CHECK(e.population.inflow == std::vector<double>{25, 0, 0});
}

TEST_CASE("resolve_segment takes the segment's own population when given", "[segment]") {
  Journey j = with_segments();
  j.segments[0].initial = std::vector<double>{1, 2, 0};
  const Journey e = resolve_segment(j, 0);
  CHECK(e.population.initial == std::vector<double>{1, 2, 0});
  CHECK(e.population.inflow == std::vector<double>{25, 0, 0});  // still share × journey inflow
}

TEST_CASE("resolve_segment keeps pooled counts only for rows it does not override", "[segment]") {
  Journey j = with_segments();
  j.calibration.counts.counts = {{50, 30, 6}, {0, 980, 20}, {0, 0, 0}};
  const Journey e = resolve_segment(j, 0);
  CHECK(e.calibration.counts.counts[0] == std::vector<double>{50, 30, 6});
  CHECK(e.calibration.counts.counts[1] == std::vector<double>{0, 0, 0});  // overridden: exact
}

TEST_CASE("segment_journeys adds 'default' for the unclaimed share", "[segment]") {
  const auto parts = segment_journeys(with_segments());
  REQUIRE(parts.size() == 3);
  CHECK(parts[0].id == "enterprise");
  CHECK(parts[1].id == "smb");
  CHECK(parts[2].id == "default");
  // 25% + 50% claimed; the default segment has the other 25%, with the journey's parameters.
  CHECK(parts[2].journey.population.initial[1] == Approx(650));
  CHECK(parts[2].journey.transition_matrix()[1][2] == 0.02);
  // The parts add up to the whole population.
  double initial = 0;
  for (const auto& part : parts) initial += part.journey.population.initial[0];
  CHECK(initial == Approx(400));
}

TEST_CASE("segment_journeys: no default when shares cover everyone, nothing without segments", "[segment]") {
  Journey j = with_segments();
  j.segments[1].share = 0.75;
  CHECK(segment_journeys(j).size() == 2);
  CHECK(segment_journeys(small_journey()).empty());
}

TEST_CASE("a segment without a share brings its own customers and claims none", "[segment]") {
  Journey j = small_journey();
  Segment partners;
  partners.id = "partners";
  partners.inflow = std::vector<double>{10, 0, 0};
  j.segments = {partners};
  const auto parts = segment_journeys(j);
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].journey.population.inflow == std::vector<double>{10, 0, 0});
  CHECK(parts[0].journey.population.initial == std::vector<double>{0, 0, 0});
  // The journey's own population is untouched: all of it goes to 'default', none is doubled.
  CHECK(parts[1].id == "default");
  CHECK(parts[1].journey.population.initial == std::vector<double>{400, 2600, 0});
  CHECK(parts[1].journey.population.inflow == std::vector<double>{100, 0, 0});
}

TEST_CASE("reachability from the population", "[reachability]") {
  Journey j = small_journey();
  j.stages.push_back(test::stage("limbo", 17));
  j.population.initial = {0, 0, 0, 0};
  j.population.inflow = {5, 0, 0, 0};
  const auto p = j.transition_matrix();
  CHECK(stages_reachable_from_population(j, p) == std::vector<bool>{true, true, true, false});
  j.population.inflow = {0, 0, 0, 0};
  j.population.initial = {0, 3, 0, 0};  // from adoption only churned is reachable
  CHECK(stages_reachable_from_population(j, p) == std::vector<bool>{false, true, true, false});
}

TEST_CASE("stages_never_absorbed names stages with no path to a terminal", "[reachability]") {
  Journey j = small_journey();
  CHECK(stages_never_absorbed(j, j.transition_matrix()).empty());
  // adoption now loops with a new 'loyal' stage and never churns.
  j.stages.push_back(test::stage("loyal", 17));
  j.population.initial.push_back(0);
  j.population.inflow.push_back(0);
  j.transitions[1].cells = {{3, 0.1, {}}};
  j.transitions.push_back(TransitionRow{3, {{1, 0.2, {}}}, {}});
  CHECK(stages_never_absorbed(j, j.transition_matrix()) == std::vector<StageIndex>{1, 3});
  // Without any terminal stage nobody is "never absorbed": the chain has a stationary law.
  j.stages[2].terminal = false;
  CHECK(stages_never_absorbed(j, j.transition_matrix()).empty());
}

TEST_CASE("periods", "[period]") {
  CHECK(periods_per_year(Period::day) == 365);
  CHECK(periods_per_year(Period::week) == 52);
  CHECK(periods_per_year(Period::month) == 12);
  CHECK(periods_per_year(Period::quarter) == 4);
  CHECK(periods_per_year(Period::year) == 1);
  for (Period p : {Period::day, Period::week, Period::month, Period::quarter, Period::year})
    CHECK(parse_period(to_string(p)) == p);
  CHECK(to_string(Period::quarter) == "quarter");
  CHECK_FALSE(parse_period("Month").has_value());
  CHECK(to_string(Period::year) == "year");
  CHECK_FALSE(parse_period("annual").has_value());
}
