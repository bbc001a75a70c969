#include "ranking.hpp"

#include <algorithm>

#include "journeysim/core/number_text.hpp"
#include "table.hpp"

namespace journeysim::cli {
namespace {

double mean_of(const nlohmann::ordered_json& statistic) {
  return statistic.is_null() ? 0.0 : statistic["mean"].get<double>();
}

std::string roi_text(const nlohmann::ordered_json& roi) {
  return roi.is_null() ? "n/a" : format_percent(roi["mean"].get<double>(), 0);
}

}  // namespace

void print_ranking(std::ostream& out, const Journey& journey, const nlohmann::ordered_json& summary) {
  const std::string& currency = journey.info.currency;
  const std::string period = to_string(journey.info.period);
  const int horizon = summary["horizon"].get<int>();
  const auto& scenarios = summary["scenarios"];
  const auto& baseline = scenarios[0]["metrics"];
  out << "Baseline over " << horizon << " " << period << "s: revenue "
      << format_money_short(mean_of(baseline["revenue_total"]), currency) << " (PV "
      << format_money_short(mean_of(baseline["revenue_pv"]), currency) << "), ARR at the end "
      << format_money_short(mean_of(baseline["arr_end"]), currency) << ", "
      << format_grouped(mean_of(baseline["active_end"])) << " paying customers\n";
  if (scenarios.size() < 2) return;

  std::vector<std::size_t> order;
  for (std::size_t i = 1; i < scenarios.size(); ++i) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return mean_of(scenarios[a]["vs_baseline"]["npv"]) > mean_of(scenarios[b]["vs_baseline"]["npv"]);
  });
  Table table({"#", "scenario", "owner", "cost PV", "NPV mean [p05, p95]", "ROI", "P(NPV>0)", "retained ARR",
               "payback (p50)"});
  table.left_align({1, 2});
  int rank = 0;
  for (auto i : order) {
    const auto& s = scenarios[i];
    const auto& vs = s["vs_baseline"];
    const auto& npv = vs["npv"];
    const double payback = vs["payback_period"]["p50"].get<double>();
    table.add({std::to_string(++rank), s["id"].get<std::string>(), s["owner"].get<std::string>(),
               format_money_short(mean_of(vs["cost_pv"]), currency),
               format_money_short(npv["mean"].get<double>(), currency) + " [" +
                   format_money_short(npv["p05"].get<double>(), currency) + ", " +
                   format_money_short(npv["p95"].get<double>(), currency) + "]",
               roi_text(vs["roi"]), format_percent(vs["prob_npv_positive"].get<double>(), 0),
               format_money_short(mean_of(vs["retained_arr"]), currency),
               // A duration, not a calendar date: "17 months", not "month 17".
               payback > horizon ? "never" : format_grouped(payback) + " " + period + (payback == 1 ? "" : "s")});
  }
  out << "\nFixes ranked by expected NPV (" << currency << ", discounted at "
      << format_percent(journey.info.discount_rate_annual, 0) << " a year)\n";
  table.print(out);
  // Clamped effects change the answer: say so where the ranking is read, not only in summary.json.
  for (auto i : order) {
    const auto& s = scenarios[i];
    const double clamped = s["vs_baseline"].value("clamped_effects", 0.0);
    if (clamped > 0)
      out << "note: " << s["id"].get<std::string>() << ": " << format_grouped(clamped)
          << " drawn effects were clamped to keep probabilities valid (over "
          << format_grouped(summary["replicates"].get<double>()) << " replicates); its effect sizes stretch the model\n";
  }
}

}  // namespace journeysim::cli
