// The reader's errors from text: what yaml-cpp really does with duplicate keys, located type
// errors, and files that are missing, directories or empty.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>

#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/source_file.hpp"
#include "test_paths.hpp"

using namespace journeysim;

namespace {

InputError parse_error(const std::string& text) {
  try {
    parse_journey(text, "t.yaml");
  } catch (const InputError& e) {
    return e;
  }
  FAIL("parse_journey accepted:\n" << text);
  return InputError("", {});
}

void check_error(const std::string& text, const std::string& message, int line, int column) {
  const InputError e = parse_error(text);
  CHECK(std::string(e.what()) == message);
  CHECK(e.where().file == "t.yaml");
  CHECK(e.where().line == line);
  CHECK(e.where().column == column);
}

const std::string head = "journey:\n  name: x\nstages:\n  - id: a\n  - id: b\n  - id: end\n    terminal: true\n";

}  // namespace

TEST_CASE("yaml-cpp keeps both copies of a duplicate key; the reader refuses them", "[reader]") {
  // The fact the reader guards against: yaml-cpp 0.7 neither rejects nor merges duplicates,
  // and node[key] silently returns the first, so `horizon: 24` below would be ignored.
  const YAML::Node node = YAML::Load("horizon: 36\nhorizon: 24\n");
  CHECK(node.size() == 2);
  CHECK(node["horizon"].as<int>() == 36);
  check_error("journey:\n  name: x\n  horizon: 36\n  horizon: 24\nstages:\n  - id: a\n",
              "duplicate key 'horizon' in the journey block (first given on line 3)", 4, 3);
  check_error(head + "transitions:\n  a: {b: 0.1, b: 0.2}\n",
              "duplicate key 'b' in the row of 'a' in transitions (first given on line 9)", 9, 15);
}

TEST_CASE("a minimal model reads with the documented defaults", "[reader]") {
  const Journey j = parse_journey("journey:\n  name: x\nstages:\n  - id: a\n", "t.yaml");
  CHECK(j.info.period == Period::month);
  CHECK(j.info.horizon == 36);
  CHECK(j.info.currency == "USD");
  CHECK(j.info.discount_rate_annual == 0.10);
  CHECK(j.info.gross_margin == 1.0);
  CHECK(j.stages[0].name == "a");
  CHECK(j.population.initial == std::vector<double>{0});
  CHECK(j.transitions.empty());
}

TEST_CASE("type errors are located at the value", "[reader]") {
  check_error(head + "transitions:\n  a: {b: lots}\n", "probability of a -> b must be a number, got 'lots'", 9, 10);
  check_error(head + "transitions:\n  a: [b, 0.1]\n",
              "the row of 'a' in transitions must be a map of key: value, got a list", 9, 6);
  check_error(head + "transitions:\n  a: {b: .NaN}\n",
              "probability of a -> b must be a finite number, got '.NaN'", 9, 10);
  check_error(head + "transitions:\n  a: {b: 1e999}\n", "probability of a -> b is out of range: '1e999'", 9, 10);
  check_error("journey:\n  name: x\n  horizon: 2.5\nstages:\n  - id: a\n",
              "horizon must be a whole number, got '2.5'", 3, 12);
  check_error("journey:\n  name: [x]\nstages:\n  - id: a\n",
              "'name' of the journey block must be text, got a list", 2, 9);
  check_error("journey:\n  name: x\nstages:\n  - id: a\n    terminal: maybe\n",
              "'terminal' of stage 'a' must be true or false, got 'maybe'", 5, 15);
}

TEST_CASE("references and ids", "[reader]") {
  check_error(head + "population:\n  initial: {aa: 3}\n",
              "unknown stage 'aa' in population.initial, did you mean 'a'?", 9, 13);
  check_error(head + "transitions:\n  a: {a: 0.1}\n",
              "the row of 'a' lists 'a' itself; the stay probability is what is left of the row, so leave it out",
              9, 7);
  check_error("journey:\n  name: x\nstages:\n  - id: Big Stage\n",
              "stage id 'Big Stage' must use only lowercase letters, digits, '_' and '-'", 4, 9);
  check_error("journey:\n  name: x\nstages:\n  - idd: a\n",
              "unknown key 'idd' in stage #1, did you mean 'id'?", 4, 5);
}

TEST_CASE("segments are read with their own population", "[reader]") {
  const Journey j = parse_journey(head +
                                      "segments:\n  - id: partners\n    population:\n"
                                      "      inflow: {a: 7}\n",
                                  "t.yaml");
  REQUIRE(j.segments.size() == 1);
  CHECK_FALSE(j.segments[0].share.has_value());
  CHECK(j.segments[0].inflow == std::vector<double>{7, 0, 0});
  CHECK_FALSE(j.segments[0].initial.has_value());
  check_error(head + "segments:\n  - id: partners\n    population:\n      inflow: {a: -7}\n",
              "inflow of stage 'a' in segment 'partners' must not be negative, got -7", 11, 19);
}

TEST_CASE("read_input_file: missing, directory, empty", "[source_file]") {
  const auto check_file_error = [](const std::string& path, const std::string& message) {
    try {
      read_yaml_file(path);
      FAIL("read_input_file accepted " << path);
    } catch (const InputError& e) {
      CHECK(std::string(e.what()) == message);
      CHECK(e.where().file == path);
      CHECK_FALSE(e.where().has_position());
    }
  };
  check_file_error(test::source_path("tests/no_such_file.yaml"), "no such file");
  check_file_error(test::source_path("tests"), "is a directory, not a file");
  check_file_error(test::source_path("tests/cli/errors/empty_file.yaml"), "the file is empty");
  const auto blank = std::filesystem::temp_directory_path() / "journeysim_blank_test.yaml";
  std::ofstream(blank) << "  \n\n\t\n";
  check_file_error(blank.string(), "the file is empty");
  std::filesystem::remove(blank);
}

TEST_CASE("source_line returns one line for the caret", "[source_file]") {
  const std::string path = test::source_path("scenarios/b2b-saas/journey.yaml");
  CHECK(source_line(path, 8) == "  horizon: 36");
  CHECK(source_line(path, 0).empty());
  CHECK(source_line(path, 100000).empty());
  CHECK(source_line("", 3).empty());
  // Not a regular file: never read for a caret (/dev/zero has no newline; a FIFO would block).
  CHECK(source_line("/dev/zero", 1).empty());
  const auto fifo = std::filesystem::temp_directory_path() / ("journeysim_fifo_" + std::to_string(::getpid()));
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(source_line(fifo.string(), 1).empty());  // returns at once: no writer is waited for
  std::filesystem::remove(fifo);
}

TEST_CASE("read_input_file refuses past its limit before reading the rest", "[source_file]") {
  try {
    read_input_file("/dev/zero", 1000, "test files");
    FAIL("accepted /dev/zero");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "the file is more than 1000 bytes; test files are limited to 1000 bytes");
  }
  const auto big = std::filesystem::temp_directory_path() / ("journeysim_big_" + std::to_string(::getpid()));
  std::ofstream(big) << std::string(1001, 'x');
  CHECK_THROWS_WITH(read_input_file(big.string(), 1000, "test files"),
                    "the file is 1001 bytes; test files are limited to 1000 bytes");
  CHECK(read_input_file(big.string(), 1001, "test files").size() == 1001);
  std::filesystem::remove(big);
}
