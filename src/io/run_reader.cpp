// The CSV files of a simulate run and the directory as a whole (SPEC §6).
#include "journeysim/io/run_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>

#include "journeysim/core/error.hpp"
#include "journeysim/core/quantile_levels.hpp"
#include "journeysim/core/sha256.hpp"
#include "journeysim/io/csv_text.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/model/limits.hpp"
#include "event_csv.hpp"
#include "journeysim/io/source_file.hpp"

namespace journeysim {
namespace {

/// Calls `row(fields)` for every data record after checking the header's first columns.
/// Tokenizing (RFC 4180 quoting, CRLF, field positions) is the event log reader's.
template <typename RowFn>
void for_each_row(const std::string& text, const std::string& path, const std::vector<std::string>& required_prefix,
                  RowFn row, std::vector<std::string>* header_out = nullptr) {
  event_io::Cursor cursor{text.data(), text.data() + text.size(), text.data(), 1};
  std::vector<event_io::Field> fields;
  std::string scratch;
  std::size_t columns = 0;
  while (!cursor.at_end()) {
    event_io::QuoteProblem problem;
    if (!event_io::read_record(cursor, fields, scratch, problem))
      throw InputError(problem.message, SourceLocation{path, problem.line, problem.column});
    if (fields.size() == 1 && fields[0].text.empty()) continue;  // blank line
    if (columns == 0) {
      for (std::size_t i = 0; i < required_prefix.size(); ++i)
        if (i >= fields.size() || fields[i].text != required_prefix[i])
          throw InputError("expected column " + std::to_string(i + 1) + " to be '" + required_prefix[i] + "'",
                           SourceLocation{path, fields.front().line, i < fields.size() ? fields[i].column : 1});
      columns = fields.size();
      if (header_out)
        for (const auto& f : fields) header_out->emplace_back(f.text);
      continue;
    }
    if (fields.size() != columns)
      throw InputError("expected " + std::to_string(columns) + " fields, found " + std::to_string(fields.size()),
                       SourceLocation{path, fields.front().line, 1});
    row(fields);
  }
  if (columns == 0) throw InputError("no header row", SourceLocation{path, 0, 0});
}

double parse_number(const event_io::Field& field, const std::string& path, bool empty_is_nan) {
  if (field.text.empty() && empty_is_nan) return std::nan("");
  double value = 0;
  const auto result = std::from_chars(field.text.data(), field.text.data() + field.text.size(), value);
  if (result.ec != std::errc() || result.ptr != field.text.data() + field.text.size())
    throw InputError("'" + std::string(field.text) + "' is not a number", SourceLocation{path, field.line, field.column});
  return value;
}

std::string series_key(const std::string& scenario, const std::string& segment, const std::string& stage) {
  return scenario + '\x1f' + segment + '\x1f' + stage;
}

/// The scenarios and segments of summary.json, against which the CSVs' rows are checked.
struct RunKeys {
  std::map<std::string, std::size_t> scenario;  ///< id → index
  std::map<std::string, std::size_t> view;      ///< "all" and each segment → index
  explicit RunKeys(const RunSummary& summary) {
    for (const auto& s : summary.scenarios) scenario.emplace(s.id, scenario.size());
    view.emplace("all", 0);
    for (const auto& segment : summary.segments) view.emplace(segment, view.size());
  }
  /// Index of the (scenario, view) pair of a row; InputError at the field when either is unknown.
  std::size_t pair(const event_io::Field& scenario_field, const event_io::Field& segment_field,
                   const std::string& path) const {
    const auto sc = scenario.find(csv_text::value(scenario_field.text));
    if (sc == scenario.end())
      throw InputError("scenario '" + std::string(scenario_field.text) + "' is not in summary.json",
                       SourceLocation{path, scenario_field.line, scenario_field.column});
    const auto v = view.find(csv_text::value(segment_field.text));
    if (v == view.end())
      throw InputError("segment '" + std::string(segment_field.text) + "' is not in summary.json's segments",
                       SourceLocation{path, segment_field.line, segment_field.column});
    return sc->second * view.size() + v->second;
  }
};

/// trajectories.csv (`by_stage`: a stage column) or revenue.csv (no stage column: every row is
/// stored under the stage name "revenue").
Trajectories read_series(const std::string& path, const RunSummary& summary, bool by_stage) {
  Trajectories out;
  const RunKeys keys(summary);
  // Stages per scenario and segment; a run has at most limits::stages, so a
  // crafted file cannot start millions of series.
  std::vector<std::set<std::string>> stages(keys.scenario.size() * keys.view.size());
  std::map<std::string, std::size_t> next_period;  // per series: the period its next row must have
  std::vector<std::string> header{"scenario", "segment", "period"};
  if (by_stage) header.push_back("stage");
  header.push_back("mean");
  for (double level : summary.quantiles) header.push_back(quantile_key(level));
  // Fields: mean, then the levels in order (the median is among them); the interval pages show
  // is the lowest and the highest.
  const std::size_t mean = by_stage ? 4 : 3, low = mean + 1, high = mean + summary.quantiles.size();
  const std::size_t median =
      low + static_cast<std::size_t>(std::find(summary.quantiles.begin(), summary.quantiles.end(), 0.5) -
                                     summary.quantiles.begin());
  const std::string text = read_input_file(path, run_files::csv_bytes, "run CSV files", true);
  for_each_row(text, path, header, [&](const std::vector<event_io::Field>& f) {
    const std::size_t pair = keys.pair(f[0], f[1], path);
    const double period = parse_number(f[2], path, false);
    const std::string scenario = csv_text::value(f[0].text), segment = csv_text::value(f[1].text);
    const std::string stage = by_stage ? csv_text::value(f[3].text) : std::string("revenue");
    if (stages[pair].insert(stage).second && stages[pair].size() > limits::stages)
      throw InputError("more than " + std::to_string(limits::stages) + " stages for one scenario and segment",
                       SourceLocation{path, f[3].line, f[3].column});
    std::size_t& expected = next_period[series_key(scenario, segment, stage)];
    // Simulate writes each series' periods in order 0, 1, …, horizon − 1: anything else is a gap,
    // a duplicate, or a period past summary.json's horizon.
    if (period != static_cast<double>(expected) || period >= summary.horizon)
      throw InputError(period >= summary.horizon || period < 0 || period != std::floor(period)
                           ? "period must be a whole number from 0 to " + std::to_string(summary.horizon - 1) +
                                 " (summary.json's horizon is " + std::to_string(summary.horizon) + ")"
                           : "expected period " + std::to_string(expected) + " of this scenario, segment and stage",
                       SourceLocation{path, f[2].line, f[2].column});
    ++expected;
    out.set(scenario, segment, stage, static_cast<int>(period),
            TrajectoryPoint{parse_number(f[mean], path, false), parse_number(f[low], path, false),
                            parse_number(f[median], path, false), parse_number(f[high], path, false)});
  });
  for (const auto& [key, periods] : next_period)
    if (periods != static_cast<std::size_t>(summary.horizon)) {
      std::string shown = key;
      for (char& c : shown) c = c == '\x1f' ? '/' : c;
      throw InputError("the series " + shown + " has " + std::to_string(periods) +
                           " periods; summary.json's horizon is " + std::to_string(summary.horizon),
                       SourceLocation{path, 0, 0});
    }
  for (const auto& [scenario, sc] : keys.scenario)
    for (const auto& [view, v] : keys.view)
      if (stages[sc * keys.view.size() + v].empty())
        throw InputError("no rows for scenario '" + scenario + "', segment '" + view + "' of summary.json",
                         SourceLocation{path, 0, 0});
  return out;
}

ReplicateTable read_replicates(const std::string& path, const RunSummary& summary) {
  ReplicateTable table;
  const RunKeys keys(summary);
  // Per scenario and segment: the replicates seen. Indices must increase, so a duplicate is
  // refused at once and the rows held never exceed replicates × pairs.
  std::vector<long long> seen(keys.scenario.size() * keys.view.size(), 0), last(seen.size(), -1);
  std::vector<std::string> header;
  const std::string text = read_input_file(path, run_files::csv_bytes, "run CSV files", true);
  for_each_row(
      text, path, {"replicate", "scenario", "segment"},
      [&](const std::vector<event_io::Field>& f) {
        const std::size_t pair = keys.pair(f[1], f[2], path);
        const double r = parse_number(f[0], path, false);
        if (!(r >= 0 && r < static_cast<double>(summary.replicates)) || r != std::floor(r))
          throw InputError("replicate must be a whole number from 0 to " + std::to_string(summary.replicates - 1) +
                               " (summary.json's replicates is " + std::to_string(summary.replicates) + ")",
                           SourceLocation{path, f[0].line, f[0].column});
        if (static_cast<long long>(r) <= last[pair])
          throw InputError("replicate " + std::string(f[0].text) + " of this scenario and segment comes after replicate " +
                               std::to_string(last[pair]) + " (a duplicate, or out of order)",
                           SourceLocation{path, f[0].line, f[0].column});
        last[pair] = static_cast<long long>(r);
        ++seen[pair];
        table.replicate.push_back(static_cast<long long>(r));
        table.scenario.push_back(csv_text::value(f[1].text));
        table.segment.push_back(csv_text::value(f[2].text));
        std::vector<double> values;
        values.reserve(f.size() - 3);
        for (std::size_t i = 3; i < f.size(); ++i) values.push_back(parse_number(f[i], path, true));
        table.values.push_back(std::move(values));
      },
      &header);
  table.columns.assign(header.begin() + 3, header.end());
  for (const auto& [scenario, sc] : keys.scenario)
    for (const auto& [view, v] : keys.view)
      if (seen[sc * keys.view.size() + v] != summary.replicates)
        throw InputError("scenario '" + scenario + "', segment '" + view + "' has " +
                             std::to_string(seen[sc * keys.view.size() + v]) + " rows; summary.json's replicates is " +
                             std::to_string(summary.replicates),
                         SourceLocation{path, 0, 0});
  return table;
}

/// A copy of an input inside the run directory, checked against the hash summary.json holds.
std::string read_copy(const std::string& path, const std::string& expected, const std::string& summary_path,
                      const std::string& what) {
  std::string text = read_yaml_file(path, true);
  const std::string actual = sha256_hex(text);
  if (actual != expected)
    throw InputError("this copy of the " + what + " is not the one the run used: its SHA-256 is " + actual + ", " +
                         summary_path + " records " + expected +
                         "; it was changed after the run (run `journeysim simulate` again)",
                     SourceLocation{path, 0, 0});
  return text;
}

}  // namespace

const std::vector<TrajectoryPoint>* Trajectories::find(const std::string& scenario, const std::string& segment,
                                                       const std::string& stage) const {
  const auto it = series_.find(series_key(scenario, segment, stage));
  return it == series_.end() ? nullptr : &it->second;
}

void Trajectories::set(const std::string& scenario, const std::string& segment, const std::string& stage, int period,
                       const TrajectoryPoint& point) {
  auto& series = series_[series_key(scenario, segment, stage)];
  if (series.size() <= static_cast<std::size_t>(period)) series.resize(static_cast<std::size_t>(period) + 1);
  series[static_cast<std::size_t>(period)] = point;
}

std::vector<double> ReplicateTable::column(const std::string& scenario_id, const std::string& column_name,
                                           const std::string& segment_id) const {
  std::vector<double> out;
  std::size_t index = columns.size();
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == column_name) index = i;
  if (index == columns.size()) return out;
  for (std::size_t row = 0; row < values.size(); ++row)
    if (scenario[row] == scenario_id && segment[row] == segment_id) out.push_back(values[row][index]);
  return out;
}

