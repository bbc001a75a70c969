#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <span>

#include "journeysim/core/parallel.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/io/csv_text.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/output/simulation_output.hpp"
#include "journeysim/stats/summary.hpp"

namespace journeysim {
namespace {

/// Shortest round-trip text; empty for undefined values.
std::string csv_number(double value) { return std::isnan(value) ? std::string{} : format_exact(value); }

/// A text field (ids are user text): quoted when needed and neutralised against spreadsheet
/// formula injection (io/csv_text.hpp).
std::string csv_field(const std::string& text) { return csv_text::field(text); }

/// Mean and quantiles of the listed columns of one scenario's view, in parallel:
/// out[j × width + k] for columns[j], k = 0 the mean, 1 + i the level i.
std::vector<double> summarize_columns(const ScenarioOutcome& outcome, std::size_t view, std::int64_t replicate_count,
                                      const std::vector<std::size_t>& columns, const QuantileLevels& levels) {
  const std::size_t width = 1 + levels.size();
  std::vector<double> out(columns.size() * width, std::nan(""));
  // Columns are gathered 16 at a time (one cache line of each replicate's row) so the strided
  // reads stay cheap; each column's quantiles go into its own slot.
  const std::size_t block = 16;
  const std::size_t replicates = static_cast<std::size_t>(replicate_count);
  parallel_for(std::size_t{0}, (columns.size() + block - 1) / block, [&](std::size_t b) {
    const std::size_t first = b * block, last = std::min(columns.size(), first + block);
    std::vector<std::vector<float>> gathered(last - first, std::vector<float>(replicates));
    const float* data = outcome.trajectories[view].data();
    for (std::size_t r = 0; r < replicates; ++r)
      for (std::size_t j = first; j < last; ++j) gathered[j - first][r] = data[r * outcome.columns + columns[j]];
    for (std::size_t j = first; j < last; ++j)
      summarize_in_place(gathered[j - first], levels, std::span<double>(out.data() + j * width, width));
  });
  return out;
}

/// trajectories.csv (`stages`: customers, one row per stage and period) or revenue.csv (the
/// revenue column that follows the stages in each period, no stage column).
void write_series(std::ostream& out, const SimulationResult& result, const QuantileLevels& levels, bool stages) {
  out << "scenario,segment,period" << (stages ? ",stage" : "") << ",mean";
  for (double level : levels.levels) out << "," << quantile_key(level);
  out << "\n";
  const std::size_t n = result.stage_ids.size();
  const std::size_t width = 1 + levels.size();
  // Column layout of a period in the kernels' trajectories: the n stages, then revenue.
  std::vector<std::size_t> columns;
  for (int t = 0; t < result.horizon; ++t)
    for (std::size_t s = stages ? 0 : n; s < (stages ? n : n + 1); ++s)
      columns.push_back(static_cast<std::size_t>(t) * (n + 1) + s);
  const std::size_t per_period = stages ? n : 1;
  for (const auto& outcome : result.scenarios) {
    for (std::size_t v = 0; v < result.view_ids.size(); ++v) {
      const std::vector<double> q = summarize_columns(outcome, v, result.replicates, columns, levels);
      const std::string prefix = csv_field(outcome.scenario.id) + "," + csv_field(result.view_ids[v]) + ",";
      for (std::size_t j = 0; j < columns.size(); ++j) {
        out << prefix << j / per_period;
        if (stages) out << "," << csv_field(result.stage_ids[j % per_period]);
        for (std::size_t k = 0; k < width; ++k) out << "," << csv_number(q[j * width + k]);
        out << "\n";
      }
    }
  }
}

/// Appends a number in shortest round-trip form (nothing for NaN), then `separator`.
void append_number(std::string& line, double value, char separator) {
  if (!std::isnan(value)) append_exact(line, value);
  line += separator;
}

/// The rows of one replicate, every scenario and view, in output order.
void replicate_rows(std::string& text, const SimulationResult& result, std::int64_t r, bool terminal_value,
                    bool triggers) {
  for (const auto& outcome : result.scenarios) {
    const bool baseline = outcome.scenario.kind == Scenario::Kind::baseline;
    for (std::size_t v = 0; v < result.view_ids.size(); ++v) {
      const ReplicateMetrics& m = outcome.metrics[v][static_cast<std::size_t>(r)];
      text += std::to_string(r);
      text += ',';
      text += csv_field(outcome.scenario.id);
      text += ',';
      text += csv_field(result.view_ids[v]);
      text += ',';
      for (double value : {m.revenue_total, m.revenue_pv, m.arr_end, m.active_end, m.churned_total, m.lost_total,
                           m.incremental_revenue, m.incremental_margin_pv, m.cost_pv, m.npv, m.roi, m.retained_arr,
                           m.payback_period})
        append_number(text, value, ',');
      const bool total = v + 1 == result.view_ids.size();
      append_number(text, baseline || !total ? undefined : m.clamped_effects, terminal_value || triggers ? ',' : '\n');
      if (terminal_value) {
        append_number(text, m.terminal_value, ',');
        append_number(text, m.incremental_terminal_value, triggers ? ',' : '\n');
      }
      if (triggers) {
        // The scenario's triggered fixes together, on its total row (summary.json splits them).
        TriggerCounts sum;
        if (total)
          for (const auto& counts : outcome.trigger_counts) {
            const TriggerCounts& c = counts[static_cast<std::size_t>(r)];
            sum.triggered += c.triggered;
            sum.held_out += c.held_out;
            sum.served += c.served;
            sum.unserved += c.unserved;
          }
        const bool shown = total && !outcome.trigger_fixes.empty();
        append_number(text, shown ? sum.triggered : undefined, ',');
        append_number(text, shown ? sum.held_out : undefined, ',');
        append_number(text, shown ? sum.served : undefined, ',');
        append_number(text, shown ? sum.unserved : undefined, '\n');
      }
    }
  }
}

/// Whether any scenario has a triggered fix: replicates.csv then ends with their counts.
bool has_trigger_columns(const SimulationResult& result) {
  for (const auto& outcome : result.scenarios)
    if (!outcome.trigger_fixes.empty()) return true;
  return false;
}

void write_replicates(std::ostream& out, const SimulationResult& result, bool terminal_value) {
  out << "replicate,scenario,segment,revenue_total,revenue_pv,arr_end,active_end,churned_total,lost_total,"
         "incremental_revenue,incremental_margin_pv,cost_pv,npv,roi,retained_arr,payback_period,clamped_effects"
      << (terminal_value ? ",terminal_value,incremental_terminal_value" : "");
  const bool triggers = has_trigger_columns(result);
  out << (triggers ? ",triggered,trigger_held_out,trigger_served,trigger_unserved\n" : "\n");
  // Rows are formatted in parallel, chunk by chunk, and written in replicate order.
  const std::int64_t chunk = 256;
  const std::int64_t chunks = (result.replicates + chunk - 1) / chunk;
  for (std::int64_t first = 0; first < chunks; first += 16) {
    const std::int64_t last = std::min(chunks, first + 16);
    std::vector<std::string> texts(static_cast<std::size_t>(last - first));
    parallel_for(first, last, [&](std::int64_t c) {
      std::string& text = texts[static_cast<std::size_t>(c - first)];
      for (std::int64_t r = c * chunk; r < std::min(result.replicates, (c + 1) * chunk); ++r)
        replicate_rows(text, result, r, terminal_value, triggers);
    });
    for (const auto& text : texts) out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
}

}  // namespace

OutputSizeEstimate estimate_output_size(const Journey& journey, const FixesFile& fixes,
                                        const SimulationSettings& settings) {
  const double horizon = settings.horizon > 0 ? settings.horizon : journey.info.horizon;
  const double scenarios = 1.0 + static_cast<double>(fixes.fixes.size() + fixes.portfolios.size());
  const double views = journey.segments.empty() ? 1.0 : static_cast<double>(segment_journeys(journey).size()) + 1.0;
  const double replicates = static_cast<double>(
      settings.precision > 0 ? std::max(settings.replicates, settings.max_replicates) : settings.replicates);
  OutputSizeEstimate estimate;
  // Rows of trajectories.csv (one per stage) and revenue.csv (one) per scenario, view and period.
  estimate.trajectories_bytes = scenarios * views * horizon * static_cast<double>(journey.stages.size() + 1) * 100;
  estimate.replicates_bytes = replicates * scenarios * views * 210;
  return estimate;
}

void write_simulation_files(const std::string& directory, const Journey& journey, const SimulationResult& result,
                            const RunDescription& run) {
  const std::string summary = summary_json(journey, result, run).dump(2) + "\n";
  const std::filesystem::path dir(directory);
  // The inputs' copies: report reads these, never the paths given to simulate.
  write_file_atomically((dir / run_files::model).string(), run.model_text);
  if (!run.fixes_path.empty()) write_file_atomically((dir / run_files::fixes).string(), run.fixes_text);
  write_file_atomically((dir / run_files::summary).string(), summary);
  write_file_atomically((dir / run_files::trajectories).string(),
                        [&](std::ostream& file) { write_series(file, result, run.quantiles, true); });
  write_file_atomically((dir / run_files::revenue).string(),
                        [&](std::ostream& file) { write_series(file, result, run.quantiles, false); });
  write_file_atomically((dir / run_files::replicates).string(),
                        [&](std::ostream& file) { write_replicates(file, result, run.terminal_value); });
}

void write_simulation_outputs(const OutputDirectory& out, const Journey& journey, const SimulationResult& result,
                              const RunDescription& run) {
  write_directory_atomically(out, [&](const std::string& temporary) {
    write_simulation_files(temporary, journey, result, run);
  });
}

}  // namespace journeysim
