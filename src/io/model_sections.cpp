#include "model_sections.hpp"

#include <cmath>
#include <map>
#include <regex>

#include "journeysim/core/suggest.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim::model_io {

const std::vector<std::string>& journey_keys() {
  static const std::vector<std::string> keys{"name",     "persona",       "scenario",
                                             "period",   "horizon",       "currency",
                                             "discount_rate", "gross_margin", "description"};
  return keys;
}

JourneyInfo read_info(const yaml::Map& block) {
  JourneyInfo info;
  info.name = block.required_string("name");
  info.persona = block.string_or("persona", "");
  info.scenario = block.string_or("scenario", "");
  for (const auto& [key, node] : block.keys()) info.field_where[key] = block.value_where(key);
  if (block.has("period")) {
    block.require_value("period", "day, week, month, quarter or year");
    const std::string text = yaml::to_string(block.get("period"), block.file(), "period");
    const auto period = parse_period(text);
    if (!period)
      throw InputError("unknown period '" + text + "' (expected day, week, month, quarter or year)" +
                           did_you_mean(text, {"day", "week", "month", "quarter", "year"}),
                       block.value_where("period"));
    info.period = *period;
  }
  block.require_value("horizon", "a whole number of periods");
  if (block.has("horizon"))
    info.horizon = static_cast<int>(yaml::to_integer(block.get("horizon"), block.file(), "horizon",
                                                     -1000000000LL, 1000000000LL));
  info.currency = block.string_or("currency", "USD");
  info.discount_rate_annual = block.number_or("discount_rate", 0.10);
  info.gross_margin = block.number_or("gross_margin", 1.0);
  return info;
}

