// Reading a simulate output directory (hand-written fixture under tests/data/report/tiny/run).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "journeysim/core/error.hpp"
#include "journeysim/io/run_reader.hpp"
#include "test_paths.hpp"

using namespace journeysim;
using journeysim::test::source_path;

TEST_CASE("read_run reads summary, trajectories and replicates", "[run_reader]") {
  const RunResults run = read_run(source_path("tests/data/report/tiny/run"));
  const RunSummary& s = run.summary;
  CHECK(s.model == "journey.yaml");
  CHECK(!s.fixes);
  CHECK(s.replicates == 2);
  CHECK(s.horizon == 3);
  CHECK(s.segments.empty());
  CHECK(!s.precision);
  REQUIRE(s.scenarios.size() == 2);
  CHECK(s.baseline().metric("arr_end").mean == 78000);
  const ScenarioSummary* fix = s.find("setup-wizard");
  REQUIRE(fix);
  CHECK(fix->kind == "fix");
  CHECK(fix->owner == "Product");
  CHECK(fix->versus("npv").p05 == -50);
  CHECK(fix->prob_npv_positive == 0.5);
  CHECK(fix->prob_best == 1.0);
  CHECK_THROWS_AS(s.baseline().versus("npv"), ConfigError);

  const auto* paying = run.trajectories.find("baseline", "all", "paying");
  REQUIRE(paying);
  REQUIRE(paying->size() == 3);
  CHECK((*paying)[2].mean == 65);
  CHECK(run.trajectories.find("baseline", "smb", "paying") == nullptr);

  const auto npv = run.replicates.column("setup-wizard", "npv");
  CHECK(npv == std::vector<double>{-100, 900});
  const auto base_npv = run.replicates.column("baseline", "npv");
  REQUIRE(base_npv.size() == 2);
  CHECK(std::isnan(base_npv[0]));  // baseline rows leave vs-baseline fields empty
  CHECK(run.replicates.column("baseline", "no_such_column").empty());
}

TEST_CASE("locate_run_input finds the model relative to the run directory's parent", "[run_reader]") {
  const RunResults run = read_run(source_path("tests/data/report/tiny/run"));
  const std::string model = locate_run_input(run, run.summary.model, run.summary.model_abs, "model file");
  CHECK(std::filesystem::equivalent(model, source_path("tests/data/report/tiny/journey.yaml")));
  CHECK_THROWS_WITH(locate_run_input(run, "missing.yaml", "", "model file"),
                    Catch::Contains("cannot find the model file 'missing.yaml'"));
}

TEST_CASE("read_run reports a missing directory or summary plainly", "[run_reader]") {
  CHECK_THROWS_AS(read_run(source_path("tests/data/report/no-such-run")), ConfigError);
  CHECK_THROWS_WITH(read_run(source_path("tests/data/report/tiny")), Catch::Contains("has no summary.json"));
}

TEST_CASE("malformed summary.json is reported at its line and column", "[run_reader]") {
  try {
    parse_run_summary("{\n  \"model\": \"m.yaml\",\n  \"replicates\": ,\n}", "summary.json");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().file == "summary.json");
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 17);
  }
  CHECK_THROWS_WITH(parse_run_summary("{\"model\": \"m\", \"replicates\": 1, \"horizon\": 2, \"scenarios\": [{\"id\": \"x\", "
                                      "\"fixes\": [\"x\"]}]}",
                                      "s.json"),
                    Catch::Contains("no baseline scenario"));
}

TEST_CASE("a bad number in a CSV is reported at its line and column", "[run_reader]") {
  const auto dir = std::filesystem::temp_directory_path() / "journeysim-run-reader-test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(source_path("tests/data/report/tiny/run"), dir);
  {
    std::ofstream out(dir / "trajectories.csv");
    out << "scenario,segment,period,stage,mean,p05,p50,p95\nbaseline,all,0,trial,1x,1,1,1\n";
  }
  try {
    read_run(dir.string());
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 22);  // "baseline,all,0,trial," is 21 characters
    CHECK(std::string(e.what()) == "'1x' is not a number");
  }
  std::filesystem::remove_all(dir);
}
