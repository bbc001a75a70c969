// journeysim: thin entry point. Parses the command line, runs one command, maps errors to
// exit codes: 0 ok, 1 internal error, 2 bad input or usage; 130/143 on SIGINT/SIGTERM.
#include <iostream>
#include <new>

#include "command.hpp"
#include "diagnostics.hpp"
#include "journeysim/core/suggest.hpp"
#include "journeysim/core/version.hpp"
#include "signals.hpp"
#include "terminal_text.hpp"

namespace {

/// ", did you mean 'cohort'?" for CLI11's "VALUE not in {A,B,C}", else "".
std::string option_suggestion(const std::string& message) {
  const auto open = message.rfind(" not in {");
  const auto close = message.rfind('}');
  const auto colon = message.find(": ");
  if (open == std::string::npos || close == std::string::npos || colon == std::string::npos || colon > open) return "";
  const std::string value = message.substr(colon + 2, open - colon - 2);
  std::vector<std::string> names;
  std::string list = message.substr(open + 9, close - open - 9);
  for (std::size_t start = 0; start <= list.size();) {
    const auto comma = list.find(',', start);
    names.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return journeysim::did_you_mean(value, names);
}

}  // namespace

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
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    // Bad options are reported like every other error, exit 2; a value that is not one of a
    // list ("--mode: cohrt not in {expected,cohort,individual}") gets a suggestion.
    std::cerr << cli::format_error(std::string(e.what()) + option_suggestion(e.what()))
              << "Run with --help for the options.\n";
    return 2;
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
