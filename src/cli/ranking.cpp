#include "ranking.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "journeysim/core/number_text.hpp"
#include "journeysim/core/quantile_levels.hpp"
#include "table.hpp"

namespace journeysim::cli {
namespace {

double mean_of(const nlohmann::ordered_json& statistic) {
  return statistic.is_null() ? 0.0 : statistic["mean"].get<double>();
}

/// The run's interval: the keys of its lowest and highest quantile levels ("p05", "p95").
struct Interval {
  std::string low, high;
};

/// "mean [low, high]" of a statistic, or only the mean when it does not vary (a fixed cost);
/// "n/a" when summary.json has null (no replicate defines it).
std::string with_interval(const nlohmann::ordered_json& statistic, const Interval& interval,
                          const std::function<std::string(double)>& text) {
  if (statistic.is_null()) return "n/a";
  const double low = statistic[interval.low].get<double>(), high = statistic[interval.high].get<double>();
  const std::string mean = text(statistic["mean"].get<double>());
  return low == high ? mean : mean + " [" + text(low) + ", " + text(high) + "]";
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
  std::vector<double> levels{0.05, 0.5, 0.95};
  if (summary.contains("quantiles")) levels = summary["quantiles"].get<std::vector<double>>();
  const Interval interval{quantile_key(levels.front()), quantile_key(levels.back())};
  const std::string brackets = " [" + interval.low + ", " + interval.high + "]";
  auto money = [&](double v) { return format_money_short(v, currency); };
  auto percent = [](double v) { return format_percent(v, 0); };
  // A duration, not a calendar date: "17 months", not "month 17".
  auto duration = [&](double v) {
    return v > horizon ? std::string("never") : format_grouped(v) + " " + period + (v == 1 ? "" : "s");
  };
  Table table({"#", "scenario", "owner", "cost PV", "NPV mean" + brackets, "ROI" + brackets, "P(NPV>0)",
               "ARR vs base" + brackets, "payback p50" + brackets});
  table.left_align({1, 2});
  int rank = 0;
  for (auto i : order) {
    const auto& s = scenarios[i];
    const auto& vs = s["vs_baseline"];
    // Payback's centre is the median: it is "never" (horizon + 1) in some replicates.
    nlohmann::ordered_json payback = vs["payback_period"];
    if (!payback.is_null()) payback["mean"] = payback["p50"];
    table.add({std::to_string(++rank), s["id"].get<std::string>(), s["owner"].get<std::string>(),
               with_interval(vs["cost_pv"], interval, money), with_interval(vs["npv"], interval, money),
               with_interval(vs["roi"], interval, percent), format_chance(vs["prob_npv_positive"].get<double>()),
               with_interval(vs["retained_arr"], interval, money), with_interval(payback, interval, duration)});
  }
  out << "\nFixes ranked by expected NPV (" << currency << ", discounted at "
      << format_percent(journey.info.discount_rate_annual, 0) << " a year"
      << (summary.value("terminal_value", false) ? "; NPV and ROI include the terminal value beyond the horizon" : "")
      << ")\n";
  table.print(out);
  // Rules: how many customers each triggered fix reached, per fix (summary.json scenarios[].triggers).
  bool rules_heading = false;
  for (const auto& s : scenarios) {
    if (s["kind"] != "fix" || !s.contains("triggers")) continue;
    for (const auto& rule : s["triggers"]) {
      if (!rules_heading) out << "\nRules (customers over the horizon, mean per replicate)\n";
      rules_heading = true;
      const auto mean = [&](const char* key) { return format_grouped(std::round(rule[key]["mean"].get<double>())); };
      out << "  " << rule["fix"].get<std::string>() << ": " << mean("triggered") << " triggered, " << mean("trigger_held_out")
          << " held out, " << mean("trigger_served") << " served";
      if (rule["trigger_unserved"]["mean"].get<double>() > 0) out << ", " << mean("trigger_unserved") << " unserved (capacity)";
      out << "\n";
    }
  }
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
