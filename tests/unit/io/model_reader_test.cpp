// Reading the example model: every field of scenarios/b2b-saas/journey.yaml lands in the model.
#include <catch2/catch.hpp>

#include "journeysim/io/model_reader.hpp"
#include "test_paths.hpp"

using namespace journeysim;

namespace {

const Journey& example() {
  static const Journey journey = read_journey(test::source_path("scenarios/b2b-saas/journey.yaml"));
  return journey;
}

StageIndex index_of(const Journey& j, const std::string& id) {
  const auto index = j.find_stage(id);
  REQUIRE(index.has_value());
  return *index;
}

}  // namespace

TEST_CASE("example: the journey block", "[reader][example]") {
  const JourneyInfo& info = example().info;
  CHECK(info.name == "B2B SaaS: new logo to renewal");
  CHECK(info.persona == "Operations lead at a 50–500 person company");
  CHECK(info.scenario == "From first visit to second renewal");
  CHECK(info.period == Period::month);
  CHECK(info.horizon == 36);
  CHECK(info.currency == "USD");
  CHECK(info.discount_rate_annual == 0.10);
  CHECK(info.gross_margin == 0.80);
  // Values are located at the value, 1-based: `  horizon: 36` is line 8, column 12.
  CHECK(info.field_where.at("horizon").line == 8);
  CHECK(info.field_where.at("horizon").column == 12);
}

TEST_CASE("example: stages in file order with their lanes", "[reader][example]") {
  const Journey& j = example();
  CHECK(j.stage_ids() == std::vector<std::string>{"awareness", "consideration", "decision", "onboarding",
                                                  "adoption", "expansion", "advocacy", "lost", "churned"});
  const Stage& awareness = j.stages[0];
  CHECK(awareness.name == "Awareness");
  CHECK(awareness.entry == "First visit from search, social or referral");
  CHECK(awareness.exit == "Books a demo or starts a trial");
  CHECK(awareness.goals ==
        std::vector<std::string>{"Understand whether the problem is worth solving", "Find credible vendors"});
  CHECK(awareness.questions ==
        std::vector<std::string>{"Is this problem real for a team our size?", "Who else uses this?"});
  CHECK(awareness.emotion == Approx(-0.2));
  CHECK(awareness.pain_points ==
        std::vector<std::string>{"Pricing unclear", "Generic messaging that does not name our industry"});
  CHECK(awareness.opportunities ==
        std::vector<std::string>{"Publish transparent pricing", "Industry landing pages with case studies"});
  CHECK(awareness.revenue_per_period == 0);
  CHECK(awareness.cost_per_period == 2);
  CHECK(awareness.targets == std::map<std::string, double>{{"conversion", 0.25}});
  CHECK_FALSE(awareness.terminal);
  CHECK(awareness.where.line == 14);  // `  - id: awareness`
  CHECK(awareness.where.column == 9);
}

TEST_CASE("example: touchpoints", "[reader][example]") {
  const Stage& awareness = example().stages[0];
  REQUIRE(awareness.touchpoints.size() == 3);
  const Touchpoint& referral = awareness.touchpoints[2];
  CHECK(referral.name == "Peer referral");
  CHECK(referral.channel == "word-of-mouth");
  CHECK(referral.owner == "Customer Success");
  CHECK(referral.system == "Referral tracker");
  const Stage& decision = example().stages[index_of(example(), "decision")];
  REQUIRE(decision.touchpoints.size() == 2);
  CHECK(decision.touchpoints[1].name == "Security questionnaire");
  CHECK(decision.touchpoints[1].owner == "Security");
}

