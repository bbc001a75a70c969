// The fixes by segment: replicates.csv holds every segment's figures, and a fix that pays off
// in enterprise may do nothing for smb. Fix costs belong to the whole population, so segments
// show the incremental margin and ARR, not NPV.
#include "html.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/stats/summary.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

/// "$1.2M [$0.4M, $2.0M]" of a column of replicates.csv; "n/a" when the run has none.
std::string column_cell(const ReportContext& c, const std::string& scenario, const std::string& column,
                        const std::string& segment) {
  const auto s = summarize(c.input.run.replicates.column(scenario, column, segment),
                           QuantileLevels::from_levels(c.summary.quantiles));
  if (!s) return cell("n/a", "num");
  const std::string text = c.money_short(s->mean) + " [" + c.money_short(s->quantiles.front()) + ", " +
                           c.money_short(s->quantiles.back()) + "]";
  return number_cell(s->mean, text, "mean " + c.money(s->mean) + ", " + c.low_label + " " +
                                        c.money(s->quantiles.front()) + ", " + c.high_label + " " +
                                        c.money(s->quantiles.back()));
}

}  // namespace

std::string segment_results(const ReportContext& c) {
  if (c.summary.segments.empty() || c.ranked.empty()) return "";
  std::vector<const ScenarioSummary*> shown(c.ranked.begin(), c.ranked.begin() + std::min<std::size_t>(3, c.ranked.size()));
  std::string t = "<h3>By segment</h3><p class=\"note\">Incremental margin (present value) and ARR vs baseline of "
                  "the top scenarios in each segment, mean [" + c.low_label + ", " + c.high_label +
                  "] over replicates. Fix costs belong to the whole population, so NPV is not split by segment.</p>"
                  "<div class=\"map-scroll\"><table class=\"numbers\" id=\"segments\"><thead><tr><th>Segment</th>"
                  "<th>Baseline revenue PV</th>";
  for (const auto* s : shown)
    t += "<th>" + escape_html(ReportContext::name_of(*s)) + ": margin PV</th><th>" +
         escape_html(ReportContext::name_of(*s)) + ": ARR vs baseline</th>";
  t += "</tr></thead><tbody>";
  for (const auto& segment : c.summary.segments) {
    t += "<tr data-segment=\"" + escape_html(segment) + "\"><td>" + escape_html(segment) + "</td>" +
         column_cell(c, "baseline", "revenue_pv", segment);
    for (const auto* s : shown)
      t += column_cell(c, s->id, "incremental_margin_pv", segment) + column_cell(c, s->id, "retained_arr", segment);
    t += "</tr>";
  }
  return t + "</tbody></table></div>";
}

}  // namespace journeysim::report_detail
