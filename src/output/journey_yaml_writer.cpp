// Splicing calibrated content into the template's text (see journey_yaml_writer.hpp).
#include "journeysim/output/journey_yaml_writer.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <map>
#include <tuple>

#include "journey_yaml_blocks.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/core/number_text.hpp"

namespace journeysim {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t newline = text.find('\n', start);
    const std::size_t stop = newline == std::string::npos ? text.size() : newline + 1;
    lines.push_back(text.substr(start, stop - start));
    start = stop;
  }
  if (!lines.empty() && lines.back().back() != '\n') lines.back() += '\n';
  return lines;
}

bool blank_or_comment(const std::string& line) {
  const std::size_t first = line.find_first_not_of(" \t\r\n");
  return first == std::string::npos || line[first] == '#';
}

/// Replaces the scalar after `key:` on `line`; false when the key is not on it.
bool replace_scalar(std::string& line, const std::string& key, const std::string& value) {
  const std::size_t k = line.find(key + ":");
  if (k == std::string::npos) return false;
  std::size_t begin = line.find_first_not_of(' ', k + key.size() + 1);
  if (begin == std::string::npos) begin = line.size();
  std::size_t end = begin;
  if (begin < line.size() && (line[begin] == '"' || line[begin] == '\'')) {
    end = line.find(line[begin], begin + 1);
    end = end == std::string::npos ? line.size() : end + 1;
  } else {
    while (end < line.size() && std::string(",}]\r\n").find(line[end]) == std::string::npos &&
           !(line[end] == '#' && end > 0 && line[end - 1] == ' '))
      ++end;
    while (end > begin && line[end - 1] == ' ') --end;
  }
  line.replace(begin, end - begin, value);
  return true;
}

/// A scalar field for a mapping whose `anchor_key:` is on line `line_index`: replaced there
/// when `existing` says the field is present on line `field_line`, else added — as a new line
/// at the anchor's indentation (block style) or before the closing brace (flow style).
void set_field(std::vector<std::string>& lines, std::map<std::size_t, std::string>& inserts,
               std::size_t anchor_line, const std::string& anchor_key, int field_line, const std::string& key,
               const std::string& value) {
  if (field_line > 0 && replace_scalar(lines[static_cast<std::size_t>(field_line - 1)], key, value)) return;
  std::string& line = lines[anchor_line];
  const std::size_t k = line.find(anchor_key + ":");
  const std::size_t prefix_end = line.find_first_not_of(" -", 0);
  if (k != std::string::npos && prefix_end == k) {
    inserts[anchor_line] += std::string(k, ' ') + key + ": " + value + "\n";
    return;
  }
  const std::size_t brace = line.rfind('}');
  if (k != std::string::npos && brace != std::string::npos && brace > k) {
    line.insert(brace, ", " + key + ": " + value);
    return;
  }
  throw ConfigError("cannot place '" + key + "' on line " + std::to_string(anchor_line + 1) +
                    " of the template: write it in the template (any value) and calibrate again");
}

}  // namespace

