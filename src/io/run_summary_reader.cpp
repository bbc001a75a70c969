// summary.json of a simulate run (SPEC §6), parsed with located errors. A run directory is
// input like any other (it may come from anywhere): every field is checked before use.
#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "journeysim/core/error.hpp"
#include "journeysim/core/quantile_levels.hpp"
#include "json_text.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/io/run_reader.hpp"
#include "journeysim/model/limits.hpp"
#include "journeysim/model/validate.hpp"

namespace journeysim {
namespace {

using json = nlohmann::json;

/// Most replicates simulate runs (its --replicates and --max-replicates bound).
constexpr double max_run_replicates = 1e8;

using json_text::location_at;

/// Where each value of a JSON text starts, by JSON pointer ("/scenarios/0/id"). nlohmann keeps
/// no positions, so the text nlohmann accepted is scanned once more: a small scanner that needs
/// to find only where values start and strings end. It also refuses a key given twice in one
/// object (nlohmann keeps the last one silently).
class JsonPositions {
 public:
  JsonPositions(const std::string& text, const std::string& file) : text_(text), file_(file) {
    value("", 0);
  }
  /// Offset of the value at `pointer`, or npos.
  std::size_t offset(const std::string& pointer) const {
    const auto it = offsets_.find(pointer);
    return it == offsets_.end() ? std::string::npos : it->second;
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  std::string string_token() {
    const std::size_t start = pos_++;
    bool escaped = false;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\') {
        escaped = true;
        ++pos_;
      }
      ++pos_;
    }
    ++pos_;
    if (!escaped) return text_.substr(start + 1, pos_ - start - 2);
    return json::parse(text_.substr(start, pos_ - start)).get<std::string>();
  }
  static std::string pointer_token(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
  }
  void value(const std::string& pointer, int depth) {
    skip_space();
    if (pos_ >= text_.size()) return;
    offsets_.emplace(pointer, pos_);
    const char c = text_[pos_];
    if (c == '{' || c == '[') {
      const bool object = c == '{';
      ++pos_;
      skip_space();
      if (pos_ < text_.size() && text_[pos_] == (object ? '}' : ']')) {
        ++pos_;
        return;
      }
      std::set<std::string> keys;
      for (std::size_t index = 0; pos_ < text_.size(); ++index) {
        skip_space();
        std::string child = pointer + "/" + std::to_string(index);
        if (object) {
          const std::size_t at = pos_;
          const std::string key = string_token();
          if (!keys.insert(key).second)
            throw InputError("the key \"" + key + "\" appears twice in this object", location_at(text_, at, file_));
          child = pointer + "/" + pointer_token(key);
          skip_space();
          ++pos_;  // ':'
        }
        value(child, depth + 1);
        skip_space();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        ++pos_;  // '}' or ']'
        return;
      }
      return;
    }
    if (c == '"') {
      string_token();
      return;
    }
    while (pos_ < text_.size() && std::string_view(",]} \t\r\n").find(text_[pos_]) == std::string_view::npos) ++pos_;
  }

  const std::string& text_;
  const std::string& file_;
  std::size_t pos_ = 0;
  std::map<std::string, std::size_t> offsets_;
};


struct Document {
  const std::string& text;
  const std::string& file;
  const JsonPositions& positions;

