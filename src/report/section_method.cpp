// Section 7: how the numbers were made — calibration, simulation settings, metric definitions
// (SPEC §6) and Monte Carlo precision.
#include <nlohmann/json.hpp>

#include "html.hpp"
#include "journeysim/calibrate/estimate.hpp"
#include "journeysim/core/quantile_levels.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

std::string calibration_text(const ReportContext& c) {
  const Journey& j = c.journey;
  const Calibration& cal = j.calibration;
  if (!cal.present)
    return "<p>The model is not calibrated: its transition probabilities are taken as written, so the simulation "
           "carries no parameter uncertainty from data. Run <code>journeysim calibrate</code> on an event log to fit "
           "them.</p>";
  std::string out = "<p>Transitions were fitted by <code>journeysim calibrate</code> from <strong>" +
                    escape_html(cal.source.empty() ? "an event log" : cal.source) + "</strong>" +
                    (cal.as_of.empty() ? "" : " as of " + escape_html(cal.as_of)) + ": " +
                    escape_html(format_grouped(static_cast<double>(cal.events))) + " events from " +
                    escape_html(format_grouped(static_cast<double>(cal.customers))) + " customers" +
                    (cal.period ? ", per " + escape_html(to_string(*cal.period)) : "") + ". ";
  out += cal.counts.empty() ? "No transition counts were kept, so the transitions are taken as exact.</p>"
                            : "Each replicate draws every calibrated row from its Dirichlet posterior (counts + prior " +
                                  escape_html(format_exact(cal.prior)) + " per allowed move); the map's intervals come "
                                  "from that posterior" +
                                  (cal.interval_method.empty() ? "" : " (calibrate's own intervals: " + escape_html(cal.interval_method) + ")") +
                                  ".</p>";
  if (!cal.homogeneity.empty()) {
    std::string t = "<table class=\"numbers\" id=\"homogeneity\"><thead><tr><th>Stage</th><th>χ² statistic</th><th>df</th>"
                    "<th>Test</th><th>p-value</th><th>Holm p</th><th>Reading</th></tr></thead><tbody>";
    std::string meanings;
    for (const auto& h : cal.homogeneity) {
      const Stage& s = j.stages[h.from];
      const bool changed = row_changed(h);
      // The test compares one row per stage: a stage already by time in stage is expected to
      // "change" (its customers age through the buckets) and the model already allows for it.
      const TimeInStageRows* by_tenure = j.time_in_stage_of(h.from);
      const bool bucketed = by_tenure != nullptr;
      const char* allowed_for = by_tenure && by_tenure->derived ? "changed; the model's customers differ in their own propensity"
                                                                : "changed; the model's rows are by time in stage";
      t += "<tr>" + cell(s.name.empty() ? s.id : s.name) + number_cell(h.statistic, format_grouped(h.statistic, 2)) +
           number_cell(h.degrees_of_freedom, std::to_string(h.degrees_of_freedom)) +
           cell(h.method == HomogeneityMethod::exact ? "Fisher exact" : "χ²") +
           number_cell(h.p_value, format_grouped(h.p_value, 3)) +
           number_cell(h.adjusted_p_value, format_grouped(h.adjusted_p_value, 3)) +
           cell(changed && bucketed ? allowed_for
                : changed            ? "changed over time"
                                     : "stable",
                changed && !bucketed ? "missed" : "") +
           "</tr>";
      if (changed && !bucketed) meanings += "<p>" + escape_html(homogeneity_meaning(s.id)) + "</p>";
    }
    out += "<p>Time homogeneity: each row's transitions in the first and second half of the observation window, "
           "compared with a χ² test, or Fisher's exact test where an expected count is below 5. The p-values are "
           "adjusted by Holm's method across every row calibrate tested (all customers and each segment), and a row "
           "reads \"changed\" when its Holm p is below " + format_grouped(homogeneity_level, 2) + ".</p>" + t +
           "</tbody></table>" + meanings;
  }
  for (const BetaPropensity& p : j.propensities) {
    const Stage& s = j.stages[p.stage];
    const Stage& to = j.stages[p.to];
    out += "<p>Customers who differ: in " + escape_html(s.name.empty() ? s.id : s.name) + " each customer's probability of "
           "moving to " + escape_html(to.name.empty() ? to.id : to.name) + " per " + to_string(j.info.period) +
           " is its own, drawn from Beta(" + escape_html(format_significant(p.alpha, 4)) + ", " +
           escape_html(format_significant(p.beta, 4)) + ") (the shifted-beta-geometric model of Fader &amp; Hardie, "
           "2007), so the stage loses " + escape_html(format_percent(p.alpha / (p.alpha + p.beta))) +
           " in a customer's first " + to_string(j.info.period) + " and less later, as the likelier leavers go." +
           (p.uncertain() ? " Each replicate draws α and β from the fit's standard errors." : "") + "</p>";
  }
  if (!cal.flagged_rows.empty()) {
    std::vector<std::string> names;
    for (auto s : cal.flagged_rows) names.push_back(j.stages[s].name.empty() ? j.stages[s].id : j.stages[s].name);
    out += "<p>Rows with too few observed exits to trust:</p>" + bullet_list(names);
  }
  return out;
}

