#include "journeysim/io/source_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <vector>

#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"
#include "text_check.hpp"

namespace journeysim {

InputFile::InputFile(const std::string& path, bool regular_only) : path_(path) {
  const SourceLocation where{path, 0, 0};
  int flags = O_RDONLY | O_CLOEXEC;
  if (regular_only) flags |= O_NOFOLLOW | O_NONBLOCK;  // a FIFO must not block us before fstat refuses it
  do fd_ = ::open(path.c_str(), flags);
  while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) {
    const int error = errno;
    if (error == ENOENT || error == ENOTDIR) throw InputError("no such file", where);
    if (error == ELOOP && regular_only)
      throw InputError("is a symbolic link; the files of a run directory must be its own regular files", where);
    if (error == EISDIR) throw InputError("is a directory, not a file", where);
    throw InputError(std::string("cannot be read: ") + std::strerror(error), where);
  }
  if (::fstat(fd_, &status_) != 0) {
    const int error = errno;
    ::close(fd_);
    throw InputError(std::string("cannot be read: ") + std::strerror(error), where);
  }
  if (S_ISDIR(status_.st_mode)) {
    ::close(fd_);
    throw InputError("is a directory, not a file", where);
  }
  if (regular_only && !S_ISREG(status_.st_mode)) {
    ::close(fd_);
    throw InputError("is not a regular file; the files of a run directory must be regular files", where);
  }
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::size_t InputFile::read(char* buffer, std::size_t capacity) {
  while (true) {
    const ssize_t got = ::read(fd_, buffer, capacity);
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) throw InputError(std::string("read error: ") + std::strerror(errno), SourceLocation{path_, 0, 0});
  }
}

bool InputFile::rewind() { return regular() && ::lseek(fd_, 0, SEEK_SET) == 0; }

bool InputFile::status_now(struct stat& out) const { return ::fstat(fd_, &out) == 0; }

std::string read_input_file(const std::string& path, std::size_t max_bytes, const std::string& kind,
                            bool regular_only) {
  const SourceLocation where{path, 0, 0};
  InputFile in(path, regular_only);
  auto too_big = [&](const std::string& size) {
    return InputError("the file is " + size + " bytes; " + kind + " are limited to " + std::to_string(max_bytes) +
                          " bytes",
                      where);
  };
  // A regular file says its size: refused before reading a byte (a 1.5 GB file used to be read
  // whole before the size check).
  if (in.regular() && static_cast<std::uint64_t>(in.status().st_size) > max_bytes)
    throw too_big(std::to_string(in.status().st_size));
  // Anything else, and a file that grows while read, is read up to one byte past the limit.
  std::string text;
  std::vector<char> buffer(64 * 1024);
  while (true) {
    const std::size_t room = std::min(buffer.size(), max_bytes + 1 - text.size());
    const std::size_t got = in.read(buffer.data(), room);
    if (got == 0) break;
    text.append(buffer.data(), got);
    if (text.size() > max_bytes) throw too_big("more than " + std::to_string(max_bytes));
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError("the file is empty", where);
  return text;
}

std::string read_yaml_file(const std::string& path, bool regular_only) {
  return read_input_file(path, limits::yaml_file_bytes, "model and fixes files", regular_only);
}

std::string source_line(const std::string& path, int line, std::size_t max_scan_bytes) {
  if (line <= 0 || path.empty()) return {};
  // O_NONBLOCK: opening a FIFO (an event log piped in) again would wait for a writer forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return {};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {  // /dev/zero, a pipe, a terminal: no caret
    ::close(fd);
    return {};
  }
  constexpr std::size_t shown = 500;
  std::string text;
  int at = 1;
  std::size_t scanned = 0;
  bool done = false;
  char buffer[64 * 1024];
  while (!done && scanned < max_scan_bytes) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    scanned += static_cast<std::size_t>(got);
    for (ssize_t i = 0; i < got; ++i) {
      const char c = buffer[i];
      if (at == line) {
        if (c == '\n') {
          done = true;
          break;
        }
        if (text.size() < shown + 1) text += c;
      } else if (c == '\n') {
        ++at;
      }
    }
  }
  ::close(fd);
  if (at != line) return {};
  if (!text.empty() && text.back() == '\r') text.pop_back();
  // Very long lines (minified or binary input) are cut so a caret stays readable, and bytes a
  // terminal cannot show (binary junk, Latin-1) print as '?'.
  return text::printable(text.size() > shown ? text.substr(0, shown) : text);
}

}  // namespace journeysim
