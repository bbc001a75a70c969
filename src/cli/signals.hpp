#pragma once
// SIGINT/SIGTERM for every command: remove temporary outputs, say so in one line, exit 130/143.

namespace journeysim::cli {

/// Blocks SIGINT and SIGTERM in the calling thread (and so in every thread it starts later,
/// TBB workers included) and starts a thread that waits for them with sigwait. On arrival it
/// calls remove_pending_temporary_files() (earlier outputs stay intact: commits are atomic),
/// prints `journeysim: interrupted by SIGINT` (or SIGTERM) and exits with 128 + the signal.
/// Call first thing in main, before any other thread exists.
void install_interrupt_handler();

}  // namespace journeysim::cli