std::string settings(const ReportContext& c) {
  const RunSummary& r = c.summary;
  std::string convergence = r.precision ? "ran until the Monte Carlo standard error of NPV was within " +
                                              format_exact(*r.precision) + (r.converged ? " (reached" : " (NOT reached") +
                                              " after " + format_grouped(static_cast<double>(r.replicates)) + " of at most " +
                                              format_grouped(static_cast<double>(r.max_replicates)) + " replicates)"
                                        : "a fixed number of replicates";
  std::vector<std::string> items{
      r.terminal_value ? "Terminal value: included in NPV and ROI (simulate --terminal-value): each scenario's customers "
                         "at the horizon move once more on the last period's rows and earn v = (I − δP)⁻¹·m from then "
                         "on, discounted to today; no new arrivals, no fix costs beyond the horizon."
                       : "Terminal value: not included; NPV counts margin within the horizon only.",
      "Mode: " + r.mode + " (expected: Markov trace with parameter uncertainty; cohort: adds multinomial noise; "
                          "individual: every customer simulated). " +
          (r.mode == "expected"
               ? "The intervals hold parameter uncertainty only (calibration and fix effects), not the luck of a "
                 "finite customer base: for a forecast of what the books will show, quote a cohort run."
               : "The intervals hold parameter uncertainty and the luck of a finite customer base: they are the "
                 "ones to quote for a forecast of what the books will show."),
      "Replicates: " + format_grouped(static_cast<double>(r.replicates)) + ", seed " + std::to_string(r.seed) + "; " +
          convergence + ". Every scenario of a replicate uses the same random numbers.",
      "Horizon: " + c.periods(r.horizon) + "; discount rate " + format_percent(r.discount_rate) + " a year; gross margin " +
          format_percent(r.gross_margin, 0) + "; currency " + r.currency + ".",
      "Segments: " + (r.segments.empty() ? std::string("none") : [&] {
        std::string s;
        for (const auto& id : r.segments) s += (s.empty() ? "" : ", ") + id;
        return s;
      }()) + ". Figures are totals over segments.",
      "journeysim " + r.journeysim_version + (r.boost_version.empty() ? "" : ", Boost " + r.boost_version) + "."};
  return bullet_list(items);
}

/// "P5, P10, P50, P90, P95": the run's quantile levels for people.
std::string quantile_terms(const std::vector<double>& levels) {
  std::string out;
  for (double level : levels) out += (out.empty() ? "" : ", ") + quantile_label(level);
  return out;
}

