// The CSV files of a simulate run and the directory as a whole (SPEC §6).
#include "journeysim/io/run_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>

#include "journeysim/core/error.hpp"
#include "event_csv.hpp"
#include "journeysim/io/source_file.hpp"

namespace journeysim {
namespace {

/// Calls `row(fields)` for every data record after checking the header's first columns.
/// Tokenizing (RFC 4180 quoting, CRLF, field positions) is the event log reader's.
template <typename RowFn>
void for_each_row(const std::string& path, const std::vector<std::string>& required_prefix, RowFn row,
                  std::vector<std::string>* header_out = nullptr) {
  const std::string text = read_input_file(path);
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

Trajectories read_trajectories(const std::string& path) {
  Trajectories out;
  const std::vector<std::string> header{"scenario", "segment", "period", "stage", "mean", "p05", "p50", "p95"};
  for_each_row(path, header, [&](const std::vector<event_io::Field>& f) {
    const double period = parse_number(f[2], path, false);
    if (period < 0 || period != std::floor(period) || period > 1e7)
      throw InputError("period must be a whole number ≥ 0", SourceLocation{path, f[2].line, f[2].column});
    out.set(std::string(f[0].text), std::string(f[1].text), std::string(f[3].text), static_cast<int>(period),
            TrajectoryPoint{parse_number(f[4], path, false), parse_number(f[5], path, false),
                            parse_number(f[6], path, false), parse_number(f[7], path, false)});
  });
  return out;
}

ReplicateTable read_replicates(const std::string& path) {
  ReplicateTable table;
  std::vector<std::string> header;
  for_each_row(
      path, {"replicate", "scenario", "segment"},
      [&](const std::vector<event_io::Field>& f) {
        table.replicate.push_back(static_cast<long long>(parse_number(f[0], path, false)));
        table.scenario.emplace_back(f[1].text);
        table.segment.emplace_back(f[2].text);
        std::vector<double> values;
        values.reserve(f.size() - 3);
        for (std::size_t i = 3; i < f.size(); ++i) values.push_back(parse_number(f[i], path, true));
        table.values.push_back(std::move(values));
      },
      &header);
  table.columns.assign(header.begin() + 3, header.end());
  return table;
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
  const std::string summary_path = (fs::path(directory) / "summary.json").string();
  if (!fs::exists(summary_path, ec))
    throw ConfigError(directory + " has no summary.json; is it the --out directory of `journeysim simulate`?");
  RunResults run;
  run.directory = directory;
  run.summary = parse_run_summary(read_input_file(summary_path), summary_path);
  run.trajectories = read_trajectories((fs::path(directory) / "trajectories.csv").string());
  run.replicates = read_replicates((fs::path(directory) / "replicates.csv").string());
  return run;
}

std::string locate_run_input(const RunResults& run, const std::string& given, const std::string& absolute,
                             const std::string& what) {
  namespace fs = std::filesystem;
  std::vector<std::string> tried;
  std::error_code ec;
  auto candidate = [&](const fs::path& path) {
    tried.push_back(path.string());
    return fs::is_regular_file(path, ec);
  };
  if (!absolute.empty() && candidate(absolute)) return absolute;
  const fs::path path(given);
  if (candidate(path)) return path.string();
  if (path.is_relative()) {
    fs::path dir = fs::absolute(run.directory, ec).lexically_normal();
    if (dir.filename().empty()) dir = dir.parent_path();  // "run/" names the same directory as "run"
    if (candidate(dir.parent_path() / path)) return (dir.parent_path() / path).string();
    if (candidate(dir / path)) return (dir / path).string();
  }
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + t;
  throw ConfigError("cannot find the " + what + " '" + given + "' named in " + run.directory +
                    "/summary.json (tried " + list + ")");
}

}  // namespace journeysim
