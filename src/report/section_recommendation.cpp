// Section 6: what to fund first, what is uncertain about it, and what to measure next.
#include <algorithm>
#include <cmath>
#include <set>

#include "html.hpp"
#include "journeysim/calibrate/estimate.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

constexpr std::size_t max_recommended = 5;

std::string stage_name(const Journey& j, StageIndex s) {
  return j.stages[s].name.empty() ? j.stages[s].id : j.stages[s].name;
}

/// "Onboarding → Adoption: relative triangular[0.05, 0.15, 0.3] (mean +15.0%)".
std::string effect_text(const Journey& j, const Effect& e) {
  std::string what = e.target == EffectTarget::transition ? stage_name(j, e.from) + " → " + stage_name(j, e.to)
                     : e.target == EffectTarget::inflow   ? "inflow into " + stage_name(j, e.from)
                                                          : "revenue in " + stage_name(j, e.from);
  const char* mode = e.mode == EffectMode::relative ? "relative" : e.mode == EffectMode::absolute ? "absolute" : "set to";
  const double mean = e.value.mean();
  const std::string mean_text = e.mode == EffectMode::relative ? (mean >= 0 ? "+" : "") + format_percent(mean)
                                                               : format_exact(mean);
  return what + ": " + mode + " " + e.value.describe() + " (mean " + mean_text + ")";
}

/// The fixes worth funding: those of the decision when the directory holds one (the budget and
/// the constraints decide, not each fix alone), else single-fix scenarios with a positive
/// expected NPV; best first.
std::vector<const ScenarioSummary*> recommended(const ReportContext& c) {
  std::vector<const ScenarioSummary*> out;
  if (c.input.decision) {
    const auto& ids = c.input.decision->recommended.fixes;
    for (const auto* s : c.ranked)
      if (s->kind == "fix" && s->fixes.size() == 1 && std::find(ids.begin(), ids.end(), s->fixes[0]) != ids.end())
        out.push_back(s);
    return out;
  }
  for (const auto* s : c.ranked)
    if (s->kind == "fix" && s->versus("npv").mean > 0 && out.size() < max_recommended) out.push_back(s);
  return out;
}

/// The scenario of a decide directory's run that funds exactly the decision's fixes; nullptr
/// when there is none (a decision to fund nothing, or a single fix).
const ScenarioSummary* decided_portfolio(const ReportContext& c) {
  std::vector<std::string> ids = c.input.decision->recommended.fixes;
  std::sort(ids.begin(), ids.end());
  for (const auto& s : c.summary.scenarios) {
    std::vector<std::string> funded = s.fixes;
    std::sort(funded.begin(), funded.end());
    if (s.kind == "portfolio" && funded == ids) return &s;
  }
  return nullptr;
}

std::string fund_list(const ReportContext& c, const std::vector<const ScenarioSummary*>& fixes) {
  std::string out = "<ol class=\"fund\" id=\"fund-first\">";
  for (const auto* s : fixes) {
    const MetricSummary& npv = s->versus("npv");
    out += "<li data-scenario=\"" + escape_html(s->id) + "\"><strong>" + escape_html(ReportContext::name_of(*s)) +
           "</strong>" + (s->owner.empty() ? "" : " (" + escape_html(s->owner) + ")") + ": expected NPV " +
           escape_html(c.money_short(npv.mean)) + " [" + c.low_label + " " + escape_html(c.money_short(npv.low)) + ", " + c.high_label + " " +
           escape_html(c.money_short(npv.high)) + "], <span class=\"prob\">P(NPV&gt;0) " +
           escape_html(format_chance(s->prob_npv_positive)) + "</span>" +
           (s->find_versus("cost_pv") ? ", cost PV " + escape_html(c.money_short(s->find_versus("cost_pv")->mean)) : "") +
           ".</li>";
  }
  return out + "</ol>";
}

