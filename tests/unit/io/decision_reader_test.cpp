// Reading decision.json for the report (docs/reference/outputs.md#decide): a hand-written minimal
// document, the keys later sessions added being optional, and the error for a mistyped value
// naming its JSON pointer.
#include <catch2/catch.hpp>
#include <string>

#include "journeysim/core/error.hpp"
#include "journeysim/io/decision_reader.hpp"

using namespace journeysim;

namespace {

const std::string point_json = R"({"fixes": ["a"], "budget_cost": 10, "confirmed": {"npv_mean": 5, "npv_p10": 1, "npv_p90": 9, "prob_npv_positive": 0.8}})";

std::string document(const std::string& extra) {
  return R"({"budget": 100, "budget_basis": "upfront", "objective": "npv",
             "method": {"candidates": 2, "portfolios_feasible": 3},
             "recommended_portfolio": )" + point_json + R"(,
             "frontier": [)" + point_json.substr(0, point_json.size() - 1) + R"(, "budget": 100}],
             "tornado": [], "evpi": 0.5)" + extra + "}";
}

std::string error_of(const std::string& text) {
  try {
    parse_decision_summary(text, "d/decision.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("decision.json without the later keys still reads", "[decision_reader]") {
  const DecisionSummary d = parse_decision_summary(document(""), "d/decision.json");
  CHECK(d.recommended.fixes == std::vector<std::string>{"a"});
  CHECK(d.recommended.budget == 100);
  REQUIRE(d.frontier.size() == 1);
  CHECK(d.frontier[0].npv_p90 == 9);
  CHECK(d.model_tornado.empty());
  CHECK(d.information.empty());
  CHECK(d.pilot_sentence.empty());
}

TEST_CASE("decision.json's model tornado is read in order", "[decision_reader]") {
  const DecisionSummary d = parse_decision_summary(
      document(R"(, "model_tornado": [{"input": "x → y", "p10": 0.1, "p90": 0.3, "npv_mean_at_or_below_p10": -2,
                                        "npv_mean_at_or_above_p90": 7, "variance_share": 0.25}])"),
      "d/decision.json");
  REQUIRE(d.model_tornado.size() == 1);
  CHECK(d.model_tornado[0].input == "x → y");
  CHECK(d.model_tornado[0].p10 == 0.1);
  CHECK(d.model_tornado[0].p90 == 0.3);
  CHECK(d.model_tornado[0].npv_low == -2);
  CHECK(d.model_tornado[0].npv_high == 7);
  CHECK(d.model_tornado[0].variance_share == 0.25);
}

TEST_CASE("a mistyped decision.json names the value's JSON pointer", "[decision_reader]") {
  CHECK(error_of(document(R"(, "model_tornado": {})")) == "decision.json: /model_tornado must be a list");
  CHECK(error_of(document(R"(, "model_tornado": [{"input": "x", "p10": 0.1}])")) ==
        "decision.json: /model_tornado/0/p90 is missing");
  CHECK(error_of(document(R"(, "evppi": [{"fix": "a", "distribution": "d", "evppi": "high", "variance_share": 0}])")) ==
        "decision.json: /evppi/0/evppi must be a finite number");
  std::string without_tornado = document("");
  without_tornado.replace(without_tornado.find(R"("tornado": [], )"), 15, "");
  CHECK(error_of(without_tornado) == "decision.json: /tornado is missing");
}
