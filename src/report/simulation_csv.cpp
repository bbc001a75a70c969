#include <cmath>
#include <filesystem>
#include <fstream>

#include <tbb/parallel_for.h>

#include "journeysim/report/atomic_file.hpp"
#include "journeysim/report/format.hpp"
#include "journeysim/report/simulation_output.hpp"
#include "journeysim/stats/summary.hpp"

namespace journeysim {
namespace {

/// Shortest round-trip text; empty for undefined values.
std::string cell(double value) { return std::isnan(value) ? std::string{} : format_exact(value); }

/// Quotes a CSV field when it needs it (ids are user text).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

void write_trajectories(std::ostream& out, const SimulationResult& result) {
  out << "scenario,segment,period,stage,mean,p05,p50,p95\n";
  const std::size_t n = result.stage_ids.size();
  for (const auto& outcome : result.scenarios) {
    for (std::size_t v = 0; v < result.view_ids.size(); ++v) {
      // Quantiles per column are independent: computed in parallel into slots, written in order.
      std::vector<QuantileSummary> summaries(outcome.columns);
      tbb::parallel_for(std::size_t{0}, outcome.columns, [&](std::size_t c) {
        std::vector<double> column = outcome.trajectory_column(v, c);
        summaries[c] = summarize_in_place(column);
      });
      const std::string prefix = csv_field(outcome.scenario.id) + "," + csv_field(result.view_ids[v]) + ",";
      for (int t = 0; t < result.horizon; ++t) {
        for (std::size_t s = 0; s <= n; ++s) {
          const QuantileSummary& q = summaries[static_cast<std::size_t>(t) * (n + 1) + s];
          out << prefix << t << "," << (s < n ? csv_field(result.stage_ids[s]) : std::string("_revenue")) << ","
              << cell(q.mean) << "," << cell(q.p05) << "," << cell(q.p50) << "," << cell(q.p95) << "\n";
        }
      }
    }
  }
}

void write_replicates(std::ostream& out, const SimulationResult& result) {
  out << "replicate,scenario,segment,revenue_total,revenue_pv,arr_end,active_end,churned_total,lost_total,"
         "incremental_revenue,incremental_margin_pv,cost_pv,npv,roi,retained_arr,payback_period,clamped_effects\n";
  for (std::int64_t r = 0; r < result.replicates; ++r) {
    for (const auto& outcome : result.scenarios) {
      for (std::size_t v = 0; v < result.view_ids.size(); ++v) {
        const ReplicateMetrics& m = outcome.metrics[v][static_cast<std::size_t>(r)];
        const bool baseline = outcome.scenario.kind == Scenario::Kind::baseline;
        out << r << "," << csv_field(outcome.scenario.id) << "," << csv_field(result.view_ids[v]) << ","
            << cell(m.revenue_total) << "," << cell(m.revenue_pv) << "," << cell(m.arr_end) << ","
            << cell(m.active_end) << "," << cell(m.churned_total) << "," << cell(m.lost_total) << ","
            << cell(m.incremental_revenue) << "," << cell(m.incremental_margin_pv) << "," << cell(m.cost_pv) << ","
            << cell(m.npv) << "," << cell(m.roi) << "," << cell(m.retained_arr) << "," << cell(m.payback_period)
            << "," << (baseline || v + 1 < result.view_ids.size() ? std::string{} : cell(m.clamped_effects)) << "\n";
      }
    }
  }
}

}  // namespace

void write_simulation_outputs(const std::string& directory, bool force, const Journey& journey,
                              const SimulationResult& result, const RunDescription& run) {
  const std::string summary = summary_json(journey, result, run).dump(2) + "\n";
  write_directory_atomically(directory, force, [&](const std::string& temporary) {
    const std::filesystem::path dir(temporary);
    write_file_atomically((dir / "summary.json").string(), summary);
    write_file_atomically((dir / "trajectories.csv").string(),
                          [&](std::ostream& out) { write_trajectories(out, result); });
    write_file_atomically((dir / "replicates.csv").string(),
                          [&](std::ostream& out) { write_replicates(out, result); });
  });
}

}  // namespace journeysim
