#pragma once
/// \file Reading the output directory of `simulate` (SPEC §6): summary.json, trajectories.csv
/// and replicates.csv, for `report` and for anyone analysing a run in C++.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace journeysim {

/// A Monte Carlo summary of one quantity over replicates (the `S` of SPEC §6): `low` and
/// `high` are the quantiles at the run's lowest and highest levels (RunSummary::quantiles;
/// P5 and P95 by default), the interval pages show.
struct MetricSummary {
  double mean = 0, sd = 0, mcse = 0, low = 0, p50 = 0, high = 0;
};

/// One scenario of a run: baseline, one fix, or a portfolio.
/// What one triggered fix did (summary.json `triggers`): means over replicates of customers
/// over the horizon, and per period when summary.json has them (empty otherwise).
struct RuleSummary {
  std::string fix;
  double triggered = 0, held_out = 0, served = 0, unserved = 0;
  std::vector<double> triggered_by_period, served_by_period;
};

struct ScenarioSummary {
  std::string id, name;
  std::string kind;                ///< "baseline", "fix" or "portfolio"
  std::vector<std::string> fixes;  ///< fix ids it funds
  std::string owner;
  std::map<std::string, MetricSummary> metrics;      ///< revenue_total, revenue_pv, arr_end, …
  std::map<std::string, MetricSummary> vs_baseline;  ///< npv, roi, …; empty for the baseline
  double prob_npv_positive = 0;
  std::optional<double> prob_best;  ///< share of replicates where it has the highest NPV
  double clamped_effects = 0;
  std::vector<RuleSummary> rules;  ///< one per triggered fix it funds

  bool is_baseline() const { return kind == "baseline"; }
  /// The named metric; ConfigError naming the scenario when summary.json lacks it.
  const MetricSummary& metric(const std::string& name) const;
  /// The named vs-baseline figure; ConfigError when absent (e.g. asked of the baseline).
  const MetricSummary& versus(const std::string& name) const;
  /// The named vs-baseline figure, or nullptr when absent or null in summary.json (simulate
  /// writes null when no replicate defines it, e.g. ROI of a fix without cost).
  const MetricSummary* find_versus(const std::string& name) const;
};

/// The run's settings and per-scenario summaries (summary.json).
struct RunSummary {
  std::string journeysim_version, boost_version;
  /// The model and fixes paths as given to simulate, and absolute: for display only. `report`
  /// reads the run directory's own copies (run_directory.hpp), checked against the hashes.
  std::string model, model_abs;
  std::optional<std::string> fixes, fixes_abs;
  std::string model_sha256;                  ///< SHA-256 of DIR/model.yaml (64 hex digits)
  std::optional<std::string> fixes_sha256;   ///< of DIR/fixes.yaml; set exactly when fixes is
  std::string mode;
  long long replicates = 0;
  unsigned long long seed = 0;
  int horizon = 0;
  std::string period, currency;
  double discount_rate = 0, gross_margin = 1;
  std::vector<std::string> segments;
  std::vector<double> quantiles;    ///< the levels of every statistic, ascending, with 0.5
  bool terminal_value = false;      ///< NPVs include the value beyond the horizon
  std::optional<double> precision;  ///< convergence target, when the run ran to a tolerance
  bool converged = true;
  long long max_replicates = 0;
  std::vector<ScenarioSummary> scenarios;

  /// The baseline scenario; ConfigError when the file has none.
  const ScenarioSummary& baseline() const;
  /// A scenario by id, or nullptr.
  const ScenarioSummary* find(const std::string& id) const;
};

/// Mean and quantiles of one stage's customers (or of revenue) in one period: the
/// median and the run's outermost levels, as in MetricSummary.
struct TrajectoryPoint {
  double mean = 0, low = 0, p50 = 0, high = 0;
};

/// trajectories.csv (indexed by scenario, segment and stage) or revenue.csv (the same, every
/// series under the stage name "revenue"); each series is by period from 0.
class Trajectories {
 public:
  /// The series; nullptr when the file has none for that key.
  const std::vector<TrajectoryPoint>* find(const std::string& scenario, const std::string& segment,
                                           const std::string& stage) const;
  void set(const std::string& scenario, const std::string& segment, const std::string& stage, int period,
           const TrajectoryPoint& point);

 private:
  std::map<std::string, std::vector<TrajectoryPoint>> series_;  ///< key: scenario␟segment␟stage
};

/// replicates.csv as columns of numbers; an empty field (baseline vs-baseline columns) is NaN.
struct ReplicateTable {
  std::vector<std::string> columns;  ///< numeric columns after replicate,scenario,segment
  std::vector<long long> replicate;
  std::vector<std::string> scenario, segment;
  std::vector<std::vector<double>> values;  ///< values[row][column]

  /// Every value of `column` for a scenario and segment, in file order; empty when the column
  /// is unknown.
  std::vector<double> column(const std::string& scenario_id, const std::string& column_name,
                             const std::string& segment_id = "all") const;
};

/// A whole simulate output directory.
struct RunResults {
  std::string directory;
  RunSummary summary;
  /// The run's copies of its inputs: paths inside `directory` and their text, whose SHA-256
  /// matched summary.json. No fixes file: fixes_path empty.
  std::string model_path, model_text, fixes_path, fixes_text;
  Trajectories trajectories;  ///< customers per stage
  Trajectories revenue;       ///< revenue per period: find(scenario, segment, "revenue")
  ReplicateTable replicates;
};

/// Parses summary.json text; `file` names it in errors (InputError with line and column). Every
/// field is checked like any input: types, ranges (horizon 1..max_horizon, replicates
/// 1..10^8, …), unique scenario and segment ids, one baseline, hashes of the inputs' copies.
RunSummary parse_run_summary(const std::string& text, const std::string& file);

/// Reads DIR/summary.json, the copies DIR/model.yaml and DIR/fixes.yaml (checked against their
/// SHA-256 in summary.json), DIR/trajectories.csv, DIR/revenue.csv and DIR/replicates.csv, and
/// cross-checks them:
/// every scenario and segment of the CSVs is in summary.json, each series has exactly
/// `horizon` periods, each scenario and segment exactly `replicates` replicates. Only regular
/// files inside DIR are read (a symbolic link is refused), each within a size limit.
/// ConfigError when the directory or a file is missing, InputError at the offending line for
/// malformed or inconsistent content.
/// Example: `RunResults run = read_run("build/demo/run");`
RunResults read_run(const std::string& directory);

/// Every file of run directory `directory` that read_run may read (for check_output_not_input).
std::vector<std::string> run_input_files(const std::string& directory);

}  // namespace journeysim
