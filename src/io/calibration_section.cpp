// The `calibration` and `segments` blocks of the model file.
#include "journeysim/core/suggest.hpp"
#include "journeysim/model/limits.hpp"
#include <optional>

#include "journeysim/core/civil_time.hpp"
#include "model_sections.hpp"

namespace journeysim::model_io {
namespace {

/// One row's `{TO: [low, high], ...}`.
std::map<StageIndex, std::pair<double, double>> read_interval_cells(const YAML::Node& node, const std::string& file,
                                                                    const Journey& journey, const std::string& what) {
  std::map<StageIndex, std::pair<double, double>> out;
  const yaml::Map cells(node, file, what);
  for (const auto& [to_id, to_node] : cells.keys()) {
    const StageIndex to = stage_ref(to_node, file, journey, what);
    const YAML::Node pair = cells.get(to_id);
    if (!pair.IsSequence() || pair.size() != 2)
      throw InputError("interval of " + what + " -> " + to_id + " must be [low, high]", cells.value_where(to_id));
    out[to] = {yaml::to_number(pair[0], file, "interval low"), yaml::to_number(pair[1], file, "interval high")};
  }
  return out;
}

void read_intervals(const YAML::Node& node, const std::string& file, const Journey& journey,
                    Calibration& calibration) {
  const yaml::Map rows(node, file, "calibration.intervals");
  for (const auto& [from_id, from_node] : rows.keys()) {
    const StageIndex from = stage_ref(from_node, file, journey, "calibration.intervals");
    const std::string what = "calibration.intervals." + from_id;
    const YAML::Node row = rows.get(from_id);
    if (!(row.IsMap() && row["time_in_stage"])) {
      calibration.intervals[from] = read_interval_cells(row, file, journey, what);
      continue;
    }
    // By bucket, with the labels of the stage's rows by time in stage.
    const TimeInStageRows* stage_rows = journey.time_in_stage_of(from);
    const yaml::Map probe(row, file, what, {"time_in_stage"});
    if (!stage_rows)
      throw InputError(what + " is by time in stage, but the rows of '" + from_id + "' are not",
                       probe.key_where("time_in_stage"));
    std::vector<std::string> labels;
    for (const TenureBucket& bucket : stage_rows->buckets) labels.push_back(bucket.label());
    const yaml::Map buckets(probe.get("time_in_stage"), file, what + ".time_in_stage");
    for (const auto& [label, label_node] : buckets.keys()) {
      if (std::find(labels.begin(), labels.end(), label) == labels.end())
        throw InputError("'" + label + "' in " + what + ".time_in_stage is not a bucket of '" + from_id + "'" +
                             did_you_mean(label, labels),
                         yaml::location(label_node, file));
      calibration.bucket_intervals[from][label] =
          read_interval_cells(buckets.get(label), file, journey, what + ".time_in_stage." + label);
    }
  }
}

void read_homogeneity(const YAML::Node& node, const std::string& file, const Journey& journey,
                      Calibration& calibration) {
  const yaml::Map rows(node, file, "calibration.homogeneity");
  for (const auto& [from_id, from_node] : rows.keys()) {
    HomogeneityResult result;
    result.from = stage_ref(from_node, file, journey, "calibration.homogeneity");
    const yaml::Map test(rows.get(from_id), file, "calibration.homogeneity." + from_id,
                         {"statistic", "df", "p_value", "adjusted_p_value", "test"});
    result.statistic = test.number_or("statistic", 0);
    if (test.has("df"))
      result.degrees_of_freedom = static_cast<int>(yaml::to_integer(test.get("df"), file, "df", 0, 1000000));
    result.p_value = test.number_or("p_value", 1);
    // Files from before the Holm correction carry no adjusted value: the row's own p stands.
    result.adjusted_p_value = test.number_or("adjusted_p_value", result.p_value);
    if (test.has("test")) {
      const std::string method = test.string_or("test", "");
      if (method != "chi-square" && method != "fisher-exact")
        throw InputError("calibration.homogeneity." + from_id + ".test must be chi-square or fisher-exact, got '" +
                             method + "'",
                         test.value_where("test"));
      result.method = method == "fisher-exact" ? HomogeneityMethod::exact : HomogeneityMethod::chi_square;
    }
    calibration.homogeneity.push_back(result);
  }
}

/// Why `text` is not an as-of time (an ISO 8601 date or date-time, as calibrate writes it,
/// between 1970 and 9999), or nullopt. The calendar rules are civil_time's, the one parser.
std::optional<std::string> as_of_problem(const std::string& text) {
  UtcMillis time = 0;
  std::string problem;
  if (!parse_iso_timestamp(text, time, problem)) return problem;
  const int year = civil_from_days(floor_div(time, millis_per_day)).year;
  if (year < 1970 || year > 9999) return "year " + std::to_string(year) + " is outside 1970-9999";
  return std::nullopt;
}

}  // namespace

Calibration read_calibration(const YAML::Node& node, const std::string& file, Journey& journey) {
  const yaml::Map map(node, file, "calibration",
                      {"source", "as_of", "period", "prior", "customers", "events", "counts",
                       "interval_method", "intervals", "homogeneity", "flagged_rows", "inflow_sd",
                       "inflow_periods"});
  Calibration calibration;
  calibration.present = true;
  calibration.where = map.where();
  calibration.source = map.string_or("source", "");
  calibration.as_of = map.string_or("as_of", "");
  if (map.has("as_of"))
    if (const auto problem = as_of_problem(calibration.as_of))
      throw InputError("calibration.as_of '" + calibration.as_of + "' is not a valid date: " + *problem,
                       map.value_where("as_of"));
  calibration.interval_method = map.string_or("interval_method", "");
  if (map.has("period")) {
    const std::string text = yaml::to_string(map.get("period"), file, "calibration.period");
    calibration.period = parse_period(text);
    if (!calibration.period)
      throw InputError("unknown period '" + text + "' (expected day, week, month, quarter or year)",
                       map.value_where("period"));
  }
  calibration.prior = map.number_or("prior", 0);
  if (calibration.prior < 0 || calibration.prior > limits::amount)
    throw InputError("calibration.prior must be between 0 and 1e15", map.value_where("prior"));
  // Counts of things: whole and non-negative, or the diagnostics that print them lie.
  if (map.has("customers"))
    calibration.customers = yaml::to_integer(map.get("customers"), file, "calibration.customers", 0,
                                             1'000'000'000'000LL);
  if (map.has("events"))
    calibration.events = yaml::to_integer(map.get("events"), file, "calibration.events", 0,
                                          1'000'000'000'000LL);
  if (map.has("counts"))
    calibration.counts = read_counts(map.get("counts"), file, journey, "calibration.counts", &journey.time_in_stage);
  if (map.has("intervals")) read_intervals(map.get("intervals"), file, journey, calibration);
  if (map.has("homogeneity")) read_homogeneity(map.get("homogeneity"), file, journey, calibration);
  if (map.has("flagged_rows")) {
    const YAML::Node list = map.get("flagged_rows");
    if (!list.IsSequence())
      throw InputError("calibration.flagged_rows must be a list of stage ids", map.value_where("flagged_rows"));
    for (const auto& item : list)
      calibration.flagged_rows.push_back(stage_ref(item, file, journey, "calibration.flagged_rows"));
  }
  if (map.has("inflow_sd")) {
    calibration.inflow_sd.assign(journey.stages.size(), 0.0);
    read_stage_numbers(map.get("inflow_sd"), file, journey, "calibration.inflow_sd",
                       calibration.inflow_sd, nullptr);
  }
  if (map.has("inflow_periods"))
    calibration.inflow_periods = yaml::to_integer(map.get("inflow_periods"), file, "calibration.inflow_periods", 0,
                                                  1'000'000'000LL);
  return calibration;
}

std::vector<Segment> read_segments(const YAML::Node& node, const std::string& file,
                                   const Journey& journey) {
  if (!node.IsSequence())
    throw InputError("segments must be a list, got " + yaml::kind_of(node), yaml::location(node, file));
  if (node.size() > limits::segments)
    throw InputError("the journey has " + std::to_string(node.size()) + " segments; at most " +
                         std::to_string(limits::segments) + " are supported",
                     yaml::location(node[limits::segments], file));
  std::vector<Segment> segments;
  for (const auto& item : node) {
    const std::vector<std::string> keys{"id", "name", "description", "share", "transitions",
                                        "population", "revenue", "calibration"};
    const yaml::Map probe(item, file, "a segment", keys);
    Segment segment;
    segment.id = probe.required_string("id");
    segment.where = probe.value_where("id");
    const std::string what = "segment '" + segment.id + "'";
    for (const auto& earlier : segments)
      if (earlier.id == segment.id)
        throw InputError("duplicate segment id '" + segment.id + "'", segment.where);
    if (segment.id == "all" || segment.id == "default")
      throw InputError("segment id '" + segment.id + "' is reserved for totals", segment.where);
    for (const auto& [key, key_node] : probe.keys()) segment.field_where[key] = probe.value_where(key);
    segment.name = probe.string_or("name", segment.id);
    segment.share = probe.optional_number("share");
    if (probe.has("transitions"))
      segment.transitions =
          read_transitions(probe.get("transitions"), file, journey, what + " transitions", &segment.time_in_stage);
    if (probe.has("population")) {
      const yaml::Map population(probe.get("population"), file, what + " population", {"initial", "inflow"});
      // Locations are kept per stage so a negative count is reported at its own value.
      for (const std::string key : {"initial", "inflow"}) {
        if (!population.has(key)) continue;
        std::vector<double> values(journey.stages.size(), 0.0);
        std::map<StageIndex, SourceLocation> where;
        read_stage_numbers(population.get(key), file, journey, what + " population." + key, values, &where);
        for (const auto& [stage, location] : where)
          segment.field_where["population." + key + "." + journey.stages[stage].id] = location;
        (key == "initial" ? segment.initial : segment.inflow) = std::move(values);
      }
    }
    if (probe.has("revenue")) {
      const yaml::Map revenue(probe.get("revenue"), file, what + " revenue");
      for (const auto& [id, key_node] : revenue.keys()) {
        const StageIndex s = stage_ref(key_node, file, journey, what + " revenue");
        segment.revenue_per_period[s] = yaml::to_number(revenue.get(id), file, what + " revenue of '" + id + "'");
        segment.field_where["revenue." + id] = revenue.value_where(id);
      }
    }
    if (probe.has("calibration")) {
      const yaml::Map calibration(probe.get("calibration"), file, what + " calibration", {"counts"});
      if (calibration.has("counts"))
        segment.counts = read_counts(calibration.get("counts"), file, journey, what + " calibration.counts");
    }
    segments.push_back(std::move(segment));
  }
  return segments;
}

}  // namespace journeysim::model_io
