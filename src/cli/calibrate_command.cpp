// `journeysim calibrate`: placeholder registration until its issue lands (prints what is missing).
#include "command.hpp"
#include "journeysim/core/error.hpp"

namespace journeysim::cli {

void add_calibrate_command(CLI::App& app, Action& action) {
  CLI::App* command = app.add_subcommand("calibrate", "(not built yet)");
  command->allow_extras();
  command->callback([&action] {
    action = []() -> int { throw ConfigError("'calibrate' is not built yet in this version"); };
  });
}

}  // namespace journeysim::cli
