#pragma once
// Small journeys built in code for model tests, with every value given a distinct location so a
// test can check which value an error points at.
#include <string>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim::test {

/// A stage whose id sits at line `line`, column 7, and whose other values at following lines.
inline Stage stage(const std::string& id, int line, bool terminal = false, double revenue = 0) {
  Stage s;
  s.id = id;
  s.name = id;
  s.terminal = terminal;
  s.revenue_per_period = revenue;
  s.where = SourceLocation{"m.yaml", line, 7};
  s.field_where["revenue_per_period"] = SourceLocation{"m.yaml", line + 1, 25};
  s.field_where["cost_per_period"] = SourceLocation{"m.yaml", line + 2, 22};
  s.field_where["emotion"] = SourceLocation{"m.yaml", line + 3, 14};
  return s;
}

/// onboarding -(0.35)-> adoption, onboarding -(0.06)-> churned, adoption -(0.02)-> churned.
/// Rows at lines 20 and 21; initial population at line 30, inflow at line 31.
inline Journey small_journey() {
  Journey j;
  j.file = "m.yaml";
  j.info.name = "small";
  j.info.field_where["horizon"] = SourceLocation{"m.yaml", 3, 12};
  j.info.field_where["discount_rate"] = SourceLocation{"m.yaml", 4, 18};
  j.info.field_where["gross_margin"] = SourceLocation{"m.yaml", 5, 17};
  j.stages = {stage("onboarding", 7, false, 900), stage("adoption", 11, false, 1500),
              stage("churned", 15, true)};
  TransitionRow onboarding{0, {}, SourceLocation{"m.yaml", 20, 3}};
  onboarding.cells = {{1, 0.35, {"m.yaml", 20, 26}}, {2, 0.06, {"m.yaml", 20, 41}}};
  TransitionRow adoption{1, {{2, 0.02, {"m.yaml", 21, 26}}}, SourceLocation{"m.yaml", 21, 3}};
  j.transitions = {onboarding, adoption};
  j.population.initial = {400, 2600, 0};
  j.population.inflow = {100, 0, 0};
  j.population.initial_where = {{0, {"m.yaml", 30, 25}}, {1, {"m.yaml", 30, 40}}};
  j.population.inflow_where = {{0, {"m.yaml", 31, 24}}};
  return j;
}

}  // namespace journeysim::test