std::string calibrated_journey_yaml(const std::string& template_text, const Journey& template_journey,
                                    const Journey& calibrated) {
  std::vector<std::string> lines = split_lines(template_text);
  std::map<std::size_t, std::string> inserts;  // text to add after a line
  const YAML::Node root = YAML::Load(template_text);

  // Scalars inside the kept blocks: the journey's period and horizon, each stage's revenue.
  std::vector<std::pair<std::string, std::size_t>> top;  // key, 0-based line
  for (auto it = root.begin(); it != root.end(); ++it)
    top.emplace_back(it->first.Scalar(), static_cast<std::size_t>(it->first.Mark().line));
  const auto where = [](const std::map<std::string, SourceLocation>& fields, const std::string& key) {
    const auto it = fields.find(key);
    return it == fields.end() ? 0 : it->second.line;
  };
  if (calibrated.info.period != template_journey.info.period) {
    std::size_t journey_line = 0;
    for (const auto& [key, line] : top)
      if (key == "journey") journey_line = line;
    const auto& fields = template_journey.info.field_where;
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"period", to_string(calibrated.info.period)},
                                     {"horizon", std::to_string(calibrated.info.horizon)}}) {
      if (where(fields, key) > 0) replace_scalar(lines[static_cast<std::size_t>(where(fields, key) - 1)], key, value);
      else inserts[journey_line] += "  " + key + ": " + value + "\n";
    }
  }
  // Money per customer-period (estimated, or restated when the period changed) and the
  // `periods` target (restated with the period), where they differ from the template.
  for (StageIndex s = 0; s < calibrated.stage_count(); ++s) {
    const Stage& before = template_journey.stages[s];
    const Stage& after = calibrated.stages[s];
    const auto anchor = static_cast<std::size_t>(before.where.line - 1);
    for (const auto& [key, old_value, new_value] :
         {std::tuple<std::string, double, double>{"revenue_per_period", before.revenue_per_period, after.revenue_per_period},
          {"cost_per_period", before.cost_per_period, after.cost_per_period}})
      if (new_value != old_value)
        set_field(lines, inserts, anchor, "id", where(before.field_where, key), key, format_significant(new_value, 10));
    const auto target = after.targets.find("periods");
    const int target_line = where(before.field_where, "targets.periods");
    if (target != after.targets.end() && target->second != before.targets.at("periods") &&
        !(target_line > 0 && replace_scalar(lines[static_cast<std::size_t>(target_line - 1)], "periods",
                                            format_significant(target->second, 10))))
      throw ConfigError("cannot restate the 'periods' target of stage '" + before.id +
                        "' for the new period: write the target on one line in the template");
  }

  // Whole blocks, replaced where they are or appended. A block ends before the comments and
  // blank lines that lead into the next key (they describe that key).
  std::vector<std::pair<std::string, std::string>> blocks{
      {"transitions", yaml_blocks::transitions(calibrated)},
      {"population", yaml_blocks::population(calibrated)},
      {"heterogeneity", yaml_blocks::heterogeneity(calibrated)},
      {"calibration", yaml_blocks::calibration(calibrated)}};
  bool segments_calibrated = false;
  for (std::size_t g = 0; g < calibrated.segments.size(); ++g) {
    const Segment& segment = calibrated.segments[g];
    // A new period restates segments' revenue overrides too, so their block is rewritten; so
    // does a log's revenue estimated for everyone replacing them (calibrate_segments).
    const bool revenue_dropped = g < template_journey.segments.size() &&
                                 !template_journey.segments[g].revenue_per_period.empty() &&
                                 segment.revenue_per_period.empty();
    segments_calibrated |= !segment.counts.empty() || revenue_dropped ||
                           (calibrated.info.period != template_journey.info.period && !segment.revenue_per_period.empty());
  }
  if (segments_calibrated) blocks.insert(blocks.begin() + 2, {"segments", yaml_blocks::segments(calibrated, template_text)});
  std::map<std::size_t, std::pair<std::size_t, std::string>> replaced;  // start → (end, text)
  std::string appended;
  for (const auto& [key, text] : blocks) {
    std::size_t i = 0;
    while (i < top.size() && top[i].first != key) ++i;
    if (i == top.size()) {
      if (!text.empty()) appended += "\n" + text;
      continue;
    }
    std::size_t end = i + 1 < top.size() ? top[i + 1].second : lines.size();
    while (end > top[i].second + 1 && blank_or_comment(lines[end - 1])) --end;
    replaced[top[i].second] = {end, text};
  }
  std::string out;
  for (std::size_t i = 0; i < lines.size();) {
    const auto block = replaced.find(i);
    if (block != replaced.end()) {
      out += block->second.second;
      i = block->second.first;
      continue;
    }
    out += lines[i];
    if (const auto insert = inserts.find(i); insert != inserts.end()) out += insert->second;
    ++i;
  }
  return out + appended;
}

}  // namespace journeysim
