// Section 5: the fixes compared — ranking table, NPV intervals, probability of being best,
// revenue fan chart and the retained-ARR waterfall of the best portfolio.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <functional>

#include "html.hpp"
#include "journeysim/chart/bar_chart.hpp"
#include "journeysim/chart/fan_chart.hpp"
#include "journeysim/chart/interval_chart.hpp"
#include "journeysim/chart/waterfall_chart.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

std::string s_tooltip(const ReportContext& c, const MetricSummary& m) {
  return "mean " + c.money(m.mean) + ", " + c.low_label + " " + c.money(m.low) + ", P50 " + c.money(m.p50) + ", " +
         c.high_label + " " + c.money(m.high) +
         ", sd " + c.money(m.sd) + ", MCSE " + c.money(m.mcse);
}

/// A ranking cell for an optional figure: "n/a" when summary.json has it as null.
std::string figure_cell(const MetricSummary* m, const std::function<std::string(const MetricSummary&)>& text,
                        const std::string& tooltip = "") {
  return m ? number_cell(m->mean, text(*m), tooltip) : cell("n/a", "num");
}

std::string ranking_table(const ReportContext& c) {
  std::string t = "<table class=\"numbers ranking\" id=\"ranking\"><thead><tr><th>#</th><th>Scenario</th><th>Owner</th>"
                  "<th>Cost PV</th><th>NPV mean</th><th>NPV [" + c.low_label + ", " + c.high_label + "]</th><th>ROI</th>"
                  "<th>P(NPV&gt;0)</th><th>ARR vs baseline [" + c.low_label + ", " + c.high_label + "]</th><th>Payback, " +
                  escape_html(c.period) + "s (P50 [" + c.low_label + ", " + c.high_label + "])</th></tr></thead><tbody>";
  std::size_t rank = 0;
  auto pay = [&](double v) { return v > c.summary.horizon ? std::string("never") : format_grouped(v); };
  for (const auto* s : c.ranked) {
    const MetricSummary& npv = s->versus("npv");
    const MetricSummary *cost = s->find_versus("cost_pv"), *roi = s->find_versus("roi"),
                        *arr = s->find_versus("retained_arr"), *payback = s->find_versus("payback_period");
    t += "<tr data-scenario=\"" + escape_html(s->id) + "\"><td>" + std::to_string(++rank) + "</td>" +
         "<td><strong>" + escape_html(ReportContext::name_of(*s)) + "</strong><br><span class=\"muted\">" +
         escape_html(s->kind + (s->fixes.size() > 1 ? ": " + std::to_string(s->fixes.size()) + " fixes" : "")) +
         "</span></td>" + cell(s->owner) +
         figure_cell(cost, [&](const MetricSummary& m) { return c.money_short(m.mean); }, cost ? s_tooltip(c, *cost) : "") +
         number_cell(npv.mean, c.money(npv.mean), s_tooltip(c, npv)) +
         "<td class=\"num\">" + escape_html("[" + c.money_short(npv.low) + ", " + c.money_short(npv.high) + "]") + "</td>" +
         figure_cell(roi, [](const MetricSummary& m) { return format_percent(m.mean, 0); },
                     roi ? "mean " + format_exact(roi->mean) + ", " + c.low_label + " " + format_exact(roi->low) + ", " +
                               c.high_label + " " + format_exact(roi->high)
                         : "") +
         number_cell(s->prob_npv_positive, format_chance(s->prob_npv_positive)) +
         figure_cell(arr, [&](const MetricSummary& m) {
           return c.money_short(m.mean) + " [" + c.money_short(m.low) + ", " + c.money_short(m.high) + "]";
         }, arr ? s_tooltip(c, *arr) : "");
    // Payback: the median is the honest centre of a quantity that is "never" in some replicates.
    t += payback ? number_cell(payback->p50, pay(payback->p50) + " [" + pay(payback->low) + ", " + pay(payback->high) + "]",
                               c.period + "s from the fix's start; never = not within " +
                                   c.periods(c.summary.horizon))
                 : cell("n/a", "num");
    t += "</tr>";
  }
  return t + "</tbody></table>";
}

std::string npv_intervals(const ReportContext& c) {
  IntervalChart chart;
  chart.title = "NPV per scenario: " + c.low_label + ", median and " + c.high_label + " over replicates";
  chart.low_label = c.low_label;
  chart.high_label = c.high_label;
  chart.axis_label = "NPV vs baseline (" + c.currency + ", discounted at " + format_percent(c.summary.discount_rate) + " a year)";
  chart.format = money_ticks(c.currency);
  for (const auto* s : c.ranked) {
    const MetricSummary& m = s->versus("npv");
    chart.rows.push_back({ReportContext::name_of(*s), m.low, m.p50, m.high, m.mean, s_tooltip(c, m),
                          s->kind == "portfolio" ? palette::purple : palette::blue});
  }
  return figure(render_interval_chart(chart),
                "Each line spans " + c.low_label + " to " + c.high_label + " of NPV across replicates (" +
                    c.interval_share + " of them); the dot is the median and the black tick the mean. Purple rows "
                    "are portfolios.",
                "npv-intervals");
}

