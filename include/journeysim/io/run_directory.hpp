#pragma once
/// \file The files of a simulate output directory (SPEC §6), named in one place for the writer
/// (output/simulation_output) and the reader (io/run_reader). A run directory is
/// self-contained: it holds copies of the model and fixes it ran, whose SHA-256 summary.json
/// records, so `report` never reads a path outside it.
#include <cstddef>

namespace journeysim::run_files {

inline constexpr const char* summary = "summary.json";
inline constexpr const char* trajectories = "trajectories.csv";
inline constexpr const char* replicates = "replicates.csv";
/// Revenue per period (money), apart from trajectories.csv's customer counts.
inline constexpr const char* revenue = "revenue.csv";
/// Byte-for-byte copies of the inputs `simulate` read (the text it parsed, not a second read).
inline constexpr const char* model = "model.yaml";
inline constexpr const char* fixes = "fixes.yaml";
/// Written by `decide` beside the simulate files; `report` shows it when present.
inline constexpr const char* decision = "decision.json";
inline constexpr std::size_t decision_bytes = std::size_t{64} << 20;
/// decide's tables beside decision.json (output/decision_output.hpp).
inline constexpr const char* frontier = "frontier.csv";
inline constexpr const char* fix_table = "fixes.csv";
inline constexpr const char* portfolios = "portfolios.csv";
inline constexpr const char* tornado = "tornado.csv";
inline constexpr const char* model_tornado = "model_tornado.csv";
inline constexpr const char* economics_tornado = "economics_tornado.csv";
/// A backtest directory's files (output/backtest_output.hpp).
inline constexpr const char* backtest_json = "backtest.json";
inline constexpr const char* backtest_csv = "backtest.csv";
/// `journeysim report DIR`'s page when no --out is given: the one file a command adds to a
/// finished run directory.
inline constexpr const char* report_page = "report.html";

/// Written first into every run directory: `simulate --force` replaces only a directory that
/// holds it, and stale temporary directories are recognised by it.
inline constexpr const char* marker = ".journeysim-run";
/// The marker's first line; a second line holds an id unique to the run (atomic_file.cpp).
inline constexpr const char* marker_text = "journeysim run directory: written by journeysim (simulate, decide or backtest)\n";

/// Every name a journeysim command writes into a run directory. `--force` replaces a directory
/// only when it holds nothing else: a file a user put there is never deleted.
inline constexpr const char* written[] = {marker,    summary,  trajectories, replicates,    revenue,      model,
                                          fixes,     decision, frontier,     fix_table,     portfolios,   tornado,
                                          model_tornado, economics_tornado, backtest_json, backtest_csv,
                                          report_page};

/// Bytes of summary.json (2001 scenarios of ~2 KB each fit many times over).
inline constexpr std::size_t summary_bytes = std::size_t{64} << 20;
/// Bytes of trajectories.csv, revenue.csv and replicates.csv: the --max-memory default (8 GB), the most
/// a run holds in memory.
inline constexpr std::size_t csv_bytes = std::size_t{8} << 30;
/// Levels of nesting in summary.json (it has 5).
inline constexpr int summary_depth = 16;

}  // namespace journeysim::run_files
