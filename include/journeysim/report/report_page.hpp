#pragma once
/// \file The `report` page: one self-contained HTML file (inline CSS and SVG, no scripts, no
/// network) that shows a simulate run and the journey map behind it.
#include <optional>
#include <string>

#include "journeysim/io/decision_reader.hpp"
#include "journeysim/io/run_reader.hpp"
#include "journeysim/model/journey.hpp"
#include "journeysim/model/fix.hpp"

namespace journeysim {

/// Everything the page shows.
struct ReportInput {
  RunResults run;
  Journey journey;                 ///< the model the run simulated
  std::optional<FixesFile> fixes;  ///< the run's fixes file, when it had one and it can be read
  std::string fixes_note;          ///< why `fixes` is absent although the run names one ("" otherwise)
  std::optional<DecisionSummary> decision;  ///< DIR/decision.json, when `decide` wrote the directory
  /// `report --backtest BTDIR`: the backtest of the model's journey, cited in the method section.
  std::string backtest_directory;
  std::string backtest_json;  ///< its backtest.json (checked: the same stages as the run's model)
};

/// Reads a simulate output directory and the model (and fixes file) it names, with the model's
/// horizon set to the run's (simulate --horizon may override it). ConfigError/InputError as
/// read_run() and read_journey(), and ConfigError when trajectories.csv lacks a stage of the
/// model (the model changed after the run).
ReportInput load_report_input(const std::string& run_directory);

/// Adds the backtest in `backtest_directory` to `input`; ConfigError when it is not a backtest
/// directory or backtested a journey with other stages.
void attach_backtest(ReportInput& input, const std::string& backtest_directory);

/// The whole page. Deterministic: the same input gives the same bytes.
std::string render_report(const ReportInput& input);

/// Renders `input` and writes it to `out_path` atomically (no half-written page on failure).
void write_report(const ReportInput& input, const std::string& out_path);

}  // namespace journeysim