std::string definitions(const ReportContext& c) {
  const std::string p = c.period;
  const std::pair<std::string, std::string> terms[] = {
      {"revenue_total", "Σ revenue over the periods 0 … horizon−1 of the trace x(0) = initial (the state at as_of), x(t+1) = x(t)·P(t) + inflow."},
      {"revenue_pv", "revenue discounted at the annual rate, period t weighted by (1 + rate)^(−t / periods per year)."},
      {"arr_end", "annualised revenue run-rate in the last period: its revenue × " + p + "s per year."},
      {"active_end", "customers in paying stages (revenue per " + p + " > 0) in the last period."},
      {"churned_total", "moves from a paying stage into a terminal stage during the horizon."},
      {"lost_total", "moves from a non-paying stage into a terminal stage during the horizon."},
      {"incremental_margin_pv", "discounted margin of the scenario − that of the baseline; margin in a period = gross margin × revenue − cost to serve (cost per " + p + " of each stage × its customers)."},
      {"cost_pv", "discounted cost of the fixes: upfront at the start, per " + p + " from the start, per customer in the affected stages."},
      {"npv", "incremental_margin_pv − cost_pv."},
      {"roi", "npv / cost_pv."},
      {"retained_arr", "arr_end of the scenario − arr_end of the baseline, shown as ARR vs baseline: ARR kept for a fix that reduces churn, ARR added for one that brings in or converts more customers."},
      {"payback_period", p + "s from the fix's start until cumulative discounted incremental margin reaches cumulative discounted cost (horizon + 1 if never)."},
      {"P(NPV>0)", "share of replicates with a positive NPV."},
      {"target conversion", "share of the customers entering a stage who leave it for a non-terminal stage within the horizon (the model's targets; ✓ met, ✗ missed)."},
      {"target loss", "share of the customers entering a stage who are in a terminal stage (lost or churned), by any path, after the horizon; met when at most the target."},
      {"target periods", "expected " + p + "s a customer spends in the stage, returns included (the fundamental matrix); met when at most the target."},
      {"P(best)", "share of replicates in which the scenario has the highest NPV of all fixes and portfolios."},
      {quantile_terms(c.summary.quantiles), "quantiles over replicates (type 7, as R and numpy); figures show " + c.low_label + " to " + c.high_label + " (the run's lowest and highest levels: simulate --quantiles). MCSE is the Monte Carlo standard error of the mean (sd / √replicates)."}};
  std::string out = "<dl class=\"definitions\" id=\"definitions\">";
  for (const auto& [term, text] : terms)
    out += "<dt>" + escape_html(term) + "</dt><dd>" + escape_html(text) + "</dd>";
  return out + "</dl>";
}

std::string precision(const ReportContext& c) {
  std::string t = "<table class=\"numbers\" id=\"mcse\"><thead><tr><th>Scenario</th><th>Revenue PV mean</th><th>MCSE</th>"
                  "<th>NPV mean</th><th>MCSE</th><th>MCSE / |NPV|</th></tr></thead><tbody>";
  for (const auto& s : c.summary.scenarios) {
    const MetricSummary& pv = s.metric("revenue_pv");
    t += "<tr data-scenario=\"" + escape_html(s.id) + "\">" + cell(ReportContext::name_of(s)) +
         number_cell(pv.mean, c.money(pv.mean)) + number_cell(pv.mcse, c.money(pv.mcse));
    if (s.vs_baseline.count("npv")) {
      const MetricSummary& npv = s.versus("npv");
      t += number_cell(npv.mean, c.money(npv.mean)) + number_cell(npv.mcse, c.money(npv.mcse)) +
           (npv.mean != 0 ? number_cell(npv.mcse / std::abs(npv.mean), format_percent(npv.mcse / std::abs(npv.mean), 2))
                          : cell("–"));
    } else {
      t += cell("–") + cell("–") + cell("–");
    }
    t += "</tr>";
  }
  return "<p>Monte Carlo precision of the means shown on this page (MCSE = sd / √replicates). The ranking is "
         "trustworthy where differences between scenarios are several MCSE apart.</p>" + t + "</tbody></table>";
}

}  // namespace

/// `report --backtest`: how the forecasts of this journey held when made in the past.
std::string backtest_text(const ReportContext& c) {
  if (c.input.backtest_json.empty()) return {};
  const auto j = nlohmann::json::parse(c.input.backtest_json);
  std::string out = "<h3>Backtest</h3><p>Forecasts of this journey made in the past (" +
                    escape_html(std::to_string(j["origins"].size())) + " origins, " +
                    escape_html(j["origins"].empty() ? std::string() : j["origins"].front().get<std::string>()) + " to " +
                    escape_html(j["origins"].empty() ? std::string() : j["origins"].back().get<std::string>()) + ", " +
                    escape_html(std::to_string(j.value("horizon", 0))) + " " + escape_html(j.value("period", std::string())) +
                    "s ahead, calibrated with " + escape_html(j.value("calibrate", std::string("the default structure"))) +
                    "; <code>" + escape_html(c.input.backtest_directory) + "</code>): " +
                    escape_html(j.value("verdict", std::string())) + ".";
  if (j.contains("recommended"))
    out += " Best structure on that log: <code>calibrate " + escape_html(j["recommended"].value("calibrate", std::string())) +
           "</code>.";
  return out + "</p>";
}

std::string section_method(const ReportContext& c) {
  return section("method", "Method",
                 "<h3>Calibration</h3>" + calibration_text(c) + backtest_text(c) + "<h3>Simulation</h3>" + settings(c) +
                     "<h3>Definitions</h3>" + definitions(c) + "<h3>Convergence</h3>" + precision(c));
}

}  // namespace journeysim::report_detail