  SourceLocation where(const std::string& pointer) const {
    std::string p = pointer;
    std::size_t offset = positions.offset(p);
    while (offset == std::string::npos && !p.empty()) {  // a missing key: its object
      p = p.substr(0, p.rfind('/'));
      offset = positions.offset(p);
    }
    return offset == std::string::npos ? SourceLocation{file, 0, 0} : location_at(text, offset, file);
  }
  /// The value's own text (for "got …"), cut to 40 bytes.
  std::string source_of(const std::string& pointer) const {
    const std::size_t offset = positions.offset(pointer);
    if (offset == std::string::npos) return "?";
    std::size_t end = offset;
    while (end < text.size() && end - offset < 40 && std::string_view(",]}\r\n").find(text[end]) == std::string_view::npos)
      ++end;
    std::string token = text.substr(offset, end - offset);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
    return token;
  }
};

/// Human path of a pointer: "/scenarios/0/id" → "scenarios[0].id".
std::string display_path(const std::string& pointer) {
  std::string out;
  std::size_t i = 1;
  while (i <= pointer.size() && !pointer.empty()) {
    const std::size_t next = pointer.find('/', i);
    const std::string token = pointer.substr(i, next == std::string::npos ? std::string::npos : next - i);
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    out += index ? "[" + token + "]" : (out.empty() ? "" : ".") + token;
    if (next == std::string::npos) break;
    i = next + 1;
  }
  return out.empty() ? "summary" : out;
}

/// Reads fields of one JSON object; each error is located at the offending value (or at the
/// object, for a missing key) and names the field.
class Fields {
 public:
  Fields(const json& node, std::string pointer, const Document& doc)
      : node_(node), pointer_(std::move(pointer)), doc_(doc) {
    if (!node_.is_object()) fail_at(pointer_, display_path(pointer_) + " must be an object");
  }
  bool has(const std::string& key) const { return node_.contains(key) && !node_.at(key).is_null(); }
  std::string at(const std::string& key) const { return pointer_ + "/" + key; }
  std::string name(const std::string& key) const { return display_path(at(key)); }
  const json& get(const std::string& key) const {
    if (!node_.contains(key)) fail_at(pointer_, display_path(pointer_) + " has no \"" + key + "\"");
    return node_.at(key);
  }
  double number(const std::string& key) const {
    const json& v = get(key);
    if (!v.is_number()) fail(key, name(key) + " must be a number, got " + doc_.source_of(at(key)));
    const double x = v.get<double>();
    if (!std::isfinite(x)) fail(key, name(key) + " must be a finite number, got " + doc_.source_of(at(key)));
    return x;
  }
  double number_in(const std::string& key, double low, double high) const {
    const double x = number(key);
    if (!(x >= low && x <= high))
      fail(key, name(key) + " must be between " + json(low).dump() + " and " + json(high).dump() + ", got " +
                    doc_.source_of(at(key)));
    return x;
  }
  double number_or(const std::string& key, double fallback) const { return has(key) ? number(key) : fallback; }
  /// A whole number in [low, high], read exactly (no double round trip for 64-bit seeds).
  template <typename Int>
  Int integer(const std::string& key, Int low, Int high) const {
    const json& v = get(key);
    bool ok = false;
    Int out = 0;
    if (v.is_number_unsigned()) {
      const auto u = v.get<std::uint64_t>();
      ok = u <= static_cast<std::uint64_t>(high) && (low <= 0 || u >= static_cast<std::uint64_t>(low));
      out = static_cast<Int>(u);
    } else if (v.is_number_integer()) {
      const auto i = v.get<std::int64_t>();
      ok = i >= 0 ? static_cast<std::uint64_t>(i) <= static_cast<std::uint64_t>(high) && i >= static_cast<std::int64_t>(low)
                  : std::is_signed_v<Int> && i >= static_cast<std::int64_t>(low);
      out = static_cast<Int>(i);
    }
    if (!ok)
      fail(key, name(key) + " must be a whole number from " + std::to_string(low) + " to " + std::to_string(high) +
                    ", got " + doc_.source_of(at(key)));
    return out;
  }
  std::string text(const std::string& key, std::size_t max_bytes = 4096) const {
    const json& v = get(key);
    if (!v.is_string()) fail(key, name(key) + " must be a string, got " + doc_.source_of(at(key)));
    std::string s = v.get<std::string>();
    if (s.size() > max_bytes) fail(key, name(key) + " is longer than " + std::to_string(max_bytes) + " bytes");
    return s;
  }
  std::string text_or(const std::string& key, const std::string& fallback) const {
    return has(key) ? text(key) : fallback;
  }
  std::string one_of(const std::string& key, const std::vector<std::string>& allowed, const std::string& fallback) const {
    if (!has(key)) return fallback;
    const std::string s = text(key);
    std::string list;
    for (const auto& a : allowed) {
      if (s == a) return s;
      list += (list.empty() ? "" : ", ") + a;
    }
    fail(key, name(key) + " must be one of " + list + ", got " + doc_.source_of(at(key)));
  }
  std::vector<std::string> texts(const std::string& key, std::size_t max_items, bool unique) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const json& v = get(key);
    if (!v.is_array()) fail(key, name(key) + " must be a list of strings");
    if (v.size() > max_items) fail(key, name(key) + " has more than " + std::to_string(max_items) + " items");
    std::set<std::string> seen;
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string item_at = at(key) + "/" + std::to_string(i);
      if (!v[i].is_string() || v[i].get_ref<const std::string&>().empty())
        fail_at(item_at, name(key) + " must be a list of non-empty strings");
      if (unique && !seen.insert(v[i].get<std::string>()).second)
        fail_at(item_at, name(key) + " lists \"" + v[i].get<std::string>() + "\" twice");
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  [[noreturn]] void fail(const std::string& key, const std::string& message) const { fail_at(at(key), message); }
  [[noreturn]] void fail_at(const std::string& pointer, const std::string& message) const {
    throw InputError(message, doc_.where(pointer));
  }
  const std::string& pointer() const { return pointer_; }
  const Document& doc() const { return doc_; }

