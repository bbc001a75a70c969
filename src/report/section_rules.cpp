// The rules (triggered fixes): how many customers each reached, held out, served and left
// unserved, and when the team's capacity binds. From summary.json's `triggers` of each fix
// alone; the fixes file gives each rule's stage, timing and capacity.
#include "html.hpp"
#include "journeysim/chart/rule_chart.hpp"
#include "journeysim/core/number_text.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

std::string count_cell(double value) { return number_cell(value, format_grouped(value), format_grouped(value, 1)); }

/// "onboarding, after 2 months in the stage, 10% held out, at most 25 a month": the rule as the
/// fixes file states it.
std::string rule_text(const ReportContext& c, const Fix* fix) {
  if (!fix || !fix->trigger) return "";
  const Trigger& t = *fix->trigger;
  std::string text = c.journey.stages[t.stage].name.empty() ? c.journey.stages[t.stage].id : c.journey.stages[t.stage].name;
  text += t.after == 0 ? ", on entering" : ", after " + c.periods(t.after) + " in the stage";
  if (t.lasts > 0) text += ", lasts " + c.periods(t.lasts) + (t.fade ? " (fading)" : "");
  if (t.cooldown > 0) text += ", again every " + c.periods(t.cooldown);
  if (t.once_per_customer) text += ", once per customer";
  if (t.hold_out > 0) text += ", " + format_percent(t.hold_out, 0) + " held out";
  if (t.limited()) text += ", at most " + format_grouped(t.capacity) + " a " + c.period;
  return text;
}

}  // namespace

std::string rule_results(const ReportContext& c) {
  std::vector<std::pair<const RuleSummary*, const Fix*>> rules;
  for (const auto& scenario : c.summary.scenarios)
    if (scenario.kind == "fix")
      for (const auto& rule : scenario.rules) rules.emplace_back(&rule, c.fix(rule.fix));
  if (rules.empty()) return "";
  std::string t =
      "<h3 id=\"rules\">Rules</h3><p class=\"note\">Fixes that act only on the customers who meet a condition "
      "(triggers): customers over the horizon, mean per replicate, each rule funded alone. Held-out customers are "
      "the control group; unserved ones were eligible beyond the team's capacity. Both follow the baseline.</p>"
      "<div class=\"map-scroll\"><table class=\"numbers\" id=\"rule-table\"><thead><tr><th>Rule</th><th>When it "
      "fires</th><th>Triggered</th><th>Held out</th><th>Served</th><th>Unserved</th></tr></thead><tbody>";
  std::string charts;
  for (const auto& [rule, fix] : rules) {
    const std::string name = fix && !fix->name.empty() ? fix->name : rule->fix;
    t += "<tr data-rule=\"" + escape_html(rule->fix) + "\"><td>" + escape_html(name) + "</td><td>" +
         escape_html(rule_text(c, fix)) + "</td>" + count_cell(rule->triggered) + count_cell(rule->held_out) +
         count_cell(rule->served) + count_cell(rule->unserved) + "</tr>";
    if (rule->triggered_by_period.empty()) continue;
    RuleChart chart;
    chart.title = name + ": customers per " + c.period;
    chart.period = c.period;
    chart.triggered = rule->triggered_by_period;
    chart.served = rule->served_by_period;
    if (fix && fix->trigger && fix->trigger->limited()) chart.capacity = fix->trigger->capacity;
    charts += figure(render_rule_chart(chart),
                     "Triggered (light) and served (dark) customers per " + c.period + ", mean over replicates" +
                         (chart.capacity ? "; the dashed line is the team's capacity." : "."));
  }
  return t + "</tbody></table></div>" + charts;
}

}  // namespace journeysim::report_detail
