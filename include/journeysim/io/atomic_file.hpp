#pragma once
/// \file Writing outputs so that no half-written file ever exists: write a temporary file
/// next to the target, flush, then rename over it.
#include <functional>
#include <ostream>
#include <string>

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

/// Fills a fresh temporary directory beside `directory` through `write`, then puts it in place
/// by rename: readers never see a half-filled directory. An existing non-empty directory is
/// replaced only with `force` (ConfigError otherwise, checked before `write` runs); an
/// existing empty directory is replaced. If `write` throws, the temporary directory is removed
/// and `directory` is left as it was.
void write_directory_atomically(const std::string& directory, bool force,
                                const std::function<void(const std::string& temporary)>& write);

/// ConfigError when `directory` exists, is not empty and `force` is false.
void check_output_directory(const std::string& directory, bool force);

}  // namespace journeysim