 private:
  const json& node_;
  std::string pointer_;
  const Document& doc_;
};

constexpr double huge = 1e300;

/// The keys of the interval a page shows: the run's lowest and highest quantile levels.
struct IntervalKeys {
  std::string low, high;
};

MetricSummary read_metric(const json& node, const std::string& pointer, const Document& doc, const IntervalKeys& keys) {
  const Fields f(node, pointer, doc);
  MetricSummary s;
  s.mean = f.number("mean");
  s.sd = f.has("sd") ? f.number_in("sd", 0, huge) : 0;
  s.mcse = f.has("mcse") ? f.number_in("mcse", 0, huge) : 0;
  s.low = f.number(keys.low);
  s.p50 = f.number("p50");
  s.high = f.number(keys.high);
  return s;
}

/// Every member of `key` that is an S; numbers beside them (prob_npv_positive, …) are skipped.
std::map<std::string, MetricSummary> read_metrics(const Fields& f, const std::string& key, const IntervalKeys& keys) {
  std::map<std::string, MetricSummary> out;
  if (!f.has(key)) return out;
  const json& block = f.get(key);
  if (!block.is_object()) f.fail(key, f.name(key) + " must be an object");
  for (const auto& [name, value] : block.items())
    if (value.is_object()) out[name] = read_metric(value, f.at(key) + "/" + name, f.doc(), keys);
  return out;
}

/// summary.json's "quantiles" (absent in runs before it existed: their 5th, 50th and 95th).
std::vector<double> read_quantile_levels(const Fields& f) {
  if (!f.has("quantiles")) return {0.05, 0.5, 0.95};
  const json& list = f.get("quantiles");
  if (!list.is_array() || list.empty()) f.fail("quantiles", "quantiles must be a non-empty list of levels");
  std::vector<double> levels;
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_number()) f.fail_at(f.at("quantiles") + "/" + std::to_string(i), "a quantile level must be a number");
    levels.push_back(list[i].get<double>());
  }
  try {
    std::vector<double> checked = QuantileLevels::from_levels(levels).levels;
    if (checked != levels) f.fail("quantiles", "quantiles must be ascending, distinct and include 0.5");
    return checked;
  } catch (const std::invalid_argument& e) {
    f.fail("quantiles", e.what());
  }
}

/// A list of customer counts per period (`triggered_by_period`), each finite and ≥ 0.
std::vector<double> read_counts(const Fields& f, const std::string& key) {
  std::vector<double> out;
  if (!f.has(key)) return out;
  const json& list = f.get(key);
  if (!list.is_array() || list.size() > 1000000) f.fail(key, f.name(key) + " must be a list of customer counts");
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_number() || !std::isfinite(list[i].get<double>()) || list[i].get<double>() < 0)
      f.fail_at(f.at(key) + "/" + std::to_string(i), f.name(key) + " must hold finite counts of at least 0");
    out.push_back(list[i].get<double>());
  }
  return out;
}

std::vector<RuleSummary> read_rules(const Fields& f, const Document& doc) {
  const json& list = f.get("triggers");
  if (!list.is_array() || list.size() > limits::fixes) f.fail("triggers", f.name("triggers") + " must be a list");
  std::vector<RuleSummary> rules;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Fields rule(list[i], f.at("triggers") + "/" + std::to_string(i), doc);
    RuleSummary r;
    r.fix = rule.text("fix", 1024);
    const auto mean = [&](const std::string& key) {
      return Fields(rule.get(key), rule.at(key), doc).number_in("mean", 0, huge);
    };
    r.triggered = mean("triggered");
    r.held_out = mean("trigger_held_out");
    r.served = mean("trigger_served");
    r.unserved = mean("trigger_unserved");
    r.triggered_by_period = read_counts(rule, "triggered_by_period");
    r.served_by_period = read_counts(rule, "served_by_period");
    rules.push_back(std::move(r));
  }
  return rules;
}

