// "What to fund with $X": the decision of `journeysim decide` when the run directory holds one.
#include <algorithm>

#include "html.hpp"
#include "journeysim/chart/interval_chart.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

/// "upfront cost", "cost per period", "cost per customer".
std::string cost_label(const std::string& field) {
  if (field == "upfront") return "upfront cost";
  if (field == "per_period") return "cost per period";
  return "cost per customer";
}

/// Fix names from the fixes file (ids where unknown), joined for a sentence.
std::string names_of(const ReportContext& c, const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const Fix* fix = c.fix(ids[i]);
    out += (i == 0 ? "" : i + 1 == ids.size() ? " and " : ", ") + (fix && !fix->name.empty() ? fix->name : ids[i]);
  }
  return out.empty() ? "nothing" : out;
}

std::string frontier_table(const ReportContext& c, const DecisionSummary& d) {
  std::string t = "<table class=\"numbers\" id=\"frontier\"><thead><tr><th>Budget</th><th>Fund</th><th>Cost</th>"
                  "<th>NPV (mean)</th><th>P10</th><th>P90</th><th>P(NPV&gt;0)</th></tr></thead><tbody>";
  for (const auto& p : d.frontier) {
    std::string ids;
    for (const auto& id : p.fixes) ids += (ids.empty() ? "" : ", ") + id;
    t += "<tr>" + number_cell(p.budget, c.money_short(p.budget)) + cell(ids.empty() ? "nothing" : ids) +
         number_cell(p.budget_cost, c.money_short(p.budget_cost)) + number_cell(p.npv_mean, c.money_short(p.npv_mean)) +
         number_cell(p.npv_p10, c.money_short(p.npv_p10)) + number_cell(p.npv_p90, c.money_short(p.npv_p90)) +
         number_cell(p.prob_npv_positive, format_chance(p.prob_npv_positive)) + "</tr>";
  }
  return t + "</tbody></table>";
}

std::string frontier_chart(const ReportContext& c, const DecisionSummary& d) {
  IntervalChart chart;
  chart.title = "Best portfolio per budget: NPV P10 to P90, mean";
  chart.axis_label = "NPV (" + c.currency + ")";
  chart.format = money_ticks(c.currency);
  chart.legend = "P10 to P90, dot at the mean";
  for (const auto& p : d.frontier)
    chart.rows.push_back({"up to " + c.money_short(p.budget) + " (" + std::to_string(p.fixes.size()) +
                              (p.fixes.size() == 1 ? " fix)" : " fixes)"),
                          p.npv_p10, p.npv_mean, p.npv_p90, p.npv_mean,
                          c.money(p.npv_mean) + " [P10 " + c.money(p.npv_p10) + ", P90 " + c.money(p.npv_p90) + "]"});
  return figure(render_interval_chart(chart),
                "The efficient frontier: for each budget level, the portfolio decide would fund within it; the line "
                "runs from P10 to P90 of its NPV, the dot is the mean.",
                "frontier-chart");
}

std::string tornado_table(const ReportContext& c, const DecisionSummary& d) {
  std::string t = "<h3>What the recommendation's NPV hangs on</h3><p>Each row pins one uncertain fix effect or "
                  "cost at its P10 and at its P90, every other draw unchanged: the wider the swing, the more a pilot "
                  "(or a firm quote) would be worth.</p><table class=\"numbers\" id=\"tornado\"><thead><tr><th>Fix</th><th>Effect or cost</th>"
                  "<th>P10</th><th>P90</th><th>NPV at P10</th><th>NPV at P90</th></tr></thead><tbody>";
  for (const auto& bar : d.tornado) {
    // A cost's quantiles are money; an effect's are a share or a count.
    const auto value = [&](double v) { return bar.cost.empty() ? format_significant(v, 3) : c.money_short(v); };
    t += "<tr>" + cell(bar.fix) +
         cell(bar.cost.empty() ? bar.distribution : cost_label(bar.cost) + ": " + bar.distribution) +
         number_cell(bar.p10, value(bar.p10)) + number_cell(bar.p90, value(bar.p90)) +
         number_cell(bar.npv_at_p10, c.money_short(bar.npv_at_p10)) +
         number_cell(bar.npv_at_p90, c.money_short(bar.npv_at_p90)) + "</tr>";
  }
  return t + "</tbody></table>";
}

/// How the recommendation's NPV moves with the model's own uncertain inputs (calibrated
/// transition cells, propensities, inflow): shown so a reader sees which estimate to firm up.
std::string model_tornado_table(const ReportContext& c, const DecisionSummary& d) {
  constexpr std::size_t shown = 10;
  std::string t = "<p>The model's own uncertain inputs, widest swing first: the recommendation's mean NPV over the "
                  "confirmation replicates where the input drew at or below its P10, and at or above its P90. "
                  "Inputs drawn together (one stage's row) move together, so a swing is not that input's effect "
                  "alone; its share of the NPV's variance is.";
  if (d.model_tornado.size() > shown)
    t += " The " + std::to_string(shown) + " widest of " + std::to_string(d.model_tornado.size()) +
         " are shown; decision.json has them all.";
  t += "</p><table class=\"numbers\" id=\"model-tornado\"><thead><tr><th>Model input</th><th>P10</th><th>P90</th>"
       "<th>NPV at or below P10</th><th>NPV at or above P90</th><th>Share of NPV variance</th></tr></thead><tbody>";
  for (std::size_t i = 0; i < std::min(shown, d.model_tornado.size()); ++i) {
    const DecisionModelSwing& s = d.model_tornado[i];
    t += "<tr>" + cell(s.input) + number_cell(s.p10, format_significant(s.p10, 3)) +
         number_cell(s.p90, format_significant(s.p90, 3)) + number_cell(s.npv_low, c.money_short(s.npv_low)) +
         number_cell(s.npv_high, c.money_short(s.npv_high)) +
         number_cell(s.variance_share, format_significant(100 * s.variance_share, 2) + "%") + "</tr>";
  }
  return t + "</tbody></table>";
}

