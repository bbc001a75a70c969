#pragma once
/// \file The output directory of `decide` (docs/reference/outputs.md): decision.json,
/// frontier.csv, fixes.csv, portfolios.csv and the inputs' copies, written together atomically.
#include <nlohmann/json.hpp>
#include <string>

#include "journeysim/decide/decide.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/output/simulation_output.hpp"

namespace journeysim {

namespace decision_files {
inline constexpr const char* decision = run_files::decision;
inline constexpr const char* frontier = run_files::frontier;
inline constexpr const char* fixes = run_files::fix_table;
inline constexpr const char* portfolios = run_files::portfolios;
inline constexpr const char* tornado = run_files::tornado;
inline constexpr const char* model_tornado = run_files::model_tornado;
inline constexpr const char* economics_tornado = run_files::economics_tornado;
}  // namespace decision_files

/// decision.json as a document. `run` names the inputs and mode (precision unused).
nlohmann::ordered_json decision_json(const Journey& journey, const FixesFile& fixes, const DecisionResult& result,
                                     const DecisionSettings& settings, const RunDescription& run);

std::string frontier_csv(const FixesFile& fixes, const DecisionResult& result);
std::string fixes_csv(const FixesFile& fixes, const DecisionResult& result);
std::string portfolios_csv(const FixesFile& fixes, const DecisionResult& result);
std::string tornado_csv(const FixesFile& fixes, const DecisionResult& result);
std::string model_tornado_csv(const DecisionResult& result);
std::string economics_tornado_csv(const DecisionResult& result);

/// Writes every decide output, and a simulate run's files (`simulation`: baseline, each fix,
/// each declared portfolio and the recommendation, so `journeysim report DIR` works on it),
/// into the claimed directory atomically.
void write_decision_outputs(const OutputDirectory& out, const Journey& journey, const FixesFile& fixes,
                            const DecisionResult& result, const DecisionSettings& settings,
                            const SimulationResult& simulation, const RunDescription& run);

}  // namespace journeysim
