#include "journeysim/io/output_guard.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

#include "journeysim/core/error.hpp"

namespace journeysim {
namespace {

namespace fs = std::filesystem;

/// The path with every symbolic link of its existing part resolved, absolute and normal.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) out = fs::absolute(path, ec).lexically_normal();
  return out;
}

bool same_inode(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

/// Whether `ancestor` is `path` or one of its parent directories (by whole components).
bool contains(const fs::path& ancestor, const fs::path& path) {
  auto a = ancestor.begin(), p = path.begin();
  for (; a != ancestor.end(); ++a, ++p) {
    if (a->empty()) continue;  // a trailing separator
    if (p == path.end() || *a != *p) return false;
  }
  return true;
}

}  // namespace

void check_output_not_input(const std::string& output, const std::vector<std::string>& inputs,
                            const std::string& option) {
  const fs::path out = resolved(output);
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    if (resolved(input) == out || same_inode(output, input))
      throw ConfigError(option + " " + output + " is the input " + input +
                        (output == input ? "" : " (the same file under another name)") +
                        "; writing it would destroy the input: choose another " + option);
  }
}

void check_output_directory_target(const std::string& directory, const std::vector<std::string>& inputs) {
  const fs::path dir = resolved(directory);
  std::error_code ec;
  const std::string refused = "--out " + directory + " ";
  if (dir == dir.root_path()) throw ConfigError(refused + "is the root directory; choose a new directory for the run");
  if (const char* home = std::getenv("HOME"); home && *home && resolved(home) == dir)
    throw ConfigError(refused + "is the home directory; choose a new directory for the run");
  const fs::path here = resolved(fs::current_path(ec).string());
  if (!ec && contains(dir, here))
    throw ConfigError(refused + (dir == here ? "is the current directory" : "holds the current directory") +
                      "; choose a new directory for the run");
  for (const auto& input : inputs) {
    if (input.empty()) continue;
    if (contains(dir, resolved(input)) || same_inode(directory, input))
      throw ConfigError(refused + (resolved(input) == dir ? "is" : "holds") + " the input " + input +
                        "; replacing it would destroy the input: choose another --out");
  }
}

}  // namespace journeysim