namespace {

const std::vector<std::string>& stage_keys() {
  static const std::vector<std::string> keys{
      "id",            "name",          "entry",       "exit",
      "goals",         "questions",     "emotion",     "touchpoints",
      "pain_points",   "opportunities", "revenue_per_period", "cost_per_period",
      "targets",       "terminal",      "description", "aliases"};
  return keys;
}

Touchpoint read_touchpoint(const YAML::Node& node, const std::string& file, const std::string& what) {
  const yaml::Map map(node, file, what, {"name", "channel", "owner", "system", "description"});
  return Touchpoint{map.required_string("name"), map.string_or("channel", ""),
                    map.string_or("owner", ""), map.string_or("system", "")};
}

Stage read_stage(const YAML::Node& node, const std::string& file, std::size_t position) {
  // Read the id first, accepting any key, so that every later message can name the stage by
  // its id ("unknown key 'colour' in stage 'onboarding'") rather than by its position.
  const yaml::Map probe(node, file, "stage #" + std::to_string(position + 1));
  Stage stage;
  if (!probe.has("id")) (void)yaml::Map(node, file, probe.what(), stage_keys());  // typo'd 'id'?
  stage.id = probe.required_string("id");
  stage.where = probe.value_where("id");
  static const std::regex id_pattern("[a-z0-9_-]+");
  if (stage.id == "time_in_stage")
    throw InputError("'time_in_stage' names the bucketed rows of the transitions block; give the stage another id",
                     stage.where);
  if (!std::regex_match(stage.id, id_pattern))
    throw InputError("stage id '" + stage.id +
                         "' must use only lowercase letters, digits, '_' and '-'",
                     stage.where);
  const yaml::Map map(node, file, "stage '" + stage.id + "'", stage_keys());
  for (const auto& [key, key_node] : map.keys()) stage.field_where[key] = map.value_where(key);
  stage.name = map.string_or("name", stage.id);
  stage.entry = map.string_or("entry", "");
  stage.exit = map.string_or("exit", "");
  stage.goals = map.string_list("goals");
  stage.questions = map.string_list("questions");
  stage.pain_points = map.string_list("pain_points");
  stage.opportunities = map.string_list("opportunities");
  stage.aliases = map.string_list("aliases");
  if (map.has("aliases"))
    for (std::size_t i = 0; i < stage.aliases.size(); ++i) {
      const YAML::Node list = map.get("aliases");  // one alias may be written without a list
      stage.alias_where.push_back(list.IsSequence() ? yaml::location(list[i], file) : map.value_where("aliases"));
      if (stage.aliases[i].empty() || stage.aliases[i].find_first_not_of(" \t") == std::string::npos)
        throw InputError("an alias of stage '" + stage.id + "' is empty", stage.alias_where.back());
    }
  stage.emotion = map.optional_number("emotion");
  stage.revenue_per_period = map.number_or("revenue_per_period", 0);
  stage.cost_per_period = map.number_or("cost_per_period", 0);
  stage.terminal = map.boolean_or("terminal", false);
  if (map.has("touchpoints")) {
    const YAML::Node list = map.get("touchpoints");
    if (!list.IsSequence())
      throw InputError("touchpoints of stage '" + stage.id + "' must be a list, got " +
                           yaml::kind_of(list),
                       map.value_where("touchpoints"));
    for (const auto& item : list)
      stage.touchpoints.push_back(read_touchpoint(item, file, "a touchpoint of stage '" + stage.id + "'"));
  }
  if (map.has("targets")) {
    const yaml::Map targets(map.get("targets"), file, "targets of stage '" + stage.id + "'",
                            target_names());
    for (const auto& [key, key_node] : targets.keys()) {
      targets.require_value(key, "a number");
      stage.targets[key] = yaml::to_number(targets.get(key), file, "target '" + key + "'");
      stage.field_where["targets." + key] = targets.value_where(key);
    }
  }
  return stage;
}

/// An event-log label must name one stage: an alias may not be another stage's id, nor an
/// alias of two stages (or twice of one).
void check_aliases(const std::vector<Stage>& stages) {
  std::map<std::string, std::pair<const Stage*, SourceLocation>> seen;
  for (const Stage& stage : stages)
    for (std::size_t i = 0; i < stage.aliases.size(); ++i) {
      const std::string& alias = stage.aliases[i];
      for (const Stage& other : stages)
        if (other.id == alias && &other != &stage)
          throw InputError("alias '" + alias + "' of stage '" + stage.id + "' is the id of stage '" + other.id +
                               "': an event-log label must name one stage",
                           stage.alias_where[i]);
      const auto [it, inserted] = seen.emplace(alias, std::make_pair(&stage, stage.alias_where[i]));
      if (!inserted)
        throw InputError("alias '" + alias + "' names both stage '" + it->second.first->id + "' (line " +
                             std::to_string(it->second.second.line) + ") and stage '" + stage.id +
                             "': an event-log label must name one stage",
                         stage.alias_where[i]);
    }
}

}  // namespace

std::vector<Stage> read_stages(const YAML::Node& node, const std::string& file,
                               const SourceLocation& where) {
  // `stages:` with nothing after it is an empty list to a person, not a type error.
  if (node.IsNull() || (node.IsSequence() && node.size() == 0))
    throw InputError("the stage list is empty: a journey needs at least one stage", where);
  if (!node.IsSequence())
    throw InputError("stages must be a list of stages ('- id: ...'), got " + yaml::kind_of(node),
                     where);
  if (node.size() > limits::stages)
    throw InputError("the journey has " + std::to_string(node.size()) + " stages; at most " +
                         std::to_string(limits::stages) + " are supported (the analysis uses dense n×n matrices)",
                     yaml::location(node[limits::stages], file));
  std::vector<Stage> stages;
  for (std::size_t i = 0; i < node.size(); ++i) {
    Stage stage = read_stage(node[i], file, i);
    for (const auto& earlier : stages)
      if (earlier.id == stage.id)
        throw InputError("duplicate stage id '" + stage.id + "' (first defined on line " +
                             std::to_string(earlier.where.line) + ")",
                         stage.where);
    stages.push_back(std::move(stage));
  }
  check_aliases(stages);
  return stages;
}

