// summary.json of a simulate run (SPEC §6), parsed with located errors.
#include <nlohmann/json.hpp>

#include "journeysim/core/error.hpp"
#include "journeysim/io/run_reader.hpp"

namespace journeysim {
namespace {

using json = nlohmann::json;

/// Line and column of byte offset `byte` (1-based, as nlohmann reports it) in `text`.
SourceLocation location_of(const std::string& text, std::size_t byte, const std::string& file) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i + 1 < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

/// Reads fields of one JSON object; errors name the key path (nlohmann keeps no positions after
/// parsing, so semantic errors point at the file as a whole with the path in the message).
class Fields {
 public:
  Fields(const json& node, std::string path, const std::string& file) : node_(node), path_(std::move(path)), file_(file) {
    if (!node_.is_object()) fail(path_ + " must be an object");
  }
  bool has(const std::string& key) const { return node_.contains(key) && !node_.at(key).is_null(); }
  const json& get(const std::string& key) const {
    if (!node_.contains(key)) fail(path_ + " has no \"" + key + "\"");
    return node_.at(key);
  }
  double number(const std::string& key) const {
    const json& v = get(key);
    if (!v.is_number()) fail(path_ + "." + key + " must be a number");
    return v.get<double>();
  }
  double number_or(const std::string& key, double fallback) const { return has(key) ? number(key) : fallback; }
  std::string text(const std::string& key) const {
    const json& v = get(key);
    if (!v.is_string()) fail(path_ + "." + key + " must be a string");
    return v.get<std::string>();
  }
  std::string text_or(const std::string& key, const std::string& fallback) const {
    return has(key) ? text(key) : fallback;
  }
  std::vector<std::string> texts(const std::string& key) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const json& v = get(key);
    if (!v.is_array()) fail(path_ + "." + key + " must be a list of strings");
    for (const auto& item : v) {
      if (!item.is_string()) fail(path_ + "." + key + " must be a list of strings");
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  [[noreturn]] void fail(const std::string& message) const { throw InputError(message, SourceLocation{file_, 0, 0}); }
  const std::string& path() const { return path_; }
  const std::string& file() const { return file_; }

 private:
  const json& node_;
  std::string path_;
  const std::string& file_;
};

MetricSummary read_metric(const json& node, const std::string& path, const std::string& file) {
  const Fields f(node, path, file);
  MetricSummary s;
  s.mean = f.number("mean");
  s.sd = f.number_or("sd", 0);
  s.mcse = f.number_or("mcse", 0);
  s.p05 = f.number("p05");
  s.p50 = f.number("p50");
  s.p95 = f.number("p95");
  return s;
}

/// Every member of `key` that is an S; numbers beside them (prob_npv_positive, …) are skipped.
std::map<std::string, MetricSummary> read_metrics(const Fields& f, const std::string& key) {
  std::map<std::string, MetricSummary> out;
  if (!f.has(key)) return out;
  const json& block = f.get(key);
  if (!block.is_object()) f.fail(f.path() + "." + key + " must be an object");
  for (const auto& [name, value] : block.items())
    if (value.is_object()) out[name] = read_metric(value, f.path() + "." + key + "." + name, f.file());
  return out;
}

ScenarioSummary read_scenario(const json& node, std::size_t index, const std::string& file) {
  const Fields f(node, "scenarios[" + std::to_string(index) + "]", file);
  ScenarioSummary s;
  s.id = f.text("id");
  s.name = f.text_or("name", s.id);
  s.fixes = f.texts("fixes");
  s.kind = f.text_or("kind", s.id == "baseline" ? "baseline" : s.fixes.size() > 1 ? "portfolio" : "fix");
  s.owner = f.text_or("owner", "");
  s.metrics = read_metrics(f, "metrics");
  if (f.has("vs_baseline")) {
    const Fields v(f.get("vs_baseline"), f.path() + ".vs_baseline", file);
    s.vs_baseline = read_metrics(f, "vs_baseline");
    s.prob_npv_positive = v.number_or("prob_npv_positive", 0);
    if (v.has("prob_best")) s.prob_best = v.number("prob_best");
    s.clamped_effects = v.number_or("clamped_effects", 0);
  }
  return s;
}

}  // namespace

RunSummary parse_run_summary(const std::string& text, const std::string& file) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    std::string message = e.what();
    // nlohmann prefixes "[json.exception.parse_error.101] parse error at line 1, column 2: ".
    const auto colon = message.find(": ", message.find("parse error"));
    if (colon != std::string::npos) message = message.substr(colon + 2);
    throw InputError("invalid JSON: " + message, location_of(text, e.byte, file));
  }
  const Fields f(root, "summary", file);
  RunSummary run;
  run.journeysim_version = f.text_or("journeysim_version", "");
  run.boost_version = f.text_or("boost_version", "");
  run.model = f.text("model");
  run.model_abs = f.text_or("model_abs", "");
  if (f.has("fixes")) run.fixes = f.text("fixes");
  if (f.has("fixes_abs")) run.fixes_abs = f.text("fixes_abs");
  run.mode = f.text_or("mode", "");
  run.replicates = static_cast<long long>(f.number("replicates"));
  run.seed = static_cast<unsigned long long>(f.number_or("seed", 0));
  run.horizon = static_cast<int>(f.number("horizon"));
  run.period = f.text_or("period", "month");
  run.currency = f.text_or("currency", "USD");
  run.discount_rate = f.number_or("discount_rate", 0);
  run.gross_margin = f.number_or("gross_margin", 1);
  run.segments = f.texts("segments");
  run.max_replicates = run.replicates;
  if (f.has("convergence")) {
    const Fields c(f.get("convergence"), "summary.convergence", file);
    if (c.has("precision")) run.precision = c.number("precision");
    if (c.has("reached") && !c.get("reached").is_boolean()) c.fail("summary.convergence.reached must be true or false");
    run.converged = !c.has("reached") || c.get("reached").get<bool>();
    run.max_replicates = static_cast<long long>(c.number_or("max_replicates", static_cast<double>(run.replicates)));
  }
  const json& scenarios = f.get("scenarios");
  if (!scenarios.is_array() || scenarios.empty()) f.fail("summary.scenarios must be a non-empty list");
  for (std::size_t i = 0; i < scenarios.size(); ++i) run.scenarios.push_back(read_scenario(scenarios[i], i, file));
  run.baseline();  // fail early rather than half-way through a report
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