/// The recommendation's NPV at other discount rates and margins: assumptions, not draws.
std::string economics_table(const ReportContext& c, const DecisionSummary& d) {
  std::string t = "<p>The model's discount rate and gross margin are assumptions, not draws: the recommendation "
                  "re-simulated on the same random numbers with each at the ends of a range around the model's "
                  "value.</p><table class=\"numbers\" id=\"economics-tornado\"><thead><tr><th>Assumption</th>"
                  "<th>Model</th><th>Low</th><th>High</th><th>NPV at low</th><th>NPV at high</th></tr></thead><tbody>";
  for (const DecisionEconomicsSwing& s : d.economics_tornado) {
    const bool rate = s.input == "discount_rate";
    const auto shown = [&](double v) { return format_percent(v, 0); };
    t += "<tr>" + cell(rate ? "discount rate (a year)" : "gross margin") + number_cell(s.value, shown(s.value)) +
         number_cell(s.low, shown(s.low)) + number_cell(s.high, shown(s.high)) +
         number_cell(s.npv_low, c.money_short(s.npv_low)) + number_cell(s.npv_high, c.money_short(s.npv_high)) + "</tr>";
  }
  return t + "</tbody></table>";
}

/// What knowing more before funding would be worth: EVPI, each effect's EVPPI, the pilot.
std::string information_block(const ReportContext& c, const DecisionSummary& d) {
  std::string t = "<h3>What to learn before funding</h3><p id=\"pilot\">" +
                  escape_html(d.pilot_sentence.empty() ? "No candidate fix has an uncertain transition effect to pilot."
                                                       : d.pilot_sentence) +
                  "</p><p>" +
                  escape_html("Knowing every uncertain input exactly before funding would be worth " +
                              c.money_short(d.evpi) +
                              " (EVPI); knowing one fix effect or cost exactly, what the table gives (EVPPI). An input "
                              "worth nothing to learn leaves the choice unchanged wherever it lands; its share of "
                              "the recommendation's NPV variance says how much it moves the value all the same.") +
                  "</p><table class=\"numbers\" id=\"evppi\"><thead><tr><th>Fix</th><th>Effect or cost</th><th>EVPPI</th>"
                  "<th>Share of NPV variance</th></tr></thead><tbody>";
  for (const auto& info : d.information)
    t += "<tr>" + cell(info.fix) +
         cell(info.cost.empty() ? info.distribution : cost_label(info.cost) + ": " + info.distribution) +
         number_cell(info.evppi, c.money_short(info.evppi)) +
         number_cell(info.variance_share, format_significant(100 * info.variance_share, 2) + "%") + "</tr>";
  return t + "</tbody></table>";
}

}  // namespace

std::string decision_headline(const ReportContext& c) {
  const DecisionSummary& d = *c.input.decision;
  const DecisionPoint& r = d.recommended;
  if (r.fixes.empty())
    return "With a budget of " + c.money_short(d.budget) + ", fund nothing: no feasible portfolio beats doing nothing.";
  return "Fund " + names_of(c, r.fixes) + " for " + c.money_short(r.budget_cost) + " of the " +
         c.money_short(d.budget) + " budget: expected NPV " + c.money_short(r.npv_mean) + " [P10 " +
         c.money_short(r.npv_p10) + ", P90 " + c.money_short(r.npv_p90) + "], " +
         format_chance(r.prob_npv_positive) + " chance of a positive NPV.";
}

std::string section_decision(const ReportContext& c) {
  if (!c.input.decision) return "";
  const DecisionSummary& d = *c.input.decision;
  std::string body = "<p id=\"decision\">" + escape_html(decision_headline(c)) + "</p>";
  body += "<p>" + escape_html(std::to_string(d.feasible) + " portfolios of " + std::to_string(d.candidates) +
                              " candidate fixes met every constraint (budget counted as " + d.budget_basis +
                              ", objective " + d.objective +
                              "); each was simulated jointly on common random numbers, the leaders re-scored on "
                              "fresh replicates, and the figures here come from replicates no choice looked at. "
                              "decision.json, frontier.csv and fixes.csv hold the rest (probability in the optimal "
                              "portfolio, replacement cost, interactions, the prioritisation table).") +
          "</p>";
  if (!d.frontier.empty()) body += frontier_chart(c, d) + frontier_table(c, d);
  if (!d.tornado.empty()) body += tornado_table(c, d);
  if (!d.model_tornado.empty()) {
    if (d.tornado.empty()) body += "<h3>What the recommendation's NPV hangs on</h3>";
    body += model_tornado_table(c, d);
  }
  if (!d.economics_tornado.empty()) {
    if (d.tornado.empty() && d.model_tornado.empty()) body += "<h3>What the recommendation's NPV hangs on</h3>";
    body += economics_table(c, d);
  }
  if (!d.information.empty()) body += information_block(c, d);
  return section("what-to-fund", "What to fund with " + c.money_short(d.budget), body);
}

}  // namespace journeysim::report_detail
