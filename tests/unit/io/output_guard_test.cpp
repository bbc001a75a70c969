// check_output_not_input and check_output_directory_target (issue #15 §1 items 3-4): cases
// that cannot be tried end to end without risk (the root directory).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "journeysim/core/error.hpp"
#include "journeysim/io/output_guard.hpp"

using namespace journeysim;
namespace fs = std::filesystem;

TEST_CASE("a directory output is never the root, nor holds the current directory or an input", "[output_guard]") {
  CHECK_THROWS_WITH(check_output_directory_target("/", {}), Catch::Contains("is the root directory"));
  CHECK_THROWS_WITH(check_output_directory_target("//", {}), Catch::Contains("is the root directory"));
  CHECK_THROWS_WITH(check_output_directory_target("/..", {}), Catch::Contains("is the root directory"));
  CHECK_THROWS_WITH(check_output_directory_target(".", {}), Catch::Contains("is the current directory"));
  CHECK_THROWS_WITH(check_output_directory_target("./", {}), Catch::Contains("is the current directory"));
  CHECK_THROWS_WITH(check_output_directory_target("..", {}), Catch::Contains("holds the current directory"));
  const fs::path dir = fs::temp_directory_path() / ("journeysim-guard-" + std::to_string(::getpid()));
  fs::create_directories(dir / "inputs");
  std::ofstream(dir / "inputs" / "m.yaml") << "x";
  CHECK_THROWS_WITH(check_output_directory_target((dir / "inputs").string(), {(dir / "inputs" / "m.yaml").string()}),
                    Catch::Contains("holds the input"));
  CHECK_THROWS_WITH(check_output_directory_target(dir.string(), {(dir / "inputs" / "m.yaml").string()}),
                    Catch::Contains("holds the input"));
  CHECK_NOTHROW(check_output_directory_target((dir / "run").string(), {(dir / "inputs" / "m.yaml").string()}));
  // "inputs-2" is not inside "inputs": components are compared, not characters.
  CHECK_NOTHROW(check_output_directory_target((dir / "inputs-2").string(), {(dir / "inputs" / "m.yaml").string()}));
  fs::remove_all(dir);
}

TEST_CASE("an output is never an input, under any name", "[output_guard]") {
  const fs::path dir = fs::temp_directory_path() / ("journeysim-guard-file-" + std::to_string(::getpid()));
  fs::create_directories(dir / "sub");
  const std::string input = (dir / "in.csv").string();
  std::ofstream(input) << "x";
  fs::create_symlink(input, dir / "link.csv");
  fs::create_hard_link(input, dir / "hard.csv");
  for (const fs::path& out : {fs::path(input), dir / "link.csv", dir / "hard.csv", dir / "sub" / ".." / "in.csv"})
    CHECK_THROWS_WITH(check_output_not_input(out.string(), {"", input}), Catch::Contains("would destroy the input"));
  CHECK_NOTHROW(check_output_not_input((dir / "out.csv").string(), {input}));
  fs::remove_all(dir);
}