ScenarioSummary read_scenario(const json& node, std::size_t index, const Document& doc, const IntervalKeys& keys) {
  const Fields f(node, "/scenarios/" + std::to_string(index), doc);
  ScenarioSummary s;
  s.id = f.text("id", 1024);
  if (s.id.empty()) f.fail("id", f.name("id") + " must not be empty");
  s.name = f.text_or("name", s.id);
  s.fixes = f.texts("fixes", limits::fixes, true);
  s.kind = f.one_of("kind", {"baseline", "fix", "portfolio"},
                    s.id == "baseline" ? "baseline" : s.fixes.size() > 1 ? "portfolio" : "fix");
  s.owner = f.text_or("owner", "");
  s.metrics = read_metrics(f, "metrics", keys);
  if (f.has("vs_baseline")) {
    const Fields v(f.get("vs_baseline"), f.at("vs_baseline"), doc);
    s.vs_baseline = read_metrics(f, "vs_baseline", keys);
    s.prob_npv_positive = v.has("prob_npv_positive") ? v.number_in("prob_npv_positive", 0, 1) : 0;
    if (v.has("prob_best")) s.prob_best = v.number_in("prob_best", 0, 1);
    s.clamped_effects = v.has("clamped_effects") ? v.number_in("clamped_effects", 0, huge) : 0;
  }
  if (f.has("triggers")) s.rules = read_rules(f, doc);
  return s;
}

bool is_sha256(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

std::string sha256_field(const Fields& f, const std::string& key) {
  const std::string hash = f.text(key);
  if (!is_sha256(hash)) f.fail(key, f.name(key) + " must be a SHA-256 digest (64 lowercase hex digits)");
  return hash;
}

}  // namespace

