// decision.json: the recommendation, the frontier, each fix's part in the decision.
#include <cmath>

#include "journeysim/core/sha256.hpp"
#include "journeysim/core/version.hpp"
#include "journeysim/output/decision_output.hpp"

namespace journeysim {
namespace {

using Json = nlohmann::ordered_json;

Json json_number(double value) { return std::isfinite(value) ? Json(value) : Json(nullptr); }

Json ids_of(const FixesFile& fixes, const std::vector<std::size_t>& list) {
  Json ids = Json::array();
  for (auto f : list) ids.push_back(fixes.fixes[f].id);
  return ids;
}

Json stats_json(const PortfolioStats& s) {
  return Json{{"objective", json_number(s.objective)}, {"npv_mean", json_number(s.mean)},  {"npv_mcse", json_number(s.mcse)},
              {"npv_p10", json_number(s.p10)},         {"npv_p50", json_number(s.p50)},    {"npv_p90", json_number(s.p90)},
              {"npv_cvar", json_number(s.cvar)},       {"prob_npv_positive", s.p_positive},
              {"cost_pv", json_number(s.cost_pv)},     {"roi_mean", json_number(s.roi)},  {"payback_p50", json_number(s.payback)}};
}

Json portfolio_json(const FixesFile& fixes, const PortfolioResult& p) {
  Json out{{"fixes", ids_of(fixes, p.fixes)}, {"budget_cost", json_number(p.budget_cost)}, {"feasible", p.feasible}};
  out["screening"] = stats_json(p.screening);
  out["rescored"] = p.rescored ? stats_json(*p.rescored) : Json(nullptr);
  out["confirmed"] = p.confirmed ? stats_json(*p.confirmed) : Json(nullptr);
  return out;
}

Json constraints_json(const FixesFile& fixes, const DecisionSettings& settings) {
  const DecisionRules& rules = fixes.decision;
  Json exclusive = Json::array();
  for (const auto& group : rules.exclusive) exclusive.push_back(ids_of(fixes, group));
  Json capacity = Json::object();
  for (const auto& cap : rules.capacity) capacity[cap.owner] = cap.limit;
  return Json{{"max_fixes", settings.max_fixes > 0 ? Json(settings.max_fixes) : Json(nullptr)},
              {"exclusive", exclusive},
              {"required", ids_of(fixes, rules.required)},
              {"excluded", ids_of(fixes, rules.excluded)},
              {"capacity", capacity},
              {"min_prob_npv_positive", settings.min_p_positive ? Json(*settings.min_p_positive) : Json(nullptr)}};
}

Json fixes_json(const FixesFile& fixes, const DecisionResult& result) {
  Json out = Json::array();
  for (const FixDecision& d : result.fixes) {
    const Fix& fix = fixes.fixes[d.fix];
    out.push_back(Json{{"id", fix.id},
                       {"name", fix.name},
                       {"owner", fix.owner},
                       {"recommended", d.recommended},
                       {"prob_in_optimal", d.p_in_optimal},
                       {"replacement_cost", json_number(d.replacement_cost)},
                       {"forcing_cost", json_number(d.forcing_cost)},
                       {"reach", json_number(d.reach)},
                       {"impact", json_number(d.impact)},
                       {"confidence", d.alone.p_positive},
                       {"effort", json_number(d.budget_cost)},
                       {"alone", stats_json(d.alone)}});
  }
  return out;
}

Json pilot_json(const Journey& journey, const FixesFile& fixes, const DecisionResult& result) {
  const Pilot& p = *result.pilot;
  const Effect& effect = fixes.fixes[p.fix].effects[p.effect];
  return Json{{"fix", fixes.fixes[p.fix].id},
              {"effect", p.effect},
              {"stage", journey.stages[effect.from].id},
              {"customers_per_arm", p.per_arm},
              {"follow_periods", p.follow},
              {"wait_periods", p.wait},
              {"entries_per_period", json_number(p.entries_per_period)},
              {"estimate_se", json_number(p.noise_sd)},
              {"evsi", json_number(p.evsi)},
              {"wait_cost", json_number(p.wait_cost)},
              {"direct_cost", json_number(p.direct_cost)},
              {"expected_net_benefit", json_number(p.net)},
              {"worth_running", p.worth_running()},
              {"sentence", pilot_sentence(journey, fixes, result)}};
}

}  // namespace

nlohmann::ordered_json decision_json(const Journey& journey, const FixesFile& fixes, const DecisionResult& result,
                                     const DecisionSettings& settings, const RunDescription& run) {
  Json out;
  out["journeysim_version"] = version();
  out["model"] = run.model_path;
  out["fixes"] = run.fixes_path;
  out["model_sha256"] = sha256_hex(run.model_text);
  out["fixes_sha256"] = sha256_hex(run.fixes_text);
  out["mode"] = run.mode;
  out["seed"] = run.seed;
  out["horizon"] = result.horizon;
  out["currency"] = journey.info.currency;
  out["budget"] = settings.budget;
  out["budget_basis"] = to_string(settings.basis);
  out["objective"] = settings.objective.name();
  out["constraints"] = constraints_json(fixes, settings);
  out["method"] = Json{{"search", "exact"},
                       {"candidates", result.candidates},
                       {"portfolios_simulated", result.portfolios.size()},
                       {"portfolios_feasible", result.feasible_count},
                       {"screening_replicates", Json::array({0, result.screening_replicates})},
                       {"rescoring_replicates", Json::array({result.screening_replicates,
                                                             result.screening_replicates + result.rescore_replicates})},
                       {"confirmation_replicates",
                        Json::array({result.screening_replicates + result.rescore_replicates,
                                     result.screening_replicates + 2 * result.rescore_replicates})},
                       {"leaders_per_budget_level", settings.leaders},
                       {"budget_levels", settings.budget_levels}};
  const PortfolioResult& chosen = result.portfolios[result.recommended];
  out["recommended"] = ids_of(fixes, chosen.fixes);
  out["recommended_portfolio"] = portfolio_json(fixes, chosen);
  out["screening_best"] = portfolio_json(fixes, result.portfolios[result.screening_best]);
  Json leaders = Json::array();
  for (auto p : result.leaders) leaders.push_back(portfolio_json(fixes, result.portfolios[p]));
  out["leaders"] = leaders;
  Json frontier = Json::array();
  for (const auto& point : result.frontier) {
    Json row = portfolio_json(fixes, result.portfolios[point.portfolio]);
    row["budget"] = point.budget;
    frontier.push_back(row);
  }
  out["frontier"] = frontier;
  out["fix_decisions"] = fixes_json(fixes, result);
  Json interactions = Json::array();
  for (const auto& i : result.interactions)
    interactions.push_back(Json{{"a", fixes.fixes[i.a].id}, {"b", fixes.fixes[i.b].id}, {"npv_mean", i.mean},
                                {"npv_mcse", i.mcse}});
  out["interactions"] = interactions;
  out["evpi"] = json_number(result.evpi);
  Json tornado = Json::array();
  for (const auto& bar : result.tornado) {
    const Fix& fix = fixes.fixes[bar.fix];
    // Keys in the documented order; an uncertain cost has no effect index and names its field.
    Json item{{"fix", fix.id}};
    item["effect"] = bar.cost.empty() ? Json(bar.effect) : Json(nullptr);
    if (!bar.cost.empty()) item["cost"] = bar.cost;
    item["distribution"] = (bar.cost.empty() ? fix.effects[bar.effect].value : fix.cost.field(bar.cost)).describe();
    item["p10"] = bar.low;
    item["p90"] = bar.high;
    item["npv_mean_at_p10"] = json_number(bar.npv_low);
    item["npv_mean_at_p90"] = json_number(bar.npv_high);
    tornado.push_back(item);
  }
  out["tornado"] = tornado;
  Json model_tornado = Json::array();
  for (const auto& swing : result.model_tornado)
    model_tornado.push_back(Json{{"input", swing.input},
                                 {"p10", swing.low},
                                 {"p90", swing.high},
                                 {"npv_mean_at_or_below_p10", json_number(swing.npv_low)},
                                 {"npv_mean_at_or_above_p90", json_number(swing.npv_high)},
                                 {"variance_share", json_number(swing.variance_share)}});
  out["model_tornado"] = model_tornado;
  Json economics = Json::array();
  for (const auto& swing : result.economics_tornado)
    economics.push_back(Json{{"input", swing.input},
                             {"value", swing.value},
                             {"low", swing.low},
                             {"high", swing.high},
                             {"npv_mean_at_low", json_number(swing.npv_low)},
                             {"npv_mean_at_high", json_number(swing.npv_high)}});
  out["economics_tornado"] = economics;
  Json information = Json::array();
  for (const auto& info : result.information) {
    // As in the tornado: an uncertain cost has no effect index and names its field.
    const Fix& fix = fixes.fixes[info.fix];
    Json item{{"fix", fix.id}};
    item["effect"] = info.cost.empty() ? Json(info.effect) : Json(nullptr);
    if (!info.cost.empty()) item["cost"] = info.cost;
    item["distribution"] = (info.cost.empty() ? fix.effects[info.effect].value : fix.cost.field(info.cost)).describe();
    item["evppi"] = json_number(info.evppi);
    item["variance_share"] = json_number(info.variance_share);
    information.push_back(item);
  }
  out["evppi"] = information;
  out["pilot"] = result.pilot ? pilot_json(journey, fixes, result) : Json(nullptr);
  return out;
}

}  // namespace journeysim
