// Sections 3 and 4: where customers go (flow diagram) and where the journey leaks (leverage).
#include <algorithm>

#include "html.hpp"
#include "journeysim/chart/bar_chart.hpp"
#include "journeysim/chart/flow_chart.hpp"
#include "journeysim/analytic/leverage.hpp"
#include "journeysim/core/number_text.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

/// Expected moves into terminal stages from paying / non-paying stages (SPEC §6 churned vs lost).
std::pair<double, double> churned_and_lost(const ReportContext& c) {
  double churned = 0, lost = 0;
  const auto& stages = c.journey.stages;
  for (StageIndex s = 0; s < stages.size(); ++s)
    for (StageIndex d = 0; d < stages.size(); ++d)
      if (stages[d].terminal && !stages[s].terminal)
        (stages[s].revenue_per_period > 0 ? churned : lost) +=
            c.flows.moves(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(d));
  return {churned, lost};
}

}  // namespace

std::string section_flow(const ReportContext& c) {
  FlowChart chart;
  chart.title = "Customers flowing between stages over " + c.periods(c.summary.horizon) + " (baseline, expected)";
  chart.horizon_text = c.periods(c.summary.horizon);
  chart.count_text = [](double v) { return format_count_short(v); };
  chart.exact_text = [](double v) { return format_grouped(v, 1); };
  const auto& stages = c.journey.stages;
  for (StageIndex s = 0; s < stages.size(); ++s)
    chart.nodes.push_back({stages[s].name.empty() ? stages[s].id : stages[s].name, stages[s].terminal,
                           c.flows.entered(static_cast<Eigen::Index>(s)), c.flows.at_end(static_cast<Eigen::Index>(s))});
  for (StageIndex s = 0; s < stages.size(); ++s)
    for (StageIndex d = 0; d < stages.size(); ++d) {
      const double v = c.flows.moves(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(d));
      if (v > 0) chart.links.push_back({s, d, v});
    }
  std::string body = figure(render_flow_chart(chart),
                            "Band widths are proportional to the expected number of customers making each move over "
                            "the horizon (Σ over periods of customers in the stage × the transition probability), "
                            "from the model's expected trace summed over segments. Hover a band for exact numbers.",
                            "flow-chart");
  const auto [churned, lost] = churned_and_lost(c);
  const ScenarioSummary& base = c.summary.baseline();
  std::string t = "<table class=\"numbers\" id=\"leak-check\"><thead><tr><th>Leak over the horizon</th><th>Model "
                  "(expected trace)</th><th>Simulated baseline, mean [" + c.low_label + ", " + c.high_label +
                  "]</th></tr></thead><tbody>";
  for (const auto& [label, key, model] : {std::tuple{"Churned: left from a paying stage", "churned_total", churned},
                                          std::tuple{"Lost: left before paying", "lost_total", lost}}) {
    if (!base.metrics.count(key)) continue;
    const MetricSummary& m = base.metric(key);
    t += "<tr>" + cell(label) + number_cell(model, format_grouped(model)) +
         number_cell(m.mean, format_grouped(m.mean) + " [" + format_grouped(m.low) + ", " + format_grouped(m.high) + "]") +
         "</tr>";
  }
  body += t + "</tbody></table><p class=\"note\">The two columns agree up to Monte Carlo error and "
              "parameter uncertainty: the diagram uses the model's point estimates, the simulation draws "
              "calibrated transitions per replicate (and random moves in cohort and individual modes).</p>";
  return section("flow", "Flow: where customers go", body);
}

/// One bar chart of the levers (gains) or the leaks, the largest `shown` by size.
static BarChart leverage_chart(const ReportContext& c, bool gains, std::size_t shown, std::size_t& count) {
  BarChart chart;
  chart.title = std::string(gains ? "Levers: moves worth encouraging" : "Leaks: moves worth reducing") +
                " (value of +" + format_significant(leverage_step(c.analysis.chain.economics) * 100, 3) + "pp a " +
                c.period + (c.period == "month" ? ")" : ", 1pp a month)");
  chart.axis_label = "Change in PV of revenue over " + c.periods(c.summary.horizon) + " (" + c.currency + ")";
  chart.format = money_ticks(c.currency);
  chart.width = 1000;
  const auto& stages = c.journey.stages;
  count = 0;
  for (const auto& lever : c.analysis.leverage) {  // ranked by size, largest first
    if (lever.delta_revenue_pv == 0 || (lever.delta_revenue_pv > 0) != gains) continue;
    if (count++ >= shown) continue;
    const std::string label = (stages[lever.from].name.empty() ? stages[lever.from].id : stages[lever.from].name) +
                              " → " + (stages[lever.to].name.empty() ? stages[lever.to].id : stages[lever.to].name);
    const std::string exact = c.money(lever.delta_revenue_pv) + " PV for +" + format_grouped(lever.step * 100, 2) + "pp";
    chart.bars.push_back({label, lever.delta_revenue_pv,
                          (lever.delta_revenue_pv >= 0 ? "+" : "") + c.money_short(lever.delta_revenue_pv), exact,
                          gains ? palette::blue : palette::vermillion});
  }
  return chart;
}

std::string section_leaks(const ReportContext& c) {
  constexpr std::size_t shown = 10;  // of each kind; the rest is in the table of `analyze`
  std::size_t levers = 0, leaks = 0;
  const BarChart gains = leverage_chart(c, true, shown, levers);
  const BarChart losses = leverage_chart(c, false, shown, leaks);
  std::string body = "<p class=\"lead\">How much the present value of revenue over the horizon changes when one "
                     "transition rises by one percentage point a month (taken from the stay), in two lists ranked "
                     "by size: levers, the moves most worth encouraging, and leaks, where one point less is worth "
                     "as much as the bar shows.</p>";
  if (gains.bars.empty() && losses.bars.empty())
    return section("leaks", "Where the journey leaks", body + "<p>No transitions to rank.</p>" + moments_of_truth_table(c));
  if (levers > shown || leaks > shown)
    body += "<p class=\"note\">The largest " + std::to_string(shown) + " of each kind (" + std::to_string(levers) +
            " levers, " + std::to_string(leaks) + " leaks); `journeysim analyze --top N` lists them all.</p>";
  const std::string note = "Exact change in the model's expected trace (not simulated), summed over segments.";
  if (!gains.bars.empty()) body += figure(render_bar_chart(gains), note + " Blue: more of this move adds value.", "leverage-chart");
  if (!losses.bars.empty())
    body += figure(render_bar_chart(losses), note + " Vermillion: a leak; reducing it is worth as much.", "leaks-chart");
  return section("leaks", "Where the journey leaks", body + moments_of_truth_table(c));
}

}  // namespace journeysim::report_detail
