// remove_pending_temporary_files() as the interruption handler uses it: called while an
// output directory is being written, it removes the temporary directory, leaves the earlier
// output untouched and stops every later write. It closes the writer for good, so each case
// runs in a forked child and reports through its exit code.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "journeysim/core/error.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/io/run_directory.hpp"

using namespace journeysim;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs `body` in a child process; its return value is the child's exit code.
int in_child(const std::function<int()>& body) {
  const pid_t pid = fork();
  if (pid == 0) _exit(body());
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

struct TemporaryDirectory {
  fs::path path = fs::temp_directory_path() / ("journeysim-cleanup-" + std::to_string(::getpid()));
  TemporaryDirectory() { fs::create_directories(path); }
  ~TemporaryDirectory() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("cleanup during a directory write keeps the earlier output and stops the write", "[report]") {
  TemporaryDirectory tmp;
  const fs::path out = tmp.path / "result";
  fs::create_directories(out);
  std::ofstream(out / "summary.json") << "earlier";
  std::ofstream(out / run_files::marker) << run_files::marker_text;  // an earlier run: --force may replace it
  const int code = in_child([&] {
    std::promise<void> written, cleaned;
    auto writer = std::async(std::launch::async, [&] {
      try {
        write_directory_atomically(check_output_directory(out.string(), true, {}), [&](const std::string& temporary) {
          write_file_atomically(temporary + "/summary.json", "new");
          written.set_value();
          cleaned.get_future().wait();  // the "signal" arrives here, mid-write
        });
      } catch (const ConfigError&) {
        return 0;  // refused to commit: expected
      }
      return 1;  // committed after the cleanup
    });
    written.get_future().wait();
    remove_pending_temporary_files();
    cleaned.set_value();
    if (writer.get() != 0) return 1;
    // Later writes are refused too, without creating anything.
    try {
      write_file_atomically((tmp.path / "late.txt").string(), "late");
      return 2;
    } catch (const ConfigError&) {
    }
    return 0;
  });
  CHECK(code == 0);
  CHECK(read(out / "summary.json") == "earlier");
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(tmp.path)) left.push_back(entry.path().filename().string());
  CHECK(left == std::vector<std::string>{"result"});
}

TEST_CASE("cleanup removes an unfinished single file and keeps the earlier one", "[report]") {
  TemporaryDirectory tmp;
  const fs::path file = tmp.path / "report.html";
  std::ofstream(file) << "earlier";
  const int code = in_child([&] {
    std::promise<void> started, cleaned;
    auto writer = std::async(std::launch::async, [&] {
      try {
        write_file_atomically(file.string(), [&](std::ostream& stream) {
          stream << "half";
          started.set_value();
          cleaned.get_future().wait();
        });
      } catch (const ConfigError&) {
        return 0;
      }
      return 1;
    });
    started.get_future().wait();
    remove_pending_temporary_files();
    cleaned.set_value();
    return writer.get();
  });
  CHECK(code == 0);
  CHECK(read(file) == "earlier");
  CHECK(std::distance(fs::directory_iterator(tmp.path), fs::directory_iterator{}) == 1);
}
