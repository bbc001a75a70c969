#pragma once
/// \file Opening and reading input files, with errors that name the file. The one place an
/// input is opened: every reader (YAML, event log, run directory) goes through InputFile.
#include <sys/stat.h>

#include <cstddef>
#include <string>

namespace journeysim {

/// An input file open for reading (closed when destroyed).
class InputFile {
 public:
  /// Opens `path`. InputError for the file as a whole when it does not exist, is a directory or
  /// cannot be opened. With `regular_only` (the files of a run directory) a symbolic link or
  /// anything but a regular file is refused too, so a crafted directory cannot point a reader
  /// at a file outside it.
  InputFile(const std::string& path, bool regular_only = false);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  /// Up to `capacity` bytes into `buffer`; 0 at the end. InputError on a read error.
  std::size_t read(char* buffer, std::size_t capacity);
  /// Back to the first byte (regular files only); false when that fails.
  bool rewind();
  /// Whether it is a regular file, whose size and identity fstat knows.
  bool regular() const { return S_ISREG(status_.st_mode); }
  /// fstat of the open file, taken when it was opened.
  const struct stat& status() const { return status_; }
  /// fstat now (e.g. to notice a change between passes); false on failure.
  bool status_now(struct stat& out) const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  struct stat status_ {};
};

/// The whole content of an input file, never more than `max_bytes`: a regular file's size is
/// checked before reading, anything else (a pipe, /dev/zero, a terminal) is read up to
/// max_bytes + 1 bytes and refused past the limit. `kind` names such files in the message
/// ("model and fixes files"). InputError when it does not exist, is a directory, cannot be
/// read, is too big, or is empty; `regular_only` as for InputFile.
std::string read_input_file(const std::string& path, std::size_t max_bytes, const std::string& kind,
                            bool regular_only = false);

/// A model or fixes file's text, within limits::yaml_file_bytes (read_input_file).
std::string read_yaml_file(const std::string& path, bool regular_only = false);

/// Line `line` (1-based) of a file, without its newline; "" when unavailable. For carets. Only
/// a regular file is opened (without blocking: a FIFO is never opened twice) and at most
/// `max_scan_bytes` bytes are scanned.
std::string source_line(const std::string& path, int line, std::size_t max_scan_bytes = std::size_t{1} << 30);

}  // namespace journeysim