std::string uncertainty(const ReportContext& c, const std::vector<const ScenarioSummary*>& fixes) {
  std::string out = "<ul class=\"uncertain\">";
  for (const auto* s : fixes) {
    const MetricSummary& npv = s->versus("npv");
    const double width = npv.high - npv.low;
    out += "<li><strong>" + escape_html(ReportContext::name_of(*s)) + "</strong>: the " + c.interval_share + " interval of NPV spans " +
           escape_html(c.money_short(width)) +
           (npv.mean != 0 ? escape_html(" (" + format_percent(width / std::fabs(npv.mean), 0) + " of the mean)") : "") +
           (npv.low < 0 ? "; it loses money in more than " + format_percent(c.summary.quantiles.front(), std::fmod(c.summary.quantiles.front() * 1000, 10) == 0 ? 0 : 1) + " of replicates" : "") + ".";
    if (s->clamped_effects > 0)
      out += " " + escape_html(format_grouped(s->clamped_effects)) +
             " drawn effects were clamped to keep probabilities valid: the effect sizes stretch the model.";
    if (!s->fixes.empty())
      if (const Fix* fix = c.fix(s->fixes.front())) {
        std::vector<std::string> effects;
        for (const auto& e : fix->effects) effects.push_back(effect_text(c.journey, e));
        out += bullet_list(effects, "effects");
      }
    out += "</li>";
  }
  return out + "</ul>";
}

std::string measure_next(const ReportContext& c, const std::vector<const ScenarioSummary*>& fixes) {
  const Journey& j = c.journey;
  std::vector<std::string> items;
  std::set<std::pair<StageIndex, StageIndex>> watched;
  const auto dense = j.transition_matrix();  // by stage (the chain's matrix is by state)
  for (const auto* s : fixes)
    for (const auto& id : s->fixes)
      if (const Fix* fix = c.fix(id))
        for (const auto& e : fix->effects) {
          if (e.target != EffectTarget::transition || !watched.insert({e.from, e.to}).second) continue;
          std::string today = format_percent(dense[e.from][e.to]);
          if (const TimeInStageRows* rows = j.time_in_stage_of(e.from)) {  // by period in stage
            today.clear();
            for (std::size_t b = 0; b < rows->buckets.size(); ++b)
              today += (b == 0 ? "" : ", ") + format_percent(j.bucket_row(*rows, b)[e.to]) + " in " + c.period + "s " +
                       rows->buckets[b].label() + " in the stage";
          }
          const std::string when =
              fix->time_in_stage ? " in " + c.period + "s " + fix->time_in_stage->periods.label() + " of a stay, from period "
              : fix->trigger     ? " for the customers the rule serves (" +
                                   (fix->trigger->after == 0 ? std::string("on entering") : "after " + c.periods(fix->trigger->after)) +
                                   "), from period "
                                 : " each " + c.period + " from period ";
          items.push_back(stage_name(j, e.from) + " → " + stage_name(j, e.to) + when +
                          std::to_string(fix->start) + " (" + (fix->name.empty() ? fix->id : fix->name) +
                          "): today " + today + "; the fix assumes a change of " +
                          effect_text(j, e).substr(effect_text(j, e).find(": ") + 2) + ".");
        }
  // The biggest levers and leaks (ranked by size) that no fix of the file targets, recommended
  // or not: a transition some fix already works on is not "untargeted".
  std::set<std::pair<StageIndex, StageIndex>> targeted;
  if (c.input.fixes)
    for (const auto& fix : c.input.fixes->fixes)
      for (const auto& e : fix.effects)
        if (e.target == EffectTarget::transition) targeted.insert({e.from, e.to});
  std::size_t added = 0;
  for (const auto& lever : c.analysis.leverage) {
    if (added == 2) break;
    if (targeted.count({lever.from, lever.to}) || lever.delta_revenue_pv == 0) continue;
    const bool leak = lever.delta_revenue_pv < 0;
    items.push_back(stage_name(j, lever.from) + " → " + stage_name(j, lever.to) + ": one of the largest " +
                    (leak ? "leaks (" : "levers (") + c.money_short(lever.delta_revenue_pv) + " PV per +" +
                    format_significant(lever.step * 100, 3) + "pp" +
                    (leak ? "; one point less is worth as much" : "") + ") and no fix targets it yet.");
    ++added;
  }
  for (auto s : j.calibration.flagged_rows)
    items.push_back("Collect more exits from " + stage_name(j, s) + ": calibration flagged it as having too few to trust.");
  for (const auto& h : j.calibration.homogeneity)
    // The test compares one row per stage across the window: a stage already written by time in
    // stage is expected to fail it (its customers age through the buckets), so it says nothing.
    if (row_changed(h) && !j.time_in_stage_of(h.from))
      items.push_back("Re-check " + stage_name(j, h.from) + ": its transitions changed over the observation window "
                      "(homogeneity p " + (h.adjusted_p_value < 0.001 ? std::string("< 0.001") : "= " + format_grouped(h.adjusted_p_value, 3)) +
                      " after Holm's correction), so the "
                      "forecast, which uses the window's average, may be off; a time-in-stage or heterogeneity model "
                      "is the likely fix (see How the numbers were made).");
  return bullet_list(items, "measure");
}

}  // namespace