StageIndex stage_ref(const YAML::Node& node, const std::string& file, const Journey& journey,
                     const std::string& context) {
  const std::string id = yaml::to_string(node, file, "a stage id in " + context);
  if (auto index = journey.find_stage(id)) return *index;
  throw InputError("unknown stage '" + id + "' in " + context + did_you_mean(id, journey.stage_ids()),
                   yaml::location(node, file));
}

namespace {

/// The cells of one row: `{destination: probability, ...}`, the stay left out.
std::vector<TransitionCell> read_cells(const yaml::Map& cells, const std::string& file, const Journey& journey,
                                       StageIndex from, const std::string& context) {
  const std::string& from_id = journey.stages[from].id;
  std::vector<TransitionCell> out;
  for (const auto& [to_id, to_node] : cells.keys()) {
    TransitionCell cell;
    cell.to = stage_ref(to_node, file, journey, context);
    if (cell.to == from)
      throw InputError("the row of '" + from_id + "' lists '" + to_id +
                           "' itself; the stay probability is what is left of the row, so leave it out",
                       yaml::location(to_node, file));
    cells.require_value(to_id, "a probability");
    cell.probability = yaml::to_number(cells.get(to_id), file, "probability of " + from_id + " -> " + to_id);
    cell.where = cells.value_where(to_id);
    out.push_back(cell);
  }
  return out;
}

/// `time_in_stage: {"1": {...}, "2-3": {...}, "4+": {...}}`: buckets contiguous from period 1,
/// in increasing order, the last one open-ended.
TimeInStageRows read_time_in_stage(const yaml::Map& row_map, const std::string& file, const Journey& journey,
                                   StageIndex from, const std::string& context) {
  const std::string& from_id = journey.stages[from].id;
  TimeInStageRows out;
  out.stage = from;
  out.where = row_map.key_where("time_in_stage");
  row_map.require_value("time_in_stage", "a map of periods in stage (\"1\", \"2-3\", \"4+\") to rows");
  const std::string what = "the time-in-stage rows of '" + from_id + "' in " + context;
  const yaml::Map buckets(row_map.get("time_in_stage"), file, what);
  int next = 1;
  for (const auto& [label, label_node] : buckets.keys()) {
    const SourceLocation where = yaml::location(label_node, file);
    auto bucket = parse_tenure_bucket(label);
    if (!bucket)
      throw InputError("'" + label + "' in " + what + " is not a range of periods in stage: write \"1\", \"2-3\" or \"13+\" (periods from 1 to " +
                           std::to_string(max_time_in_stage_period) + ")",
                       where);
    if (next == 0)
      throw InputError("bucket '" + label + "' of '" + from_id + "' follows the open-ended bucket '" +
                           out.buckets.back().label() + "': the open-ended bucket must be the last",
                       where);
    if (bucket->first != next)
      throw InputError("bucket '" + label + "' of '" + from_id + "' should start at period " + std::to_string(next) +
                           (out.buckets.empty() ? " (the first period in the stage)"
                                                : " (right after '" + out.buckets.back().label() + "')") +
                           ": buckets must cover every period in order, without gaps or overlaps",
                       where);
    bucket->where = where;
    next = bucket->open() ? 0 : bucket->last + 1;
    buckets.require_value(label, "a map of destination: probability");
    TransitionRow row;
    row.from = from;
    row.where = where;
    row.cells = read_cells(yaml::Map(buckets.get(label), file, "bucket '" + label + "' of " + what), file, journey,
                           from, context);
    out.buckets.push_back(*bucket);
    out.rows.push_back(std::move(row));
  }
  if (out.buckets.empty())
    throw InputError(what + " list no bucket: give at least one open-ended bucket (\"1+\")", out.where);
  if (next != 0)
    throw InputError("the last bucket of '" + from_id + "', '" + out.buckets.back().label() +
                         "', must be open-ended (write \"" + std::to_string(out.buckets.back().first) +
                         "+\"): customers can stay longer than any boundary",
                     out.buckets.back().where);
  return out;
}

}  // namespace

