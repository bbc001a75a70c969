// `journeysim simulate`: placeholder registration until its issue lands (prints what is missing).
#include "command.hpp"
#include "journeysim/core/error.hpp"

namespace journeysim::cli {

void add_simulate_command(CLI::App& app, Action& action) {
  CLI::App* command = app.add_subcommand("simulate", "(not built yet)");
  command->allow_extras();
  command->callback([&action] {
    action = []() -> int { throw ConfigError("'simulate' is not built yet in this version"); };
  });
}

}  // namespace journeysim::cli
