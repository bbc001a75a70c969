// The CSV files of a simulate run and the directory as a whole (SPEC §6).
#include "journeysim/io/run_reader.hpp"

#include <charconv>
#include <cmath>
#include <filesystem>

#include "journeysim/core/error.hpp"
#include "journeysim/io/source_file.hpp"

namespace journeysim {
namespace {

/// Splits one CSV line (RFC 4180 quoting; simulate writes ids that need none, but finance
/// tools that round-trip the file may add quotes).
std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

/// Calls `row(fields, line_number)` for every data line after checking the header.
template <typename RowFn>
void for_each_row(const std::string& path, const std::vector<std::string>& required_prefix, RowFn row,
                  std::vector<std::string>* header_out = nullptr) {
  const std::string text = read_input_file(path);
  std::size_t start = 0;
  int line_number = 0;
  std::vector<std::string> header;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line == "\r") continue;
    auto fields = split_csv_line(line);
    if (header.empty()) {
      header = fields;
      for (std::size_t i = 0; i < required_prefix.size(); ++i)
        if (i >= header.size() || header[i] != required_prefix[i])
          throw InputError("expected column " + std::to_string(i + 1) + " to be '" + required_prefix[i] + "'",
                           SourceLocation{path, line_number, 1});
      if (header_out) *header_out = header;
      continue;
    }
    if (fields.size() != header.size())
      throw InputError("expected " + std::to_string(header.size()) + " fields, found " + std::to_string(fields.size()),
                       SourceLocation{path, line_number, 1});
    row(fields, line_number);
  }
  if (header.empty()) throw InputError("no header row", SourceLocation{path, 0, 0});
}

/// Column (1-based) of field `index` in `line`, for carets.
int column_of(const std::vector<std::string>& fields, std::size_t index) {
  int column = 1;
  for (std::size_t i = 0; i < index; ++i) column += static_cast<int>(fields[i].size()) + 1;
  return column;
}

double parse_number(const std::vector<std::string>& fields, std::size_t index, const std::string& path, int line,
                    bool empty_is_nan) {
  const std::string& text = fields[index];
  if (text.empty() && empty_is_nan) return std::nan("");
  double value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size())
    throw InputError("'" + text + "' is not a number", SourceLocation{path, line, column_of(fields, index)});
  return value;
}

std::string series_key(const std::string& scenario, const std::string& segment, const std::string& stage) {
  return scenario + '\x1f' + segment + '\x1f' + stage;
}

Trajectories read_trajectories(const std::string& path) {
  Trajectories out;
  const std::vector<std::string> header{"scenario", "segment", "period", "stage", "mean", "p05", "p50", "p95"};
  for_each_row(path, header, [&](const std::vector<std::string>& f, int line) {
    const double period = parse_number(f, 2, path, line, false);
    if (period < 0 || period != std::floor(period) || period > 1e7)
      throw InputError("period must be a whole number ≥ 0", SourceLocation{path, line, column_of(f, 2)});
    out.set(f[0], f[1], f[3], static_cast<int>(period),
            TrajectoryPoint{parse_number(f, 4, path, line, false), parse_number(f, 5, path, line, false),
                            parse_number(f, 6, path, line, false), parse_number(f, 7, path, line, false)});
  });
  return out;
}

ReplicateTable read_replicates(const std::string& path) {
  ReplicateTable table;
  std::vector<std::string> header;
  for_each_row(
      path, {"replicate", "scenario", "segment"},
      [&](const std::vector<std::string>& f, int line) {
        table.replicate.push_back(static_cast<long long>(parse_number(f, 0, path, line, false)));
        table.scenario.push_back(f[1]);
        table.segment.push_back(f[2]);
        std::vector<double> values;
        for (std::size_t i = 3; i < f.size(); ++i) values.push_back(parse_number(f, i, path, line, true));
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