std::vector<TransitionRow> read_transitions(const YAML::Node& node, const std::string& file,
                                            const Journey& journey, const std::string& context,
                                            std::vector<TimeInStageRows>* time_in_stage) {
  std::vector<TransitionRow> rows;
  if (node.IsNull()) return rows;
  const yaml::Map map(node, file, context);
  for (const auto& [from_id, from_node] : map.keys()) {
    TransitionRow row;
    row.from = stage_ref(from_node, file, journey, context);
    row.where = yaml::location(from_node, file);
    map.require_value(from_id, "a map of destination: probability");
    const yaml::Map cells(map.get(from_id), file, "the row of '" + from_id + "' in " + context);
    if (cells.has("time_in_stage")) {
      if (!time_in_stage)
        throw InputError("time-in-stage rows belong in the journey's own transitions, not in " + context,
                         cells.key_where("time_in_stage"));
      if (cells.keys().size() > 1)
        throw InputError("the row of '" + from_id +
                             "' has both time_in_stage and plain destinations: put every destination in its buckets",
                         cells.key_where("time_in_stage"));
      time_in_stage->push_back(read_time_in_stage(cells, file, journey, row.from, context));
      continue;
    }
    row.cells = read_cells(cells, file, journey, row.from, context);
    rows.push_back(std::move(row));
  }
  return rows;
}

void read_stage_numbers(const YAML::Node& node, const std::string& file, const Journey& journey,
                        const std::string& context, std::vector<double>& values,
                        std::map<StageIndex, SourceLocation>* where) {
  if (node.IsNull()) return;
  const yaml::Map map(node, file, context);
  for (const auto& [id, key_node] : map.keys()) {
    const StageIndex s = stage_ref(key_node, file, journey, context);
    map.require_value(id, "a number");
    values[s] = yaml::to_number(map.get(id), file, context + " of '" + id + "'");
    if (where) (*where)[s] = map.value_where(id);
  }
}

