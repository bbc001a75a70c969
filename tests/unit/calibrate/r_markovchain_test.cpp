// Oracle: R markovchain's markovchainFit(method = "mle") on the same sequences. The fixture was
// produced once by tests/data/calibrate/make_r_fixture.R (R 4.2.2, markovchain 0.9.1).
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/io/model_reader.hpp"
#include "test_paths.hpp"

using namespace journeysim;

TEST_CASE("MLE equals markovchainFit(method = \"mle\") to 1e-12") {
  const Journey model = read_journey(test::source_path("tests/data/calibrate/r_template.yaml"));
  const EventLog log =
      read_event_log(test::source_path("tests/data/calibrate/r_sequences_events.csv"), model.stage_ids(), {});
  CalibrateOptions options;
  std::string problem;
  REQUIRE(parse_as_of("2024-12-31", *(options.as_of = UtcMillis{}), problem));
  const CalibrationResult fit = calibrate_journey(model, log, options);
  CHECK(fit.panel.customers == 80);
  std::ifstream in(test::source_path("tests/data/calibrate/r_markovchain_mle.csv"));
  std::string line;
  std::getline(in, line);  // header
  int cells = 0;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string from, to, value;
    std::getline(fields, from, ',');
    std::getline(fields, to, ',');
    std::getline(fields, value, ',');
    const StageIndex f = *model.find_stage(from), t = *model.find_stage(to);
    INFO(from << " -> " << to);
    CHECK(std::abs(fit.groups[0].rows[f].probability[t] - std::stod(value)) < 1e-12);
    ++cells;
  }
  CHECK(cells == 16);
}
