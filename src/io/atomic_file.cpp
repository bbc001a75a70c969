#include "journeysim/io/atomic_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "journeysim/core/error.hpp"

namespace journeysim {
namespace {

// Guards the list of temporary paths and every rename that commits one, so that the
// interruption cleanup sees either the old output or the new one, never a half-renamed state.
std::mutex pending_mutex;
std::vector<std::string>& pending() {
  static std::vector<std::string> files;
  return files;
}
// Set by remove_pending_temporary_files(): the process is about to exit, so no writer may
// create a temporary file or commit one after the cleanup (checked under pending_mutex).
bool closed = false;

void check_open(const std::string& path) {
  if (closed) throw ConfigError("interrupted before " + path + " was written");
}

void remember(const std::string& temporary, const std::string& path) {
  std::lock_guard<std::mutex> lock(pending_mutex);
  check_open(path);
  pending().push_back(temporary);
}

std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

/// Call with pending_mutex held.
void forget_locked(const std::string& temporary) {
  auto& files = pending();
  files.erase(std::remove(files.begin(), files.end(), temporary), files.end());
}

void forget(const std::string& temporary) {
  std::lock_guard<std::mutex> lock(pending_mutex);
  forget_locked(temporary);
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string temporary = temporary_name(path);
  remember(temporary, path);
  try {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
    write(out);
    out.flush();
    if (!out) throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
    out.close();
    std::lock_guard<std::mutex> lock(pending_mutex);
    check_open(path);
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw ConfigError("cannot write " + path + ": " + ec.message());
    forget_locked(temporary);
  } catch (...) {
    std::remove(temporary.c_str());
    forget(temporary);
    throw;
  }
}

void write_file_atomically(const std::string& path, const std::string& content) {
  write_file_atomically(path, [&](std::ostream& out) { out << content; });
}

void remove_pending_temporary_files() {
  std::lock_guard<std::mutex> lock(pending_mutex);
  closed = true;
  for (const auto& file : pending()) {
    std::error_code ec;
    std::filesystem::remove_all(file, ec);
  }
  pending().clear();
}

}  // namespace journeysim

namespace journeysim {

void check_output_directory(const std::string& directory, bool force) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(directory, ec)) return;
  if (!fs::is_directory(directory, ec)) throw ConfigError("--out " + directory + " exists and is not a directory");
  if (!force && !fs::is_empty(directory, ec))
    throw ConfigError("--out " + directory + " is not empty; choose another directory or pass --force to replace it");
}

void write_directory_atomically(const std::string& directory, bool force,
                                const std::function<void(const std::string& temporary)>& write) {
  namespace fs = std::filesystem;
  check_output_directory(directory, force);
  const fs::path target = fs::path(directory).lexically_normal();
  const std::string base = (target.filename().empty() ? target.parent_path() : target).string();
  const std::string temporary = temporary_name(base);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  remember(temporary, base);  // before creating it: a cleanup may run at any moment
  try {
    if (!fs::create_directory(temporary, ec))
      throw ConfigError("cannot create " + temporary + ": " + (ec ? ec.message() : std::string("already exists")));
    write(temporary);
    // The swap runs under the lock: an interruption sees the old directory or the new one.
    std::lock_guard<std::mutex> lock(pending_mutex);
    check_open(base);
    const std::string old = temporary_name(base + ".old");
    const bool replacing = fs::exists(base, ec);
    if (replacing) fs::rename(base, old);
    fs::rename(temporary, base, ec);
    if (ec) {
      if (replacing) fs::rename(old, base);
      throw ConfigError("cannot write " + base + ": " + ec.message());
    }
    if (replacing) fs::remove_all(old, ec);
    forget_locked(temporary);
  } catch (...) {
    fs::remove_all(temporary, ec);
    forget(temporary);
    throw;
  }
}

}  // namespace journeysim