namespace {

double initial_count(const yaml::Map& periods, const std::string& label, const std::string& what) {
  periods.require_value(label, "a number of customers");
  const double n = yaml::to_number(periods.get(label), periods.file(), what + "." + label);
  if (!(n >= 0) || !std::isfinite(n))
    throw InputError(what + "." + label + " must be a non-negative number of customers", periods.value_where(label));
  return n;
}

/// The initial customers of a stage whose rows are derived from a propensity, by any periods
/// in stage "1", "2", …, and at most one open-ended "K+" after them all (customers known to
/// have been there K periods or more: they start in period K). Sets the propensity's
/// initial_periods and derives its rows again to cover them.
std::vector<double> read_initial_by_any_period(const yaml::Map& periods, Journey& journey, StageIndex s) {
  const std::string what = "population.initial." + journey.stages[s].id + ".time_in_stage";
  std::vector<double> out;
  int open_from = 0;
  for (const auto& [label, label_node] : periods.keys()) {
    const auto bucket = parse_tenure_bucket(label);
    const bool single = bucket && !bucket->open() && bucket->first == bucket->last;
    if (!bucket || (!single && !bucket->open()))
      throw InputError("'" + label + "' in " + what + " must be one period in stage (\"1\", \"2\", …) or one open-ended \"K+\"",
                       yaml::location(label_node, periods.file()));
    if (bucket->open()) {
      if (open_from)
        throw InputError(what + " has two open-ended periods; give one, after every single period",
                         yaml::location(label_node, periods.file()));
      open_from = bucket->first;
    }
    const auto k = static_cast<std::size_t>(bucket->first);
    if (out.size() < k) out.resize(k, 0.0);
    out[k - 1] += initial_count(periods, label, what);
  }
  if (open_from && static_cast<std::size_t>(open_from) != out.size())
    throw InputError("the open-ended \"" + std::to_string(open_from) + "+\" of " + what +
                         " must come after every single period (the longest here is " + std::to_string(out.size()) + ")",
                     periods.key_where(std::to_string(open_from) + "+"));
  if (out.empty()) out.push_back(0.0);
  for (auto& propensity : journey.propensities)
    if (propensity.stage == s) propensity.initial_periods = static_cast<int>(out.size());
  derive_propensity_rows(journey, journey.info.horizon);
  out.resize(static_cast<std::size_t>(journey.time_in_stage_of(s)->periods()), 0.0);
  return out;
}

/// `STAGE: {time_in_stage: {"1": n, "2": n, "4+": n}}` in population.initial: one count per
/// period in stage, each a single period before the open-ended bucket's first or that bucket.
std::vector<double> read_initial_by_period(const yaml::Map& value, const std::string& file, Journey& journey,
                                           StageIndex s) {
  const std::string& id = journey.stages[s].id;
  const std::string what = "population.initial." + id + ".time_in_stage";
  const TimeInStageRows* rows = journey.time_in_stage_of(s);
  if (!rows)
    throw InputError("the initial customers of '" + id +
                         "' are given by time in stage, but its transitions are not by time in stage",
                     value.key_where("time_in_stage"));
  if (value.keys().size() > 1)
    throw InputError(what + " must be the only key of the initial customers of '" + id + "'", value.key_where("time_in_stage"));
  value.require_value("time_in_stage", "a map of periods in stage (\"1\", \"2\", \"4+\") to customers");
  const yaml::Map periods(value.get("time_in_stage"), file, what);
  if (rows->derived) return read_initial_by_any_period(periods, journey, s);
  const int last = rows->periods();
  std::vector<double> out(static_cast<std::size_t>(last), 0.0);
  for (const auto& [label, label_node] : periods.keys()) {
    const auto bucket = parse_tenure_bucket(label);
    const bool single = bucket && !bucket->open() && bucket->first == bucket->last && bucket->first < last;
    const bool open = bucket && bucket->open() && bucket->first == last;
    if (!single && !open)
      throw InputError("'" + label + "' in " + what + " must be one period in stage before " + std::to_string(last) +
                           " (\"1\" … \"" + std::to_string(last - 1) + "\") or \"" + std::to_string(last) +
                           "+\", the open-ended bucket of '" + id + "'",
                       yaml::location(label_node, file));
    periods.require_value(label, "a number of customers");
    const double n = yaml::to_number(periods.get(label), file, what + "." + label);
    if (!(n >= 0) || !std::isfinite(n))
      throw InputError(what + "." + label + " must be a non-negative number of customers", periods.value_where(label));
    out[static_cast<std::size_t>(bucket->first - 1)] += n;
  }
  return out;
}

}  // namespace

void read_population(const YAML::Node& node, const std::string& file, Journey& journey) {
  const yaml::Map map(node, file, "population", {"initial", "inflow"});
  if (map.has("initial") && !map.get("initial").IsNull()) {
    // A stage's initial customers are a number, or by time in stage for bucketed rows.
    const yaml::Map initial(map.get("initial"), file, "population.initial");
    for (const auto& [id, key_node] : initial.keys()) {
      const StageIndex s = stage_ref(key_node, file, journey, "population.initial");
      initial.require_value(id, "a number");
      const YAML::Node value = initial.get(id);
      journey.population.initial_where[s] = initial.value_where(id);
      if (value.IsMap() && value["time_in_stage"]) {
        const auto by_period =
            read_initial_by_period(yaml::Map(value, file, "population.initial." + id), file, journey, s);
        double total = 0;
        for (double n : by_period) total += n;
        journey.population.initial[s] = total;
        journey.population.initial_by_period[s] = by_period;
      } else {
        journey.population.initial[s] = yaml::to_number(value, file, "population.initial of '" + id + "'");
      }
    }
  }
  if (map.has("inflow"))
    read_stage_numbers(map.get("inflow"), file, journey, "population.inflow",
                       journey.population.inflow, &journey.population.inflow_where);
}

