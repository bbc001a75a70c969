#include "journeysim/io/decision_reader.hpp"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "journeysim/core/error.hpp"
#include "journeysim/io/run_directory.hpp"
#include "journeysim/io/source_file.hpp"
#include "json_text.hpp"

namespace journeysim {
namespace {

using json = nlohmann::json;

struct DecisionReader {
  std::string file;

  [[noreturn]] void fail(const std::string& pointer, const std::string& what) const {
    throw InputError("decision.json: " + pointer + " " + what, SourceLocation{file, 0, 0});
  }
  const json& at(const json& object, const std::string& key, const std::string& pointer) const {
    if (!object.is_object() || !object.contains(key)) fail(pointer + "/" + key, "is missing");
    return object[key];
  }
  double number(const json& object, const std::string& key, const std::string& pointer) const {
    const json& value = at(object, key, pointer);
    if (!value.is_number() || !std::isfinite(value.get<double>())) fail(pointer + "/" + key, "must be a finite number");
    return value.get<double>();
  }
  std::string text(const json& object, const std::string& key, const std::string& pointer) const {
    const json& value = at(object, key, pointer);
    if (!value.is_string()) fail(pointer + "/" + key, "must be text");
    return value.get<std::string>();
  }
  std::vector<std::string> ids(const json& object, const std::string& pointer) const {
    const json& list = at(object, "fixes", pointer);
    if (!list.is_array()) fail(pointer + "/fixes", "must be a list of fix ids");
    std::vector<std::string> out;
    for (const auto& id : list) {
      if (!id.is_string()) fail(pointer + "/fixes", "must be a list of fix ids");
      out.push_back(id.get<std::string>());
    }
    return out;
  }
  /// Calls `read(item, pointer)` for each item of the list root[key]; a missing key is an error
  /// when `required`, else no items (keys decide added later: older directories still render).
  template <class Read>
  void each(const json& root, const std::string& key, bool required, Read read) const {
    if (!required && !root.contains(key)) return;
    const json& list = at(root, key, "");
    if (!list.is_array()) fail("/" + key, "must be a list");
    for (std::size_t i = 0; i < list.size(); ++i) read(list[i], "/" + key + "/" + std::to_string(i));
  }
  DecisionPoint point(const json& object, const std::string& pointer) const {
    DecisionPoint p;
    p.fixes = ids(object, pointer);
    p.budget_cost = number(object, "budget_cost", pointer);
    const json& confirmed = at(object, "confirmed", pointer);
    const std::string where = pointer + "/confirmed";
    p.npv_mean = number(confirmed, "npv_mean", where);
    p.npv_p10 = number(confirmed, "npv_p10", where);
    p.npv_p90 = number(confirmed, "npv_p90", where);
    p.prob_npv_positive = number(confirmed, "prob_npv_positive", where);
    return p;
  }
};


}  // namespace

DecisionSummary parse_decision_summary(const std::string& text, const std::string& file) {
  json_text::check_depth(text, file, 16, "decision.json has 5");
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(std::string("decision.json is not valid JSON: ") + e.what(), SourceLocation{file, 0, 0});
  }
  const DecisionReader r{file};
  DecisionSummary out;
  out.budget = r.number(root, "budget", "");
  out.budget_basis = r.text(root, "budget_basis", "");
  out.objective = r.text(root, "objective", "");
  const json& method = r.at(root, "method", "");
  out.candidates = static_cast<long long>(r.number(method, "candidates", "/method"));
  out.feasible = static_cast<long long>(r.number(method, "portfolios_feasible", "/method"));
  out.recommended = r.point(r.at(root, "recommended_portfolio", ""), "/recommended_portfolio");
  out.recommended.budget = out.budget;
  r.each(root, "frontier", true, [&](const json& item, const std::string& pointer) {
    DecisionPoint p = r.point(item, pointer);
    p.budget = r.number(item, "budget", pointer);
    out.frontier.push_back(std::move(p));
  });
  r.each(root, "tornado", true, [&](const json& item, const std::string& pointer) {
    // `cost` names a cost bar; effect bars (and directories written before costs could be
    // uncertain) have none.
    const bool cost = item.is_object() && item.contains("cost");
    out.tornado.push_back({r.text(item, "fix", pointer), r.text(item, "distribution", pointer),
                           cost ? r.text(item, "cost", pointer) : std::string{},
                           r.number(item, "p10", pointer), r.number(item, "p90", pointer),
                           r.number(item, "npv_mean_at_p10", pointer), r.number(item, "npv_mean_at_p90", pointer)});
  });
  r.each(root, "economics_tornado", false, [&](const json& item, const std::string& pointer) {
    out.economics_tornado.push_back({r.text(item, "input", pointer), r.number(item, "value", pointer),
                                     r.number(item, "low", pointer), r.number(item, "high", pointer),
                                     r.number(item, "npv_mean_at_low", pointer), r.number(item, "npv_mean_at_high", pointer)});
  });
  r.each(root, "model_tornado", false, [&](const json& item, const std::string& pointer) {
    out.model_tornado.push_back({r.text(item, "input", pointer), r.number(item, "p10", pointer),
                                 r.number(item, "p90", pointer), r.number(item, "npv_mean_at_or_below_p10", pointer),
                                 r.number(item, "npv_mean_at_or_above_p90", pointer),
                                 r.number(item, "variance_share", pointer)});
  });
  out.evpi = r.number(root, "evpi", "");
  r.each(root, "evppi", false, [&](const json& item, const std::string& pointer) {
    const bool cost = item.is_object() && item.contains("cost");  // effects (and older files) have none
    out.information.push_back({r.text(item, "fix", pointer), r.text(item, "distribution", pointer),
                               cost ? r.text(item, "cost", pointer) : std::string{}, r.number(item, "evppi", pointer),
                               r.number(item, "variance_share", pointer)});
  });
  if (root.contains("pilot") && !root["pilot"].is_null()) {
    const json& pilot = root["pilot"];
    out.pilot_sentence = r.text(pilot, "sentence", "/pilot");
    const json& worth = r.at(pilot, "worth_running", "/pilot");
    if (!worth.is_boolean()) r.fail("/pilot/worth_running", "must be true or false");
    out.pilot_worth_running = worth.get<bool>();
  }
  return out;
}

std::optional<DecisionSummary> read_decision_summary(const std::string& run_directory) {
  const std::string path = (std::filesystem::path(run_directory) / run_files::decision).string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return std::nullopt;
  return parse_decision_summary(read_input_file(path, run_files::decision_bytes, "decision.json files", true), path);
}

}  // namespace journeysim
