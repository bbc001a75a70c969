// Reading a simulate output directory (hand-written fixture under tests/data/report/tiny/run).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

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
  CHECK(fix->versus("npv").low == -50);
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

TEST_CASE("read_run reads the run's own copy of the model, checked against its hash", "[run_reader]") {
  const RunResults run = read_run(source_path("tests/data/report/tiny/run"));
  std::ifstream in(source_path("tests/data/report/tiny/journey.yaml"), std::ios::binary);
  const std::string original((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(run.model_text == original);
  CHECK(run.model_path == source_path("tests/data/report/tiny/run") + "/model.yaml");
  CHECK(run.fixes_path.empty());

  const auto dir = std::filesystem::temp_directory_path() / "journeysim-run-reader-copy-test";
  std::filesystem::remove_all(dir);
  std::filesystem::copy(source_path("tests/data/report/tiny/run"), dir);
  std::ofstream(dir / "model.yaml", std::ios::app) << "# edited after the run\n";
  CHECK_THROWS_WITH(read_run(dir.string()), Catch::Contains("is not the one the run used"));
  std::filesystem::remove(dir / "model.yaml");
  std::filesystem::create_symlink(source_path("tests/data/report/tiny/journey.yaml"), dir / "model.yaml");
  CHECK_THROWS_WITH(read_run(dir.string()), Catch::Contains("is a symbolic link"));
  std::filesystem::remove_all(dir);
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
  CHECK_THROWS_WITH(parse_run_summary("{\"model\": \"m\", \"model_sha256\": \"" + std::string(64, 'a') + "\", \"replicates\": 1, \"horizon\": 2, \"scenarios\": [{\"id\": \"x\", "
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

namespace {

/// summary.json text of a one-scenario run with `field` set to `value` (raw JSON).
std::string summary_with(const std::string& field, const std::string& value) {
  std::map<std::string, std::string> fields{{"model", "\"m.yaml\""}, {"model_sha256", "\"" + std::string(64, 'a') + "\""},
                                            {"replicates", "2"}, {"horizon", "3"}, {"segments", "[]"},
                                            {"scenarios", "[{\"id\": \"baseline\", \"kind\": \"baseline\"}]"}};
  fields[field] = value;
  std::string text = "{";
  for (const auto& [k, v] : fields) text += (text.size() > 1 ? ",\n  \"" : "\n  \"") + k + "\": " + v;
  return text + "\n}";
}

void check_summary_error(const std::string& text, const std::string& message, int line, int column) {
  try {
    parse_run_summary(text, "s.json");
    FAIL("accepted: " << text);
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == message);
    CHECK(e.where().line == line);
    CHECK(e.where().column == column);
  }
}

}  // namespace

TEST_CASE("summary.json fields are checked like any input, at their line and column", "[run_reader]") {
  // Keys print in order: horizon is line 2, model 3, model_sha256 4, replicates 5, scenarios 6, segments 7.
  CHECK(parse_run_summary(summary_with("horizon", "3"), "s.json").horizon == 3);
  check_summary_error(summary_with("horizon", "-1"), "horizon must be a whole number from 1 to 100000, got -1", 2, 14);
  check_summary_error(summary_with("horizon", "2147483648"),
                      "horizon must be a whole number from 1 to 100000, got 2147483648", 2, 14);
  check_summary_error(summary_with("horizon", "1e9"), "horizon must be a whole number from 1 to 100000, got 1e9", 2, 14);
  check_summary_error(summary_with("horizon", "2.5"), "horizon must be a whole number from 1 to 100000, got 2.5", 2, 14);
  check_summary_error(summary_with("replicates", "0"), "replicates must be a whole number from 1 to 100000000, got 0", 5,
                      17);
  check_summary_error(summary_with("replicates", "\"2\""),
                      "replicates must be a whole number from 1 to 100000000, got \"2\"", 5, 17);
  check_summary_error(summary_with("model_sha256", "\"abc\""),
                      "model_sha256 must be a SHA-256 digest (64 lowercase hex digits)", 4, 19);
  check_summary_error(summary_with("scenarios", "[{\"id\": \"baseline\"}, {\"id\": \"baseline\", \"kind\": \"fix\"}]"),
                      "scenario id \"baseline\" appears twice", 6, 44);
  check_summary_error(summary_with("scenarios", "[{\"id\": \"baseline\"}, {\"id\": \"b\", \"kind\": \"baseline\"}]"),
                      "a second baseline scenario; a run has exactly one", 6, 37);
  check_summary_error(summary_with("scenarios", "[{\"id\": \"baseline\", \"kind\": \"other\"}]"),
                      "scenarios[0].kind must be one of baseline, fix, portfolio, got \"other\"", 6, 44);
  check_summary_error(summary_with("segments", "[\"smb\", \"smb\"]"), "segments lists \"smb\" twice", 7, 23);
  check_summary_error("{\"horizon\": 3,\n \"horizon\": 4}", "the key \"horizon\" appears twice in this object", 2, 2);
  check_summary_error(std::string(100, '[') + std::string(100, ']'), "nested more than 16 levels deep; summary.json has 5",
                      1, 17);
}

TEST_CASE("read_run cross-checks the CSVs against summary.json", "[run_reader]") {
  const auto dir = std::filesystem::temp_directory_path() / "journeysim-run-reader-cross-test";
  const auto expect_error = [&](const std::string& file, const std::string& content, const std::string& message) {
    std::filesystem::remove_all(dir);
    std::filesystem::copy(source_path("tests/data/report/tiny/run"), dir);
    std::ofstream(dir / file, std::ios::binary) << content;
    CHECK_THROWS_WITH(read_run(dir.string()), Catch::Contains(message));
  };
  const std::string header = "scenario,segment,period,stage,mean,p05,p50,p95\n";
  expect_error("trajectories.csv", header + "baseline,all,5,trial,1,1,1,1\n", "period must be a whole number from 0 to 2");
  expect_error("trajectories.csv", header + "other,all,0,trial,1,1,1,1\n", "scenario 'other' is not in summary.json");
  expect_error("trajectories.csv", header + "baseline,smb,0,trial,1,1,1,1\n", "segment 'smb' is not in summary.json");
  expect_error("trajectories.csv", header + "baseline,all,0,trial,1,1,1,1\nbaseline,all,0,trial,1,1,1,1\n",
               "expected period 1");
  expect_error("trajectories.csv", header + "baseline,all,0,trial,1,1,1,1\n", "has 1 periods; summary.json's horizon is 3");
  const std::string rows = "replicate,scenario,segment,npv\n";
  expect_error("replicates.csv", rows + "0,baseline,all,1\n0,baseline,all,1\n", "a duplicate, or out of order");
  expect_error("replicates.csv", rows + "2,baseline,all,1\n", "replicate must be a whole number from 0 to 1");
  expect_error("replicates.csv", rows + "0,baseline,all,1\n1,baseline,all,1\n0,setup-wizard,all,1\n",
               "scenario 'setup-wizard', segment 'all' has 1 rows; summary.json's replicates is 2");
  std::filesystem::remove_all(dir);
}

TEST_CASE("summary.json's quantile levels name the interval read", "[run_reader]") {
  // The fuzz seed with levels 0.025 … 0.975: the interval is p2.5 to p97.5 (in the seed, p2.5
  // holds the old p05 values and p97.5 the medians).
  std::ifstream in(source_path("fuzz/corpus/fuzz_run_summary/levels.json"));
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const RunSummary s = parse_run_summary(text, "levels.json");
  CHECK(s.quantiles == std::vector<double>{0.025, 0.1, 0.5, 0.9, 0.975});
  CHECK(s.terminal_value);
  const MetricSummary& npv = s.find("setup-wizard")->versus("npv");
  CHECK(npv.low == -50);
  CHECK(npv.high == npv.p50);
  // Levels that are not ascending, or lack the median, are refused at the key.
  std::string unsorted = text;
  unsorted.replace(unsorted.find("0.025"), 5, "0.975");
  CHECK_THROWS_WITH(parse_run_summary(unsorted, "levels.json"), Catch::Contains("ascending"));
}

TEST_CASE("a number beyond a double in summary.json is an input error at its place", "[run_reader]") {
  // Found by fuzz_run_summary: nlohmann's out_of_range escaped parse_run_summary (exit 1).
  const std::string text = "{\n  \"horizon\": 1e400\n}\n";
  try {
    (void)parse_run_summary(text, "summary.json");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("the number 1e400 is out of the range of a double") != std::string::npos);
    CHECK(e.where().line == 2);
    CHECK(e.where().column == 14);
  }
}