TEST_CASE("example: economics, targets and terminal stages", "[reader][example]") {
  const Journey& j = example();
  const Stage& onboarding = j.stages[index_of(j, "onboarding")];
  CHECK(onboarding.revenue_per_period == 900);
  CHECK(onboarding.cost_per_period == 350);
  CHECK(onboarding.targets == std::map<std::string, double>{{"conversion", 0.70}, {"loss", 0.20}});
  CHECK(onboarding.emotion == Approx(-0.4));
  CHECK(j.stages[index_of(j, "advocacy")].revenue_per_period == 2600);
  CHECK(j.stages[index_of(j, "expansion")].targets.empty());
  for (const std::string id : {"lost", "churned"}) {
    const Stage& s = j.stages[index_of(j, id)];
    CHECK(s.terminal);
    CHECK_FALSE(s.emotion.has_value());
    CHECK(s.touchpoints.empty());
  }
  CHECK(j.stages[index_of(j, "churned")].name == "Churned customer");
}

TEST_CASE("example: transitions, with the stay on the diagonal", "[reader][example]") {
  const Journey& j = example();
  REQUIRE(j.transitions.size() == 7);
  const TransitionRow& adoption = j.transitions[4];
  CHECK(adoption.from == index_of(j, "adoption"));
  REQUIRE(adoption.cells.size() == 3);
  CHECK(adoption.cells[0].to == index_of(j, "expansion"));
  CHECK(adoption.cells[0].probability == 0.04);
  CHECK(adoption.cells[2].to == index_of(j, "churned"));
  CHECK(adoption.cells[2].probability == 0.015);
  // `  adoption:      {expansion: 0.04, ...}` is line 140; 0.04 starts at column 30.
  CHECK(adoption.where.line == 140);
  CHECK(adoption.where.column == 3);
  CHECK(adoption.cells[0].where.line == 140);
  CHECK(adoption.cells[0].where.column == 30);
  const auto p = j.transition_matrix();
  CHECK(p[4][4] == Approx(1 - 0.04 - 0.02 - 0.015));
  CHECK(p[0][0] == Approx(1 - 0.12 - 0.30));
  CHECK(p[7][7] == 1.0);
}

TEST_CASE("example: population", "[reader][example]") {
  const Journey& j = example();
  CHECK(j.population.initial == std::vector<double>{3000, 500, 200, 150, 1400, 300, 100, 0, 0});
  CHECK(j.population.inflow == std::vector<double>{2000, 0, 0, 0, 0, 0, 0, 0, 0});
  // `  inflow:  {awareness: 5000}`: line 146, the value at column 24.
  CHECK(j.population.inflow_where.at(0).line == 146);
  CHECK(j.population.inflow_where.at(0).column == 24);
}

TEST_CASE("example: segments", "[reader][example]") {
  const Journey& j = example();
  REQUIRE(j.segments.size() == 2);
  const Segment& smb = j.segments[0];
  CHECK(smb.id == "smb");
  CHECK(smb.name == "Small and mid-size businesses");
  CHECK(smb.share == 0.7);
  CHECK(smb.transitions.empty());
  CHECK(smb.revenue_per_period.empty());
  const Segment& enterprise = j.segments[1];
  CHECK(enterprise.id == "enterprise");
  CHECK(enterprise.name == "Enterprise (1,000+ seats)");
  CHECK(enterprise.share == 0.3);
  REQUIRE(enterprise.transitions.size() == 3);
  CHECK(enterprise.transitions[0].from == index_of(j, "decision"));
  CHECK(enterprise.transitions[0].cells[0].probability == 0.25);
  CHECK(enterprise.transitions[2].from == index_of(j, "adoption"));
  CHECK(enterprise.transitions[2].cells[0].to == index_of(j, "churned"));
  CHECK(enterprise.transitions[2].cells[0].probability == 0.008);
  CHECK(enterprise.revenue_per_period ==
        std::map<StageIndex, double>{{index_of(j, "onboarding"), 2500}, {index_of(j, "adoption"), 4200},
                                     {index_of(j, "expansion"), 8500}, {index_of(j, "advocacy"), 7000}});
  CHECK_FALSE(j.calibration.present);
  CHECK(j.file == test::source_path("scenarios/b2b-saas/journey.yaml"));
}