RunResults read_run(const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(directory, ec))
    throw ConfigError(directory + (fs::exists(directory, ec) ? " is not a directory" : ": no such directory") +
                      "; give the --out directory of `journeysim simulate`");
  // Only these names inside DIR are read (never a path summary.json names), each as a regular
  // file of its own (InputFile refuses symbolic links).
  const auto inside = [&](const char* name) { return (fs::path(directory) / name).string(); };
  const std::string summary_path = inside(run_files::summary);
  if (!fs::exists(fs::symlink_status(summary_path, ec)))
    throw ConfigError(directory + " has no summary.json; is it the --out directory of `journeysim simulate`?");
  RunResults run;
  run.directory = directory;
  run.summary = parse_run_summary(read_input_file(summary_path, run_files::summary_bytes, "summary.json files", true),
                                  summary_path);
  run.model_path = inside(run_files::model);
  run.model_text = read_copy(run.model_path, run.summary.model_sha256, summary_path, "model");
  if (run.summary.fixes_sha256) {
    run.fixes_path = inside(run_files::fixes);
    run.fixes_text = read_copy(run.fixes_path, *run.summary.fixes_sha256, summary_path, "fixes file");
  }
  run.trajectories = read_series(inside(run_files::trajectories), run.summary, true);
  run.revenue = read_series(inside(run_files::revenue), run.summary, false);
  run.replicates = read_replicates(inside(run_files::replicates), run.summary);
  return run;
}

std::vector<std::string> run_input_files(const std::string& directory) {
  std::vector<std::string> files;
  for (const char* name : {run_files::summary, run_files::trajectories, run_files::revenue, run_files::replicates, run_files::model,
                           run_files::fixes, run_files::marker})
    files.push_back((std::filesystem::path(directory) / name).string());
  return files;
}

}  // namespace journeysim