RunSummary parse_run_summary(const std::string& text, const std::string& file) {
  json_text::check_depth(text, file, run_files::summary_depth, "summary.json has 5");
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string message = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    const auto colon = message.find(": ", message.find("parse error"));
    if (colon != std::string::npos) message = message.substr(colon + 2);
    throw InputError("invalid JSON: " + message, location_at(text, e.byte == 0 ? 0 : e.byte - 1, file));
  } catch (const json::out_of_range& e) {
    // A number beyond double ("1e400"): nlohmann reports "number overflow parsing '1e400'" with
    // no position, so the literal is found in the text (fuzz_run_summary found this escaping).
    const std::string message = e.what();
    const auto open = message.find('\''), close = message.rfind('\'');
    const std::string literal = open != std::string::npos && close > open ? message.substr(open + 1, close - open - 1) : "";
    const std::size_t at = literal.empty() ? std::string::npos : text.find(literal);
    throw InputError("invalid JSON: the number " + (literal.empty() ? std::string("here") : literal) +
                         " is out of the range of a double",
                     location_at(text, at == std::string::npos ? 0 : at, file));
  }
  const JsonPositions positions(text, file);
  const Document doc{text, file, positions};
  const Fields f(root, "", doc);
  RunSummary run;
  run.journeysim_version = f.has("journeysim_version") ? f.text("journeysim_version", 200) : "";
  run.boost_version = f.has("boost_version") ? f.text("boost_version", 200) : "";
  run.model = f.text("model");
  run.model_abs = f.text_or("model_abs", "");
  if (f.has("fixes")) run.fixes = f.text("fixes");
  if (f.has("fixes_abs")) run.fixes_abs = f.text("fixes_abs");
  if (!f.has("model_sha256"))
    f.fail_at("", "summary.json has no \"model_sha256\": it was written by an older journeysim, whose run "
                  "directories do not hold their own copy of the model; run `journeysim simulate` again");
  run.model_sha256 = sha256_field(f, "model_sha256");
  if (run.fixes) {
    if (!f.has("fixes_sha256")) f.fail("fixes_sha256", "summary.json names a fixes file but has no \"fixes_sha256\"");
    run.fixes_sha256 = sha256_field(f, "fixes_sha256");
  } else if (f.has("fixes_sha256")) {
    f.fail("fixes_sha256", "fixes_sha256 is given but \"fixes\" is null");
  }
  run.mode = f.one_of("mode", {"expected", "cohort", "individual"}, "");
  run.replicates = f.integer<long long>("replicates", 1, static_cast<long long>(max_run_replicates));
  run.seed = f.has("seed") ? f.integer<unsigned long long>("seed", 0, std::numeric_limits<unsigned long long>::max()) : 0;
  run.horizon = f.integer<int>("horizon", 1, max_horizon);
  run.period = f.one_of("period", {"day", "week", "month", "quarter", "year"}, "month");
  run.currency = f.has("currency") ? f.text("currency", 16) : "USD";
  run.discount_rate = f.has("discount_rate") ? f.number_in("discount_rate", 0, 10) : 0;
  run.gross_margin = f.has("gross_margin") ? f.number_in("gross_margin", 0, 1) : 1;
  run.quantiles = read_quantile_levels(f);
  if (f.has("terminal_value")) {
    if (!f.get("terminal_value").is_boolean()) f.fail("terminal_value", "terminal_value must be true or false");
    run.terminal_value = f.get("terminal_value").get<bool>();
  }
  const IntervalKeys interval{quantile_key(run.quantiles.front()), quantile_key(run.quantiles.back())};
  run.segments = f.texts("segments", limits::segments, true);
  for (std::size_t i = 0; i < run.segments.size(); ++i)
    if (run.segments[i] == "all")
      f.fail_at("/segments/" + std::to_string(i), "segments must not list \"all\" (the total of every segment)");
  run.max_replicates = run.replicates;
  if (f.has("convergence")) {
    const Fields c(f.get("convergence"), "/convergence", doc);
    if (c.has("precision")) run.precision = c.number_in("precision", 0, 1);
    if (c.has("reached") && !c.get("reached").is_boolean()) c.fail("reached", "convergence.reached must be true or false");
    run.converged = !c.has("reached") || c.get("reached").get<bool>();
    if (c.has("max_replicates"))
      run.max_replicates = c.integer<long long>("max_replicates", run.replicates, static_cast<long long>(max_run_replicates));
  }
  const json& scenarios = f.get("scenarios");
  if (!scenarios.is_array() || scenarios.empty()) f.fail("scenarios", "scenarios must be a non-empty list");
  const std::size_t max_scenarios = 1 + 2 * limits::fixes;  // baseline, fixes, portfolios
  if (scenarios.size() > max_scenarios)
    f.fail("scenarios", "scenarios has " + std::to_string(scenarios.size()) + " entries; a run has at most " +
                            std::to_string(max_scenarios));
  std::set<std::string> ids;
  std::size_t baselines = 0;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    run.scenarios.push_back(read_scenario(scenarios[i], i, doc, interval));
    const ScenarioSummary& s = run.scenarios.back();
    const std::string at = "/scenarios/" + std::to_string(i);
    if (!ids.insert(s.id).second) f.fail_at(at + "/id", "scenario id \"" + s.id + "\" appears twice");
    if (s.is_baseline() && ++baselines > 1) f.fail_at(at, "a second baseline scenario; a run has exactly one");
  }
  if (baselines == 0) f.fail("scenarios", "summary.json has no baseline scenario");
  return run;
}

const MetricSummary& ScenarioSummary::metric(const std::string& metric_name) const {
  const auto it = metrics.find(metric_name);
  if (it == metrics.end())
    throw ConfigError("scenario '" + id + "' in summary.json has no metric '" + metric_name + "'");
  return it->second;
}

const MetricSummary& ScenarioSummary::versus(const std::string& metric_name) const {
  const auto it = vs_baseline.find(metric_name);
  if (it == vs_baseline.end())
    throw ConfigError("scenario '" + id + "' in summary.json has no vs_baseline." + metric_name);
  return it->second;
}

const MetricSummary* ScenarioSummary::find_versus(const std::string& metric_name) const {
  const auto it = vs_baseline.find(metric_name);
  return it == vs_baseline.end() ? nullptr : &it->second;
}

const ScenarioSummary& RunSummary::baseline() const {
  for (const auto& s : scenarios)
    if (s.is_baseline()) return s;
  throw ConfigError("summary.json has no baseline scenario");
}

const ScenarioSummary* RunSummary::find(const std::string& id) const {
  for (const auto& s : scenarios)
    if (s.id == id) return &s;
  return nullptr;
}

}  // namespace journeysim
