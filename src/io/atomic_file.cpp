#include "journeysim/io/atomic_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <limits>
#include <random>
#include <regex>

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
#include "journeysim/io/output_guard.hpp"
#include "journeysim/io/run_directory.hpp"

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

namespace {

namespace fs = std::filesystem;

/// Whether `directory` holds journeysim's run marker as a regular file of its own.
bool has_run_marker(const fs::path& directory) {
  struct stat st {};
  return ::lstat((directory / run_files::marker).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

/// The first entry of a run directory that no journeysim command writes ("" when none): what
/// --force would delete although journeysim did not create it.
std::string foreign_entry(const fs::path& directory) {
  std::error_code ec;
  for (fs::directory_iterator it(directory, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    bool ours = false;
    for (const char* written : run_files::written) ours = ours || name == written;
    struct stat st {};
    // Ours only as a regular file: a directory or link of that name was put there by hand.
    if (!ours || ::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return name;
  }
  return "";
}

ConfigError foreign_entry_error(const std::string& directory, const std::string& entry) {
  return ConfigError("--out " + directory + " holds '" + entry + "', which no journeysim command writes; --force "
                     "replaces a run directory only when it holds nothing else (it never deletes what it did not "
                     "create): move '" + entry + "' out, or choose another --out");
}

/// The directory `path` names, without a trailing separator ("run/" → "run"). Not lexically
/// normalised: "link/../x" is not "x" when link is a symbolic link, and the kernel's reading is
/// the one the renames get.
fs::path without_trailing_separator(const std::string& path) {
  fs::path target(path);
  while (target.filename().empty() && target.has_parent_path() && target != target.root_path())
    target = target.parent_path();
  return target;
}

/// Holds an exclusive flock on a directory (the output's parent) while a run is committed, so
/// that journeysim processes writing into the same parent commit one at a time: the check of
/// what is at the target and the rename that replaces it cannot interleave.
class DirectoryLock {
 public:
  explicit DirectoryLock(const fs::path& directory) {
    fd_ = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) throw ConfigError("cannot open " + directory.string() + ": " + std::strerror(errno));
    while (::flock(fd_, LOCK_EX) != 0)
      if (errno != EINTR) {
        const int error = errno;
        ::close(fd_);
        throw ConfigError("cannot lock " + directory.string() + ": " + std::strerror(error));
      }
  }
  ~DirectoryLock() { ::close(fd_); }  // closing releases the lock
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

/// rename(2) that fails with EEXIST instead of replacing: Linux's renameat2(RENAME_NOREPLACE).
/// On a file system without it (EINVAL) the flock held by the caller still keeps journeysim
/// processes apart, so a checked plain rename is used.
bool rename_no_replace(const fs::path& from, const fs::path& to, std::error_code& ec) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EINVAL) {
    if (fs::exists(fs::symlink_status(to, ec))) {
      ec = std::make_error_code(std::errc::file_exists);
      return false;
    }
    fs::rename(from, to, ec);
    return !ec;
  }
  ec = std::error_code(errno, std::generic_category());
  return false;
}

DirectoryIdentity identity_of(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};
  DirectoryIdentity id{true, st.st_dev, st.st_ino, {}};
  const int fd = ::open((path / run_files::marker).c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0) {
    char buffer[4096];
    struct stat marker {};
    if (::fstat(fd, &marker) == 0 && S_ISREG(marker.st_mode)) {
      const ssize_t got = ::read(fd, buffer, sizeof buffer);
      if (got > 0) id.marker.assign(buffer, static_cast<std::size_t>(got));
    }
    ::close(fd);
  }
  return id;
}

/// The marker's text for a new run: the fixed first line, then an id no other run has.
std::string new_marker_text() {
  std::random_device random;
  char id[64];
  std::snprintf(id, sizeof id, "id: %08x%08x%08x-%lld\n", random(), random(), random(), static_cast<long long>(::getpid()));
  return std::string(run_files::marker_text) + id;
}

bool process_alive(long long pid) {
  if (pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return false;
  return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH;
}

/// Removes temporary run directories that a killed journeysim left in `parent` (SIGKILL runs no
/// cleanup): only names of the exact pattern NAME.tmp-PID-N, only directories (not links)
/// holding journeysim's run marker, and only when process PID no longer exists.
void remove_stale_temporaries(const fs::path& parent) {
  static const std::regex pattern(R"(^.+\.tmp-([0-9]{1,10})-[0-9]{1,10}$)");
  std::error_code ec;
  for (fs::directory_iterator it(parent.empty() ? fs::path(".") : parent, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    std::smatch match;
    if (!std::regex_match(name, match, pattern)) continue;
    const long long pid = std::stoll(match[1].str());
    if (pid == ::getpid() || process_alive(pid)) continue;
    struct stat st {};
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISDIR(st.st_mode) || !has_run_marker(it->path())) continue;
    std::error_code ignored;
    fs::remove_all(it->path(), ignored);
  }
}

}  // namespace

bool DirectoryIdentity::operator==(const DirectoryIdentity& o) const {
  return exists == o.exists && (!exists || (device == o.device && inode == o.inode && marker == o.marker));
}

OutputDirectory check_output_directory(const std::string& directory, bool force, const std::vector<std::string>& inputs) {
  std::error_code ec;
  check_output_directory_target(directory, inputs);
  const OutputDirectory claim{directory, force, inputs, identity_of(without_trailing_separator(directory))};
  const auto status = fs::symlink_status(directory, ec);
  if (!fs::exists(status)) return claim;
  if (fs::is_symlink(status))
    throw ConfigError("--out " + directory + " is a symbolic link; give the directory itself");
  if (!fs::is_directory(status)) throw ConfigError("--out " + directory + " exists and is not a directory");
  if (fs::is_empty(directory, ec)) return claim;
  if (!force)
    throw ConfigError("--out " + directory + " is not empty; choose another directory or pass --force to replace it");
  if (!has_run_marker(directory))
    throw ConfigError("--out " + directory + " is not the output of an earlier `journeysim simulate` (it has no " +
                      run_files::marker + "); --force replaces only such a directory: choose another --out");
  if (const std::string entry = foreign_entry(directory); !entry.empty()) throw foreign_entry_error(directory, entry);
  return claim;
}

void write_directory_atomically(const OutputDirectory& claim,
                                const std::function<void(const std::string& temporary)>& write) {
  const std::string& directory = claim.directory;
  const bool force = claim.force;
  // The claim may be old (simulate takes it before a long run): what changed since is caught
  // at the commit below, by the identity.
  check_output_directory_target(directory, claim.inputs);
  const fs::path target = without_trailing_separator(directory);
  const std::string base = target.string();
  const fs::path parent = target.parent_path();
  std::error_code ec;
  if (!parent.empty()) fs::create_directories(parent, ec);
  {
    const DirectoryLock lock(parent);
    remove_stale_temporaries(parent);
  }
  // What was at the target when the command started is what this run may replace; anything
  // else by commit time means another process wrote there meanwhile, and this run replaces
  // nothing.
  const DirectoryIdentity& before = claim.before;
  const std::string temporary = temporary_name(base);
  remember(temporary, base);  // before creating it: a cleanup may run at any moment
  try {
    if (!fs::create_directory(temporary, ec))
      throw ConfigError("cannot create " + temporary + ": " + (ec ? ec.message() : std::string("already exists")));
    // The marker first: a temporary directory left by a killed run is recognised by it.
    write_file_atomically((fs::path(temporary) / run_files::marker).string(), new_marker_text());
    write(temporary);
    const DirectoryLock lock(parent);
    // The swap runs under the lock: an interruption sees the old directory or the new one.
    std::lock_guard<std::mutex> guard(pending_mutex);
    check_open(base);
    const auto concurrent = [&] {
      return ConfigError("--out " + directory + " was " + (before.exists ? "replaced" : "created") +
                         " by another process while this run was writing (a second run into the same --out?); "
                         "this run's results were not written");
    };
    if (!(identity_of(target) == before)) throw concurrent();
    std::string old;
    if (before.exists) {
      if (fs::is_empty(target, ec) && !ec) {
        if (::rmdir(base.c_str()) != 0) throw concurrent();  // fails if something appeared in it
      } else {
        if (!force || !has_run_marker(target)) throw concurrent();
        if (const std::string entry = foreign_entry(target); !entry.empty()) throw foreign_entry_error(directory, entry);
        old = temporary_name(base + ".old");
        fs::rename(target, old, ec);
        if (ec) throw ConfigError("cannot replace " + base + ": " + ec.message());
      }
    }
    if (!rename_no_replace(temporary, target, ec)) {
      if (!old.empty()) fs::rename(old, target, ec);
      if (ec == std::errc::file_exists || ec == std::errc::directory_not_empty) throw concurrent();
      throw ConfigError("cannot write " + base + ": " + ec.message());
    }
    if (!old.empty()) fs::remove_all(old, ec);
    forget_locked(temporary);
  } catch (...) {
    fs::remove_all(temporary, ec);
    forget(temporary);
    throw;
  }
}

}  // namespace journeysim