std::string prob_best(const ReportContext& c) {
  BarChart chart;
  chart.title = "Probability that each scenario has the highest NPV";
  chart.axis_label = "Share of replicates where the scenario has the highest NPV (%)";
  chart.format = percent_ticks();
  for (const auto* s : c.ranked)
    if (s->prob_best)
      chart.bars.push_back({ReportContext::name_of(*s), *s->prob_best, format_percent(*s->prob_best, 0),
                            "exact share " + format_exact(*s->prob_best),
                            s->kind == "portfolio" ? palette::purple : palette::blue});
  if (chart.bars.empty()) return "";
  return figure(render_bar_chart(chart),
                "Among all fixes and portfolios, on the same random numbers (common random numbers) in each replicate.",
                "prob-best");
}

std::string revenue_fan(const ReportContext& c) {
  FanChart chart;
  chart.title = "Revenue per " + c.period + ": baseline and the top scenarios (" + c.low_label + "–" + c.high_label + " bands)";
  chart.low_label = c.low_label;
  chart.high_label = c.high_label;
  std::string period = c.period.empty() ? "period" : c.period;
  period[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(period[0])));
  chart.x_label = period + " of the horizon (0 = start)";
  chart.y_label = "Revenue per " + c.period + " (" + c.currency + ")";
  chart.format = money_ticks(c.currency);
  chart.value_text = [&c](double v) { return c.money(v); };
  std::vector<const ScenarioSummary*> shown{&c.summary.baseline()};
  for (std::size_t i = 0; i < c.ranked.size() && i < 3; ++i) shown.push_back(c.ranked[i]);
  for (std::size_t i = 0; i < shown.size(); ++i)
    if (const auto* series = c.input.run.revenue.find(shown[i]->id, "all", "revenue"))
      chart.series.push_back({ReportContext::name_of(*shown[i]), *series, palette::series(i)});
  if (chart.series.empty()) return "<p class=\"note\">revenue.csv has no rows.</p>";
  return figure(render_fan_chart(chart),
                "Shaded bands hold " + c.interval_share + " of replicates (" + c.low_label + " to " + c.high_label +
                    "); lines are medians. Hover the points for exact values.",
                "revenue-fan");
}

std::string arr_waterfall(const ReportContext& c) {
  const ScenarioSummary* portfolio = c.best_portfolio;
  if (!portfolio || portfolio->fixes.empty()) return "";
  WaterfallChart chart;
  chart.title = "ARR at the horizon vs baseline: " + ReportContext::name_of(*portfolio) + ", fix by fix";
  chart.y_label = "ARR vs baseline (" + c.currency + "/year)";
  chart.format = money_ticks(c.currency);
  double sum = 0;
  for (const auto& id : portfolio->fixes) {
    const ScenarioSummary* alone = c.fix_scenario(id);
    if (!alone || !alone->vs_baseline.count("retained_arr")) continue;
    const MetricSummary& m = alone->versus("retained_arr");
    sum += m.mean;
    chart.steps.push_back({ReportContext::name_of(*alone), m.mean, (m.mean >= 0 ? "+" : "") + c.money_short(m.mean),
                           s_tooltip(c, m) + " (this fix alone)"});
  }
  const MetricSummary* total_arr = portfolio->find_versus("retained_arr");
  if (!total_arr) return "";
  const MetricSummary& total = *total_arr;
  if (portfolio->fixes.size() > 1 && std::fabs(total.mean - sum) > 1e-9 * std::max(1.0, std::fabs(total.mean)))
    chart.steps.push_back({"Interaction", total.mean - sum,
                           (total.mean - sum >= 0 ? "+" : "") + c.money_short(total.mean - sum),
                           c.money(total.mean - sum) + ": the portfolio's ARR gain minus the sum of its fixes alone"});
  chart.total_label = portfolio->fixes.size() > 1 ? "Portfolio" : "Total";
  chart.total_text = c.money_short(total.mean);
  chart.total_tooltip = s_tooltip(c, total);
  const double base = c.summary.baseline().metric("arr_end").mean;
  return figure(render_waterfall_chart(chart),
                "Baseline ARR at the horizon is " + c.money_short(base) + " (" + c.money(base) +
                    "). Each bar is one fix's ARR gain (retained or added) when funded alone (mean over replicates); the "
                    "interaction bar is what funding them together adds or loses beyond the sum.",
                "arr-waterfall");
}

}  // namespace

std::string section_fixes(const ReportContext& c) {
  if (c.ranked.empty())
    return section("fixes", "Fixes compared",
                   "<p class=\"lead\">This run simulated the baseline only: there are no fixes to compare.</p>" +
                       revenue_fan(c));
  std::string body = "<p class=\"lead\">Every scenario against the baseline on the same random numbers, best expected "
                     "NPV first. Costs and NPV are discounted at " + format_percent(c.summary.discount_rate) +
                     " a year; NPV is the incremental margin (" + format_percent(c.summary.gross_margin, 0) +
                     " gross margin on revenue, less cost to serve) minus the fix costs" +
                     (c.summary.terminal_value
                          ? ", <strong>plus the terminal value</strong>: the expected discounted margin of the customers "
                            "present at the horizon, on the last period's rows, with no new arrivals and no fix costs "
                            "beyond the horizon (simulate --terminal-value)"
                          : std::string(", within the horizon only (no value beyond it)")) +
                     ".</p>";
  return section("fixes", "Fixes compared",
                 body + ranking_table(c) + segment_results(c) + rule_results(c) + npv_intervals(c) + prob_best(c) + revenue_fan(c) +
                     arr_waterfall(c));
}

}  // namespace journeysim::report_detail