std::string section_recommendation(const ReportContext& c) {
  std::string body;
  const auto fixes = recommended(c);
  if (c.ranked.empty()) {
    body = "<p>No fixes were simulated. The levers in “Where the journey leaks” show where a fix would pay most; "
           "describe candidate fixes in a fixes file and run <code>journeysim simulate --fixes</code>.</p>";
    return section("recommendation", "Recommendation", body + "<h3>What to measure next</h3>" + measure_next(c, {}));
  }
  if (fixes.empty() && c.input.decision) {
    body = "<p id=\"fund-first\">Fund none of the proposed fixes: no portfolio that meets the budget and the "
           "constraints beats doing nothing.</p>";
  } else if (fixes.empty()) {
    body = "<p id=\"fund-first\">Fund none of the proposed fixes as specified: none has a positive expected NPV "
           "over the horizon.</p>";
  } else {
    body = (c.input.decision ? "<h3>Fund first: the decision within " + escape_html(c.money_short(c.input.decision->budget)) +
                                   " (each fix alone below)</h3>"
                             : std::string("<h3>Fund first</h3>")) +
           fund_list(c, fixes);
    // With a decision, the portfolio described is the one it funds: the best declared portfolio
    // may break the budget or the constraints (a new user's page recommended both).
    const ScenarioSummary* portfolio = c.input.decision ? decided_portfolio(c) : c.best_portfolio;
    if (portfolio && portfolio->kind == "portfolio") {
      const MetricSummary& npv = portfolio->versus("npv");
      std::string members;
      for (const auto& id : portfolio->fixes) {
        const ScenarioSummary* alone = c.fix_scenario(id);
        members += (members.empty() ? "" : ", ") + (alone ? ReportContext::name_of(*alone) : id);
      }
      body += std::string("<p>") + (c.input.decision ? "Together, the recommended portfolio (" : "The best portfolio, <strong>" +
                                    escape_html(ReportContext::name_of(*portfolio)) + "</strong> (") +
              escape_html(members) + ") is expected to return " + escape_html(c.interval_text(npv)) +
              " NPV, with P(NPV&gt;0) " + escape_html(format_chance(portfolio->prob_npv_positive)) + ".</p>";
    }
    body += "<h3>What is uncertain</h3>" + uncertainty(c, fixes);
  }
  if (!c.input.fixes)
    body += "<p class=\"note\">Effect distributions are not listed: the fixes file could not be read.</p>";
  return section("recommendation", "Recommendation", body + "<h3>What to measure next</h3>" + measure_next(c, fixes));
}

}  // namespace journeysim::report_detail
