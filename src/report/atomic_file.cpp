#include "journeysim/report/atomic_file.hpp"

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

std::mutex pending_mutex;
std::vector<std::string>& pending() {
  static std::vector<std::string> files;
  return files;
}

std::string temporary_name(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void forget(const std::string& temporary) {
  std::lock_guard<std::mutex> lock(pending_mutex);
  auto& files = pending();
  files.erase(std::remove(files.begin(), files.end(), temporary), files.end());
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write) {
  const std::string temporary = temporary_name(path);
  {
    std::lock_guard<std::mutex> lock(pending_mutex);
    pending().push_back(temporary);
  }
  try {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
    write(out);
    out.flush();
    if (!out) throw ConfigError("cannot write " + path + ": " + std::strerror(errno));
    out.close();
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw ConfigError("cannot write " + path + ": " + ec.message());
  } catch (...) {
    std::remove(temporary.c_str());
    forget(temporary);
    throw;
  }
  forget(temporary);
}

void write_file_atomically(const std::string& path, const std::string& content) {
  write_file_atomically(path, [&](std::ostream& out) { out << content; });
}

void remove_pending_temporary_files() {
  std::lock_guard<std::mutex> lock(pending_mutex);
  for (const auto& file : pending()) std::remove(file.c_str());
  pending().clear();
}

}  // namespace journeysim
