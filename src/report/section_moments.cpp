// Moments of truth (issue #11 §3): with time-in-stage rows, how much the time a customer takes
// to move on from a stage says about whether it is still a customer a year later. Exact, from
// the model (analytic/moments_of_truth.hpp), beside the leverage it complements.
#include "html.hpp"
#include "journeysim/core/number_text.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {

std::string moments_of_truth_table(const ReportContext& c) {
  const auto& moments = c.analysis.moments_of_truth;
  if (moments.empty()) return "";
  const int after = moments.front().periods;
  std::string t = "<h3>Moments of truth</h3><p class=\"note\">For each stage whose transitions depend on time in "
                  "stage: of the customers entering it, those who move on (to a stage that is not terminal) within "
                  "the first periods against those who move on later, and the share of each group still a customer " +
                  c.periods(after) + " after entering the stage. Exact, from the model's rows; without heterogeneity "
                  "the difference reflects only how long each group has been exposed to later churn.</p>"
                  "<table class=\"numbers\" id=\"moments-of-truth\"><thead><tr><th>Stage</th><th>Moved on within</th>"
                  "<th>Share of entrants</th><th>Retained</th><th>Moved on later: share</th><th>Retained</th>"
                  "</tr></thead><tbody>";
  for (const auto& m : moments)
    t += "<tr><td>" + escape_html(c.journey.stages[m.stage].name) + "</td>" + cell(c.periods(m.within), "num") +
         number_cell(m.share_within, format_percent(m.share_within)) +
         number_cell(m.retention_within, format_percent(m.retention_within)) +
         number_cell(m.share_later, format_percent(m.share_later)) +
         number_cell(m.retention_later, format_percent(m.retention_later)) + "</tr>";
  return t + "</tbody></table>";
}

}  // namespace journeysim::report_detail
