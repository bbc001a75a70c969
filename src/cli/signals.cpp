#include "signals.hpp"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <string>
#include <thread>

#include "journeysim/io/atomic_file.hpp"

namespace journeysim::cli {

void install_interrupt_handler() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  // A waiting thread instead of a handler: the cleanup takes a mutex and touches the file
  // system, neither of which is allowed in an asynchronous signal handler.
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int signal = 0;
    while (sigwait(&signals, &signal) != 0) {
    }
    remove_pending_temporary_files();
    // A progress bar may be mid-line on a terminal: start the message on a line of its own.
    const std::string message = std::string(isatty(STDERR_FILENO) ? "\n" : "") + "journeysim: interrupted by " +
                                (signal == SIGINT ? "SIGINT" : "SIGTERM") + "\n";
    [[maybe_unused]] const auto written = ::write(STDERR_FILENO, message.data(), message.size());
    // _exit: no static destructors or atexit handlers while worker threads are still running.
    _exit(128 + signal);
  }).detach();
}

}  // namespace journeysim::cli
