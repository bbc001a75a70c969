#pragma once
/// \file The files of a backtest directory (docs/reference/outputs.md#backtest): backtest.json
/// (scores: overall, per period ahead, per quantity; the verdict) and backtest.csv (one row per
/// origin × period ahead × quantity: actual, mean, quantiles, band hits, scores).
#include <nlohmann/json.hpp>
#include <string>

#include "journeysim/backtest/backtest.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/io/run_directory.hpp"

namespace journeysim {

inline constexpr const char* backtest_json = run_files::backtest_json;
inline constexpr const char* backtest_csv = run_files::backtest_csv;

/// `comparison` (empty without --compare) adds "comparison" (each structure's scores, best
/// first) and "recommended" (the best one's name and calibrate flags).
nlohmann::json backtest_to_json(const BacktestResult& result, const std::vector<StructureScore>& comparison = {});

/// Writes both files into the claimed directory at once (write_directory_atomically).
void write_backtest_outputs(const OutputDirectory& out, const BacktestResult& result,
                            const std::vector<StructureScore>& comparison = {});

}  // namespace journeysim
