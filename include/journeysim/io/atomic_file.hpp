#pragma once
/// \file Writing outputs so that no half-written file ever exists: write a temporary file
/// next to the target, flush, then rename over it.
#include <sys/types.h>

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace journeysim {

/// Writes `content` to `path` atomically. ConfigError when the directory is not writable.
void write_file_atomically(const std::string& path, const std::string& content);

/// Streams into a temporary file beside `path`, renamed over `path` only when `write` returns;
/// if `write` throws, the temporary file is removed and `path` is left as it was.
void write_file_atomically(const std::string& path, const std::function<void(std::ostream&)>& write);

/// Removes every temporary file or directory this process is writing, for cleanup on
/// SIGINT/SIGTERM, and closes the writer: any later write_*_atomically in this process throws
/// ConfigError without touching the file system, so nothing appears between the cleanup and
/// the exit. Renames that commit an output hold the same lock, so an interruption leaves the
/// earlier output or the complete new one. Call from a normal thread (it takes a mutex), e.g.
/// one that waits for signals with sigwait, never from an asynchronous signal handler.
void remove_pending_temporary_files();

}  // namespace journeysim

namespace journeysim {

/// What is at a directory path: device, inode and the run marker's text, which holds an id
/// unique to each run (inode numbers of removed directories are reused at once on some file
/// systems, so an inode alone would not notice a replacement).
struct DirectoryIdentity {
  bool exists = false;
  dev_t device = 0;
  ino_t inode = 0;
  std::string marker;
  bool operator==(const DirectoryIdentity& other) const;
};

/// A directory output as it was when a command checked it (check_output_directory): the run
/// may replace exactly that, and nothing another process put there later.
struct OutputDirectory {
  std::string directory;
  bool force = false;
  std::vector<std::string> inputs;  ///< the command's inputs, never inside the output
  DirectoryIdentity before;
};

/// Checks that `directory` may receive a run, and records what is there now. ConfigError for
/// check_output_directory_target (never `/`, home, `.`, `..`, nor a directory holding one of
/// `inputs`), a symbolic link or a file, or a non-empty directory without `force` or without
/// journeysim's run marker. Call it before the long work, so a concurrent run is noticed.
OutputDirectory check_output_directory(const std::string& directory, bool force, const std::vector<std::string>& inputs);

/// Fills a fresh temporary directory beside the claimed directory through `write`, then puts it
/// in place by rename: readers never see a half-filled directory. The directory always holds
/// run_files::marker (written first). The claim is checked again; an existing empty directory
/// is replaced, a non-empty one only with `force` and the marker. If another process created
/// or replaced the directory since the claim, nothing is replaced and ConfigError says so (the
/// commit holds an flock on the parent and renames with RENAME_NOREPLACE). Temporary
/// directories of killed runs in the same parent (NAME.tmp-PID-N holding the marker, PID not
/// alive) are removed first. If `write` throws, the temporary directory is removed and the
/// directory is left as it was.
void write_directory_atomically(const OutputDirectory& claim,
                                const std::function<void(const std::string& temporary)>& write);

}  // namespace journeysim
