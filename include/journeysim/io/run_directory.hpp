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
/// Written first into every run directory: `simulate --force` replaces only a directory that
/// holds it, and stale temporary directories are recognised by it.
inline constexpr const char* marker = ".journeysim-run";
/// The marker's first line; a second line holds an id unique to the run (atomic_file.cpp).
inline constexpr const char* marker_text = "journeysim run directory: written by `journeysim simulate`\n";

/// Bytes of summary.json (2001 scenarios of ~2 KB each fit many times over).
inline constexpr std::size_t summary_bytes = std::size_t{64} << 20;
/// Bytes of trajectories.csv, revenue.csv and replicates.csv: the --max-memory default (8 GB), the most
/// a run holds in memory.
inline constexpr std::size_t csv_bytes = std::size_t{8} << 30;
/// Levels of nesting in summary.json (it has 5).
inline constexpr int summary_depth = 16;

}  // namespace journeysim::run_files
