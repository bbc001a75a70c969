#pragma once
/// \file The `report` page of a backtest directory (issue #13): the verdict, coverage and scores
/// by period ahead and by quantity, the structures compared, a PIT histogram and, per origin,
/// the paying-customer forecast's bands beside what happened. Self-contained like the run page.
#include <string>
#include <vector>

namespace journeysim {

/// One row of backtest.csv.
struct BacktestRow {
  std::string origin, segment, quantity;  ///< segment "all" for all customers
  int ahead = 0;
  double actual = 0, mean = 0, p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
};

/// A backtest directory's files, read within limits (backtest.json 64 MiB, backtest.csv 1 GiB).
struct BacktestReportInput {
  std::string directory;
  std::string json_text;
  std::vector<BacktestRow> rows;
};

/// True when `directory` holds backtest.json (and no summary.json: a run directory).
bool is_backtest_directory(const std::string& directory);

/// Reads both files; InputError naming the file (and line) when one is malformed.
BacktestReportInput load_backtest_input(const std::string& directory);

/// The whole page. Deterministic: the same input gives the same bytes.
std::string render_backtest_report(const BacktestReportInput& input);

}  // namespace journeysim
