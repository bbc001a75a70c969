// The calibrated model file: the template's text kept verbatim outside the calibrated blocks,
// and a file that reads back to the same numbers.
#include <catch2/catch.hpp>
#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/synth/synth.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/output/journey_yaml_writer.hpp"
#include "test_paths.hpp"

using namespace journeysim;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

CalibrationResult fit_b2b(const Journey& model, bool segments, CalibrateOptions options = {}) {
  SynthOptions synth;
  synth.customers = 5000;
  synth.periods = 18;
  synth.seed = 3;
  synth.segment_column = segments;
  std::ostringstream out;
  write_synthetic_events(model, synth, out);
  EventLogOptions log_options;
  if (segments)
    for (const auto& s : model.segments) log_options.known_segments.push_back(s.id);
  const EventLog log = parse_event_log(out.str(), "events.csv", model.stage_ids(), log_options);
  options.source = "events.csv";
  return calibrate_journey(model, log, options);
}

}  // namespace

TEST_CASE("the written model keeps the template's stages text and reads back") {
  const std::string path = test::source_path("scenarios/b2b-saas/journey.yaml");
  const std::string template_text = read_yaml_file(path);
  const Journey model = parse_journey(template_text, path);
  const CalibrationResult fit = fit_b2b(model, true);
  const std::string text = calibrated_journey_yaml(template_text, model, fit.journey);
  const Journey back = parse_journey(text, "calibrated.yaml");

  // Every template line before `transitions:` is kept, except the revenue values calibrated.
  const auto before = lines_of(template_text), after = lines_of(text);
  std::size_t i = 0;
  for (; i < before.size() && before[i].rfind("transitions:", 0) != 0; ++i)
    if (before[i].find("revenue_per_period:") == std::string::npos) CHECK(after[i] == before[i]);
  CHECK(text.find("# A B2B SaaS journey from first visit to renewal") == 0);

  // Same numbers after the round trip through text.
  const auto p = fit.journey.transition_matrix(), q = back.transition_matrix();
  for (std::size_t a = 0; a < p.size(); ++a)
    for (std::size_t b = 0; b < p.size(); ++b) CHECK(q[a][b] == Approx(p[a][b]).epsilon(1e-9));
  CHECK(back.calibration.present);
  CHECK(back.calibration.source == "events.csv");
  CHECK(back.calibration.counts.counts == fit.journey.calibration.counts.counts);
  CHECK(back.calibration.customers == static_cast<long long>(fit.panel.customers));
  CHECK(back.calibration.flagged_rows == fit.journey.calibration.flagged_rows);
  CHECK(back.calibration.homogeneity.size() == fit.journey.calibration.homogeneity.size());
  CHECK(back.population.initial == fit.journey.population.initial);
  REQUIRE(back.segments.size() == 2);
  CHECK(back.segments[1].counts.counts == fit.journey.segments[1].counts.counts);
  CHECK(text.find("name: \"Enterprise (1,000+ seats)\"") != std::string::npos);
  CHECK(back.stages[*model.find_stage("adoption")].revenue_per_period ==
        Approx(fit.journey.stages[*model.find_stage("adoption")].revenue_per_period));
}

TEST_CASE("a new period rewrites the journey's period and horizon") {
  const std::string path = test::source_path("scenarios/b2b-saas/journey.yaml");
  const std::string template_text = read_yaml_file(path);
  const Journey model = parse_journey(template_text, path);
  CalibrateOptions options;
  options.period = Period::quarter;
  const CalibrationResult fit = fit_b2b(model, false, options);
  const Journey back = parse_journey(calibrated_journey_yaml(template_text, model, fit.journey), "c.yaml");
  CHECK(back.info.period == Period::quarter);
  CHECK(back.info.horizon == 12);  // 36 months
  CHECK(back.segments.size() == 2);  // kept from the template: the log had no segment column
}

TEST_CASE("the as-of state by period in stage reads back exactly, and its sums are the plain counts") {
  const std::string path = test::source_path("scenarios/b2b-saas/journey.yaml");
  const std::string template_text = read_yaml_file(path);
  const Journey model = parse_journey(template_text, path);
  CalibrateOptions options;
  std::string problem;
  options.time_in_stage = *parse_time_in_stage("1,2-3,4+", problem);
  const CalibrationResult fit = fit_b2b(model, false, options);
  const CalibrationResult plain = fit_b2b(model, false);
  REQUIRE_FALSE(fit.journey.population.initial_by_period.empty());
  const Journey back = parse_journey(calibrated_journey_yaml(template_text, model, fit.journey), "calibrated.yaml");
  CHECK(back.population.initial_by_period == fit.journey.population.initial_by_period);
  CHECK(back.population.initial == plain.journey.population.initial);
  for (const auto& [stage, counts] : back.population.initial_by_period) {
    const TimeInStageRows* rows = back.time_in_stage_of(stage);
    REQUIRE(rows != nullptr);
    CHECK(counts.size() == static_cast<std::size_t>(rows->periods()));
  }
}
