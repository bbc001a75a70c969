// journeysim: thin entry point. Parses the command line, runs one command, maps errors to
// exit codes: 0 ok, 1 internal error, 2 bad input or usage; 130/143 on SIGINT/SIGTERM.
#include <iostream>
#include <new>

#include "command.hpp"
#include "diagnostics.hpp"
#include "journeysim/core/version.hpp"
#include "signals.hpp"
#include "terminal_text.hpp"

int main(int argc, char** argv) {
  using namespace journeysim;
  cli::install_interrupt_handler();
  // Everything printed passes the terminal filter (names and ids are input; terminal_text.hpp).
  // Static, so exit() flushes it too; it puts the streams' own buffers back when destroyed.
  static cli::FilteredStream out_filter(std::cout), err_filter(std::cerr);
  CLI::App app{"journeysim: customer-journey Markov models, calibrated from event logs and\n"
               "simulated to value proposed fixes (NPV, ROI, payback) with honest uncertainty.\n"
               "Run `journeysim COMMAND --help` for each command's options."};
  app.set_version_flag("--version", version());
  app.require_subcommand(1);
  cli::Action action;
  cli::add_validate_command(app, action);
  cli::add_analyze_command(app, action);
  cli::add_calibrate_command(app, action);
  cli::add_synth_command(app, action);
  cli::add_backtest_command(app, action);
  cli::add_simulate_command(app, action);
  cli::add_report_command(app, action);
  cli::add_decide_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    return action ? action() : 2;
  } catch (const InputError& e) {
    std::cerr << cli::format_input_error(e);
    return 2;
  } catch (const ConfigError& e) {
    std::cerr << cli::format_error(e.what());
    return 2;
  } catch (const std::bad_alloc&) {
    // The up-front estimates (--max-memory, model/limits.hpp) should make this unreachable.
    std::cerr << cli::format_error("out of memory; lower --replicates or the horizon, or use --mode expected");
    return 1;
  } catch (const std::exception& e) {
    std::cerr << cli::format_error(std::string("internal error: ") + e.what());
    return 1;
  }
}