namespace {

/// `STAGE: {time_in_stage: {"1": {STAGE: n, DEST: n}, ...}}`: the counts of each bucket of the
/// stage's time-in-stage rows (same labels; buckets not listed count nothing) into rows.counts;
/// the stage's plain counts are their sum.
void read_bucket_counts(const yaml::Map& row, const std::string& file, const Journey& journey, StageIndex from,
                        const std::string& context, TimeInStageRows& rows, std::vector<double>& plain) {
  const std::string& from_id = journey.stages[from].id;
  if (row.keys().size() > 1)
    throw InputError("the counts of '" + from_id + "' have both time_in_stage and plain destinations: put every count in its bucket",
                     row.key_where("time_in_stage"));
  row.require_value("time_in_stage", "a map of buckets (\"1\", \"2-3\", \"4+\") to counts");
  const std::size_t n = journey.stages.size();
  rows.counts.assign(rows.buckets.size(), std::vector<double>(n, 0.0));
  const std::string what = context + "." + from_id + ".time_in_stage";
  const yaml::Map buckets(row.get("time_in_stage"), file, what);
  std::string labels;
  for (const auto& bucket : rows.buckets) labels += (labels.empty() ? "" : ", ") + bucket.label();
  for (const auto& [label, label_node] : buckets.keys()) {
    const auto parsed = parse_tenure_bucket(label);
    std::size_t b = 0;
    while (b < rows.buckets.size() && !(parsed && parsed->first == rows.buckets[b].first && parsed->last == rows.buckets[b].last))
      ++b;
    if (b == rows.buckets.size())
      throw InputError("'" + label + "' in " + what + " is not a bucket of the time-in-stage rows of '" + from_id +
                           "' (" + labels + ")",
                       yaml::location(label_node, file));
    read_stage_numbers(buckets.get(label), file, journey, what + "." + label, rows.counts[b], nullptr);
  }
  for (const auto& bucket : rows.counts)
    for (std::size_t to = 0; to < n; ++to) plain[to] += bucket[to];
}

}  // namespace

TransitionCounts read_counts(const YAML::Node& node, const std::string& file, const Journey& journey,
                             const std::string& context, std::vector<TimeInStageRows>* time_in_stage) {
  TransitionCounts counts;
  const std::size_t n = journey.stages.size();
  counts.counts.assign(n, std::vector<double>(n, 0.0));
  counts.row_where.assign(n, SourceLocation{file, 0, 0});
  const yaml::Map map(node, file, context);
  for (const auto& [from_id, from_node] : map.keys()) {
    const StageIndex from = stage_ref(from_node, file, journey, context);
    counts.row_where[from] = yaml::location(from_node, file);
    const YAML::Node value = map.get(from_id);
    if (value.IsMap() && value["time_in_stage"]) {
      const yaml::Map row(value, file, context + "." + from_id);
      TimeInStageRows* rows = nullptr;
      if (time_in_stage)
        for (auto& candidate : *time_in_stage)
          if (candidate.stage == from && !candidate.derived) rows = &candidate;
      if (!time_in_stage)
        throw InputError("counts by time in stage belong in the journey's own calibration block, not in " + context,
                         row.key_where("time_in_stage"));
      if (!rows)
        throw InputError("the counts of '" + from_id +
                             "' are by time in stage, but its transitions are not: give its transitions by time in "
                             "stage too, or plain counts",
                         row.key_where("time_in_stage"));
      read_bucket_counts(row, file, journey, from, context, *rows, counts.counts[from]);
      continue;
    }
    if (time_in_stage)
      for (const auto& rows : *time_in_stage)
        if (rows.stage == from && !rows.derived)  // a propensity's base row has plain counts
          throw InputError("the counts of '" + from_id +
                               "' are one row, but its transitions are by time in stage: give its counts by bucket "
                               "(" + from_id + ": {time_in_stage: {\"" + rows.buckets.front().label() +
                               "\": {...}, ...}}), or none (its rows are then exact)",
                           counts.row_where[from]);
    read_stage_numbers(value, file, journey, context + "." + from_id, counts.counts[from], nullptr);
  }
  return counts;
}

}  // namespace journeysim::model_io
