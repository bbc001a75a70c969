// `journeysim report DIR [--out report.html]`: render a simulate run as one self-contained page.
#include <filesystem>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "journeysim/io/output_guard.hpp"
#include "journeysim/io/run_reader.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/report/backtest_page.hpp"
#include "journeysim/report/report_page.hpp"

namespace journeysim::cli {
namespace {

struct ReportOptions {
  std::string directory;
  std::string out;
  std::string backtest;
};

}  // namespace

int render_run_report(const std::string& directory, const std::string& out, const std::string& backtest) {
  const std::string path = out.empty() ? (std::filesystem::path(directory) / run_files::report_page).string() : out;
  const auto dir = std::filesystem::path(directory);
  std::error_code error;
  if (std::filesystem::exists(dir / run_files::summary, error) && std::filesystem::exists(dir / run_files::backtest_json, error))
    throw ConfigError(directory + " holds both a run (" + run_files::summary + ") and a backtest (" +
                      run_files::backtest_json + "); journeysim writes them into directories of their own: move one out, "
                      "and cite the backtest in the run's report with --backtest");
  if (is_backtest_directory(directory)) {  // written by `journeysim backtest`
    if (!backtest.empty())
      throw ConfigError("--backtest cites a backtest in a run's report, but " + directory +
                        " is a backtest directory itself: its page shows its own scores (leave out --backtest)");
    check_output_not_input(path, {(dir / run_files::backtest_json).string(), (dir / run_files::backtest_csv).string()});
    write_file_atomically(path, render_backtest_report(load_backtest_input(directory)));
    std::cout << "report written to " << path << "\n";
    return 0;
  }
  check_output_not_input(path, run_input_files(directory));
  ReportInput input = load_report_input(directory);
  if (!backtest.empty()) attach_backtest(input, backtest);
  write_report(input, path);
  std::cout << "report written to " << path << "\n";
  return 0;
}

void add_report_command(CLI::App& app, Action& action) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* command = app.add_subcommand(
      "report", "Render a simulate run and its journey map as one self-contained HTML page");
  command->add_option("DIR", options->directory, "Output directory of `journeysim simulate --out DIR` (or of `journeysim backtest`)")->required();
  command->add_option("--out", options->out, "Where to write the page (default: DIR/report.html)");
  command->add_option("--backtest", options->backtest,
                      "A `journeysim backtest` directory of the same journey: the method section cites how its "
                      "past forecasts held");
  command->footer(
      "The page reads only files inside DIR: summary.json, trajectories.csv, revenue.csv, replicates.csv and the run's\n"
      "copies of its model and fixes (model.yaml, fixes.yaml, checked against their SHA-256 in summary.json).\n"
      "It holds the journey map with calibrated data lanes, the customer flow, the leverage ranking, the\n"
      "fixes compared (NPV intervals, probability of being best, revenue fan chart, retained-ARR waterfall),\n"
      "a recommendation and the method. Inline CSS and SVG only: it opens offline and prints to PDF.\n"
      "A backtest directory (backtest.json, backtest.csv) gets its own page: the verdict, scores by period\n"
      "ahead and by quantity, the structures compared, a PIT histogram and each origin's forecast against\n"
      "what happened.\n"
      "Example:\n"
      "  journeysim simulate scenarios/b2b-saas/journey.yaml --fixes scenarios/b2b-saas/fixes.yaml --out run\n"
      "  journeysim report run --out run/report.html");
  command->callback([&action, options] {
    action = [options] { return render_run_report(options->directory, options->out, options->backtest); };
  });
}

}  // namespace journeysim::cli
