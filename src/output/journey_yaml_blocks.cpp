// The regenerated blocks of a calibrated model: transitions, population, segments, calibration.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "journey_yaml_blocks.hpp"
#include "journeysim/core/number_text.hpp"

namespace journeysim {
namespace {

/// Probabilities keep 10 significant digits: each cell moves by < 5e-11, so a row that sums
/// to 1 stays within the reader's 1e-9 tolerance.
std::string yaml_number(double value, int digits = 10) { return format_significant(value, digits); }

/// A double-quoted YAML scalar.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

/// `{a: 1, b: 2}` over stages with a value to show.
template <typename Value>
std::string stage_map(const Journey& journey, const std::vector<Value>& values, bool (*show)(const Value&),
                      std::string (*format)(const Value&)) {
  std::string out = "{";
  for (StageIndex s = 0; s < values.size(); ++s) {
    if (!show(values[s])) continue;
    out += (out.size() > 1 ? ", " : "") + journey.stages[s].id + ": " + format(values[s]);
  }
  return out + "}";
}

bool positive(const double& v) { return v > 0; }
std::string plain(const double& v) { return yaml_number(v); }
std::string whole(const double& v) { return format_fixed(v, 0); }

void write_rows(std::ostringstream& out, const Journey& journey, const std::vector<TransitionRow>& rows,
                const std::string& indent) {
  for (const auto& row : rows) {
    out << indent << journey.stages[row.from].id << ": {";
    for (std::size_t i = 0; i < row.cells.size(); ++i)
      out << (i ? ", " : "") << journey.stages[row.cells[i].to].id << ": " << yaml_number(row.cells[i].probability);
    out << "}\n";
  }
}

/// `STAGE:\n  time_in_stage:\n    "1": {...}` for each bucket of `rows`.
void write_bucketed_rows(std::ostringstream& out, const Journey& journey, const TimeInStageRows& rows,
                         const std::string& indent) {
  out << indent << journey.stages[rows.stage].id << ":\n" << indent << "  time_in_stage:\n";
  for (std::size_t b = 0; b < rows.buckets.size(); ++b) {
    out << indent << "    " << quoted(rows.buckets[b].label()) << ": {";
    const auto& cells = rows.rows[b].cells;
    for (std::size_t i = 0; i < cells.size(); ++i)
      out << (i ? ", " : "") << journey.stages[cells[i].to].id << ": " << yaml_number(cells[i].probability);
    out << "}\n";
  }
}

/// The journey's rows in their order, each stage's bucketed rows placed before the first plain
/// row of a later stage (a model without bucketed rows is written as before).
void write_all_rows(std::ostringstream& out, const Journey& journey, const std::string& indent) {
  std::size_t next = 0;
  // Rows derived from a propensity are written as the plain row they come from, in stage order.
  std::vector<TimeInStageRows> bucketed;
  for (const auto& rows : journey.time_in_stage)
    if (!rows.derived) bucketed.push_back(rows);
  std::vector<TransitionRow> plain = journey.transitions;
  if (!journey.propensity_base.empty()) {
    plain.insert(plain.end(), journey.propensity_base.begin(), journey.propensity_base.end());
    std::stable_sort(plain.begin(), plain.end(), [](const TransitionRow& a, const TransitionRow& b) { return a.from < b.from; });
  }
  for (const auto& row : plain) {
    for (; next < bucketed.size() && bucketed[next].stage < row.from; ++next)
      write_bucketed_rows(out, journey, bucketed[next], indent);
    write_rows(out, journey, {row}, indent);
  }
  for (; next < bucketed.size(); ++next) write_bucketed_rows(out, journey, bucketed[next], indent);
}

/// True when some row has a count: a `counts:` key with no rows under it reads back as null
/// and fails validation (a log segment whose customers were only seen in terminal stages;
/// found by fuzz_events).
bool any_count(const TransitionCounts& counts) {
  for (const auto& row : counts.counts)
    for (double c : row)
      if (c > 0) return true;
  return false;
}

void write_counts(std::ostringstream& out, const Journey& journey, const TransitionCounts& counts,
                  const std::string& indent, bool by_time_in_stage = false) {
  for (StageIndex from = 0; from < counts.counts.size(); ++from) {
    const TimeInStageRows* rows = by_time_in_stage ? journey.time_in_stage_of(from) : nullptr;
    if (rows && !rows->counts.empty()) {  // per bucket, in the buckets' labels
      out << indent << journey.stages[from].id << ":\n" << indent << "  time_in_stage:\n";
      for (std::size_t b = 0; b < rows->buckets.size(); ++b)
        out << indent << "    " << quoted(rows->buckets[b].label()) << ": "
            << stage_map(journey, rows->counts[b], &positive, &whole) << "\n";
      continue;
    }
    double total = 0;
    for (double c : counts.counts[from]) total += c;
    if (total == 0) continue;
    out << indent << journey.stages[from].id << ": " << stage_map(journey, counts.counts[from], &positive, &whole)
        << "\n";
  }
}

/// Name and description of a template segment, as written in the template.
void write_segment_text(std::ostringstream& out, const YAML::Node& segments, const std::string& id) {
  if (!segments || !segments.IsSequence()) return;
  for (const auto& item : segments) {
    if (!item.IsMap() || !item["id"] || item["id"].Scalar() != id) continue;
    for (const char* key : {"name", "description"})
      if (item[key] && item[key].IsScalar()) out << "    " << key << ": " << quoted(item[key].Scalar()) << "\n";
  }
}

void write_segments(std::ostringstream& out, const Journey& journey, const YAML::Node& template_segments) {
  out << "segments:\n";
  for (const Segment& segment : journey.segments) {
    out << "  - id: " << quoted(segment.id) << "\n";
    write_segment_text(out, template_segments, segment.id);
    if (segment.share) out << "    share: " << yaml_number(*segment.share) << "\n";
    if (!segment.transitions.empty()) {
      out << "    transitions:\n";
      write_rows(out, journey, segment.transitions, "      ");
    }
    if (segment.initial || segment.inflow) {
      out << "    population:\n";
      if (segment.initial) out << "      initial: " << stage_map(journey, *segment.initial, &positive, &whole) << "\n";
      if (segment.inflow) out << "      inflow: " << stage_map(journey, *segment.inflow, &positive, &plain) << "\n";
    }
    if (!segment.revenue_per_period.empty()) {
      out << "    revenue: {";
      bool first = true;
      for (const auto& [stage, revenue] : segment.revenue_per_period) {
        out << (first ? "" : ", ") << journey.stages[stage].id << ": " << yaml_number(revenue);
        first = false;
      }
      out << "}\n";
    }
    if (any_count(segment.counts)) {
      out << "    calibration:\n      counts:\n";
      write_counts(out, journey, segment.counts, "        ");
    }
  }
}

void write_calibration(std::ostringstream& out, const Journey& journey) {
  const Calibration& c = journey.calibration;
  out << "calibration:\n"
      << "  source: " << quoted(c.source) << "\n"
      << "  as_of: " << quoted(c.as_of) << "\n";
  if (c.period) out << "  period: " << to_string(*c.period) << "\n";
  out << "  prior: " << yaml_number(c.prior) << "\n"
      << "  customers: " << c.customers << "\n"
      << "  events: " << c.events << "\n"
      << "  interval_method: " << quoted(c.interval_method) << "\n";
  if (any_count(c.counts)) {
    out << "  counts:                # transitions between consecutive period ends, stays included\n";
    write_counts(out, journey, c.counts, "    ", true);
  }
  if (!c.intervals.empty() || !c.bucket_intervals.empty()) {
    out << "  intervals:             # 95% interval per estimated cell\n";
    const auto cells_text = [&](const std::map<StageIndex, std::pair<double, double>>& cells) {
      std::string text = "{";
      for (const auto& [to, interval] : cells)
        text += (text.size() > 1 ? ", " : "") + journey.stages[to].id + ": [" + yaml_number(interval.first, 6) + ", " +
                yaml_number(interval.second, 6) + "]";
      return text + "}";
    };
    for (StageIndex from = 0; from < journey.stage_count(); ++from) {
      if (const auto row = c.intervals.find(from); row != c.intervals.end())
        out << "    " << journey.stages[from].id << ": " << cells_text(row->second) << "\n";
      const auto buckets = c.bucket_intervals.find(from);
      if (buckets == c.bucket_intervals.end()) continue;
      out << "    " << journey.stages[from].id << ":\n      time_in_stage:\n";
      // In the stage's bucket order (the labels sort as text otherwise: "13+" before "2-3").
      const TimeInStageRows* rows = journey.time_in_stage_of(from);
      std::vector<std::string> labels;
      if (rows)
        for (const TenureBucket& bucket : rows->buckets) labels.push_back(bucket.label());
      for (const auto& [label, cells] : buckets->second)
        if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
      for (const std::string& label : labels)
        if (const auto cells = buckets->second.find(label); cells != buckets->second.end())
          out << "        \"" << label << "\": " << cells_text(cells->second) << "\n";
    }
  }
  if (!c.homogeneity.empty()) {
    out << "  homogeneity:           # first vs second half of the window; p adjusted by Holm across rows\n";
    for (const auto& test : c.homogeneity)
      out << "    " << journey.stages[test.from].id << ": {statistic: " << yaml_number(test.statistic, 6)
          << ", df: " << test.degrees_of_freedom << ", p_value: " << yaml_number(test.p_value, 4)
          << ", adjusted_p_value: " << yaml_number(test.adjusted_p_value, 4)
          << ", test: " << (test.method == HomogeneityMethod::exact ? "fisher-exact" : "chi-square") << "}\n";
  }
  out << "  flagged_rows: [";
  for (std::size_t i = 0; i < c.flagged_rows.size(); ++i)
    out << (i ? ", " : "") << journey.stages[c.flagged_rows[i]].id;
  out << "]\n";
  if (!c.inflow_sd.empty()) out << "  inflow_sd: " << stage_map(journey, c.inflow_sd, &positive, &plain) << "\n";
  if (c.inflow_periods > 0) out << "  inflow_periods: " << c.inflow_periods << "\n";
}

}  // namespace

namespace yaml_blocks {

std::string transitions(const Journey& journey) {
  std::ostringstream out;
  out << "transitions:\n";
  write_all_rows(out, journey, "  ");
  return out.str();
}

namespace {

/// `{a: 3, b: {time_in_stage: {"1": 2, "2": 0, "3+": 5}}}`: plain counts, and by period in stage
/// for stages that have them (one label per period before the open-ended bucket's, then "K+").
std::string initial_map(const Journey& journey) {
  const Population& population = journey.population;
  std::string out = "{";
  for (StageIndex s = 0; s < population.initial.size(); ++s) {
    if (!positive(population.initial[s])) continue;
    out += (out.size() > 1 ? ", " : "") + journey.stages[s].id + ": ";
    const auto by_period = population.initial_by_period.find(s);
    if (by_period == population.initial_by_period.end()) {
      out += whole(population.initial[s]);
      continue;
    }
    std::vector<double> counts = by_period->second;
    // A stage with rows derived from a propensity has one state per forecast period: its
    // customers are written by the periods they have been there, up to the longest.
    const TimeInStageRows* rows = journey.time_in_stage_of(s);
    const bool derived = rows && rows->derived;
    if (derived)
      while (counts.size() > 1 && !positive(counts.back())) counts.pop_back();
    out += "{time_in_stage: {";
    for (std::size_t k = 0; k < counts.size(); ++k)
      out += (k ? ", " : "") + quoted(std::to_string(k + 1) + (k + 1 == counts.size() && !derived ? "+" : "")) +
             ": " + whole(counts[k]);
    out += "}}";
  }
  return out + "}";
}

}  // namespace

std::string heterogeneity(const Journey& journey) {
  if (journey.propensities.empty()) return {};
  std::ostringstream out;
  out << "heterogeneity:          # each customer's own probability of one exit per period: Beta(alpha, beta)\n";
  for (const BetaPropensity& p : journey.propensities) {
    out << "  " << journey.stages[p.stage].id << ": {" << journey.stages[p.to].id << ": {beta: {alpha: " << yaml_number(p.alpha)
        << ", beta: " << yaml_number(p.beta);
    if (p.uncertain())
      out << ", alpha_se: " << yaml_number(p.alpha_se, 4) << ", beta_se: " << yaml_number(p.beta_se, 4)
          << ", correlation: " << yaml_number(p.correlation, 4);
    out << "}}}\n";
  }
  return out.str();
}

std::string population(const Journey& journey) {
  std::ostringstream out;
  out << "population:\n"
      << "  initial: " << initial_map(journey) << "\n"
      << "  inflow: " << stage_map(journey, journey.population.inflow, &positive, &plain) << "\n";
  return out.str();
}

std::string segments(const Journey& journey, const std::string& template_text) {
  if (journey.segments.empty()) return {};
  YAML::Node template_segments;
  if (!template_text.empty()) {
    const YAML::Node root = YAML::Load(template_text);
    // Only when present: assigning a missing key's node throws YAML::InvalidNode (a template
    // without segments, calibrated from a log with a segment column; found by the bad-input
    // corpus, tests/data/bad/events_*).
    if (root.IsMap() && root["segments"]) template_segments = root["segments"];
  }
  std::ostringstream out;
  write_segments(out, journey, template_segments);
  return out.str();
}

std::string calibration(const Journey& journey) {
  if (!journey.calibration.present) return {};
  std::ostringstream out;
  write_calibration(out, journey);
  return out.str();
}

}  // namespace yaml_blocks

std::string calibrated_blocks_yaml(const Journey& calibrated, const std::string& template_text) {
  std::string out = yaml_blocks::transitions(calibrated) + "\n" + yaml_blocks::population(calibrated);
  for (const std::string& block : {yaml_blocks::heterogeneity(calibrated), yaml_blocks::segments(calibrated, template_text), yaml_blocks::calibration(calibrated)})
    if (!block.empty()) out += "\n" + block;
  return out;
}

}  // namespace journeysim
