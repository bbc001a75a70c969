#pragma once
// The shape of a subcommand: each cli/*_command.cpp registers one and sets the action to run.
#include <CLI/CLI.hpp>

#include <functional>

namespace journeysim::cli {

/// What to run once the command line is parsed; returns the exit code.
using Action = std::function<int()>;

void add_validate_command(CLI::App& app, Action& action);
void add_analyze_command(CLI::App& app, Action& action);
void add_calibrate_command(CLI::App& app, Action& action);
void add_synth_command(CLI::App& app, Action& action);
void add_backtest_command(CLI::App& app, Action& action);
void add_simulate_command(CLI::App& app, Action& action);
void add_report_command(CLI::App& app, Action& action);
void add_decide_command(CLI::App& app, Action& action);

/// Renders the report of simulate output `directory` to `out` ("" = directory/report.html) and
/// prints where it went; shared by `report` and `simulate --report`.
int render_run_report(const std::string& directory, const std::string& out, const std::string& backtest = "");

}  // namespace journeysim::cli
