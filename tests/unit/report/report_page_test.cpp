// The whole page from the hand-written tiny run: sections, numbers, escaping, determinism.
#include <catch2/catch.hpp>

#include "journeysim/report/report_page.hpp"
#include "test_paths.hpp"

using namespace journeysim;
using journeysim::test::source_path;

namespace {

/// The tiny run with a fixes file built in code (the fixes reader is not part of the report).
ReportInput tiny_input_with_fix() {
  ReportInput input = load_report_input(source_path("tests/data/report/tiny/run"));
  FixesFile fixes;
  Fix fix;
  fix.id = "setup-wizard";
  fix.name = "Setup wizard";
  fix.owner = "Product";
  fix.addresses = {"setup is slow "};  // matched without case or surrounding spaces
  Effect effect;
  effect.from = *input.journey.find_stage("trial");
  effect.to = *input.journey.find_stage("paying");
  effect.value.kind = Distribution::Kind::normal;
  effect.value.parameters = {0.2, 0.05};
  fix.effects.push_back(effect);
  fixes.fixes.push_back(fix);
  input.fixes = fixes;
  return input;
}

std::size_t position(const std::string& page, const std::string& text) {
  const auto at = page.find(text);
  INFO("looking for " << text);
  REQUIRE(at != std::string::npos);
  return at;
}

}  // namespace

TEST_CASE("the page has every section in the issue's order", "[report_page]") {
  const std::string page = render_report(tiny_input_with_fix());
  std::size_t last = 0;
  for (const char* id : {"id=\"header\"", "id=\"journey-map\"", "id=\"flow\"", "id=\"leaks\"", "id=\"fixes\"",
                         "id=\"recommendation\"", "id=\"method\""}) {
    const std::size_t at = position(page, id);
    CHECK(at > last);
    last = at;
  }
  for (const char* chart : {"id=\"flow-chart\"", "id=\"leverage-chart\"", "id=\"npv-intervals\"", "id=\"prob-best\"",
                            "id=\"revenue-fan\"", "id=\"arr-waterfall\"", "class=\"emotion\""})
    position(page, chart);
}

TEST_CASE("user strings are escaped, and the page holds no script or URL", "[report_page]") {
  const std::string page = render_report(tiny_input_with_fix());
  position(page, "Tiny &lt;b&gt;journey&lt;/b&gt; &amp; &quot;friends&quot;");
  CHECK(page.find("<b>journey") == std::string::npos);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("http") == std::string::npos);
}

TEST_CASE("tables carry the exact numbers of summary.json", "[report_page]") {
  const std::string page = render_report(tiny_input_with_fix());
  // Ranking: NPV mean 400 of setup-wizard, shown as "$400", exact in data-value.
  position(page, "data-value=\"400\">$400</td>");
  // The flow's leak check: moves paying → churned over periods 0..1 = 0·0.1 + 50·0.1 = 5, and
  // trial → churned 100·0.1 + 40·0.1 = 14, equal to the fixture's baseline churned/lost totals.
  position(page, "<td class=\"num\" data-value=\"5\">5</td>");
  position(page, "<td class=\"num\" data-value=\"14\">14</td>");
  // The pain point the fix addresses names it with its NPV.
  position(page, "Setup is slow<span class=\"fix-tag\"");
  position(page, "&#8594; Setup wizard: NPV $400</span>");
  // Target: conversion from trial within 3 months = 0.5·(1 − 0.4³)/0.6 = 0.78 ≥ 0.5.
  position(page, "class=\"met\" data-value=\"0.78");
  // Headline: P(payback within the horizon) from replicates.csv: paybacks 4 (never, = horizon+1) and 2.
  position(page, "50% chance of paying back within the 3-month horizon");
}

TEST_CASE("the page is deterministic", "[report_page]") {
  CHECK(render_report(tiny_input_with_fix()) == render_report(tiny_input_with_fix()));
}

TEST_CASE("a run without fixes renders a baseline-only page", "[report_page]") {
  ReportInput input = load_report_input(source_path("tests/data/report/tiny/run"));
  input.run.summary.scenarios.resize(1);  // baseline only
  const std::string page = render_report(input);
  position(page, "Baseline only: the journey earns");
  position(page, "there are no fixes to compare");
  position(page, "id=\"revenue-fan\"");
  CHECK(page.find("id=\"npv-intervals\"") == std::string::npos);
}

TEST_CASE("every target says on the page what it measures", "[report_page]") {
  ReportInput input = tiny_input_with_fix();
  input.journey.stages[*input.journey.find_stage("trial")].targets["loss"] = 0.2;
  const std::string page = render_report(input);
  // Hover text on the map and a definition in the method section (issue #15 §3: "loss" was undefined).
  position(page, "title=\"loss: the share who end in a terminal stage (lost or churned) by any path, of the "
                 "customers who enter the stage, within the horizon (3 months)\"");
  position(page, "<dt>target loss</dt>");
  position(page, "<dt>target conversion</dt>");
}

TEST_CASE("labels follow the run's quantile levels", "[report_page]") {
  ReportInput input = tiny_input_with_fix();
  const std::string standard = render_report(input);
  position(standard, "NPV [P5, P95]");
  input.run.summary.quantiles = {0.1, 0.5, 0.9};
  const std::string finance = render_report(input);
  position(finance, "NPV [P10, P90]");
  position(finance, "Shaded bands hold 80% of replicates (P10 to P90)");
  CHECK(finance.find("P95") == std::string::npos);
}

TEST_CASE("a calibrated row that changed is read on its Holm p, with what it means", "[report_page]") {
  ReportInput input = tiny_input_with_fix();
  Calibration& cal = input.journey.calibration;
  cal.present = true;
  cal.source = "events.csv";
  HomogeneityResult changed;
  changed.from = *input.journey.find_stage("trial");
  changed.statistic = 30;
  changed.degrees_of_freedom = 2;
  changed.p_value = 1e-6;
  changed.adjusted_p_value = 4e-6;
  HomogeneityResult raw_only = changed;  // small raw p, but not after Holm: stable
  raw_only.from = *input.journey.find_stage("paying");
  raw_only.p_value = 0.004;
  raw_only.adjusted_p_value = 0.02;
  raw_only.method = HomogeneityMethod::exact;
  cal.homogeneity = {changed, raw_only};
  const std::string page = render_report(input);
  position(page, "Holm");
  position(page, "Fisher exact");
  CHECK(page.find("changed over time") != std::string::npos);
  CHECK(page.find("changed over time") == page.rfind("changed over time"));  // one row only
  position(page, "&#39;trial&#39; moved differently in the second half");
  position(page, "time-in-stage or heterogeneity model");
  position(page, "Re-check");
}
