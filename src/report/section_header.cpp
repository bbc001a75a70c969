// Section 1: who and what the page is about, how the run was made, and the headline.
#include "html.hpp"
#include "report_context.hpp"

namespace journeysim::report_detail {
namespace {

/// "A", "A and B", "A, B and C".
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

/// What a scenario funds, in people's words: up to three fix names (from the fixes file, else the
/// scenario names or ids); a bigger portfolio by its own name, so the headline stays one sentence.
std::string funded(const ReportContext& context, const ScenarioSummary& scenario) {
  constexpr std::size_t most_named = 3;
  if (scenario.fixes.size() > most_named)
    return "the " + ReportContext::name_of(scenario) + " portfolio (" + std::to_string(scenario.fixes.size()) + " fixes)";
  std::vector<std::string> names;
  for (const auto& id : scenario.fixes) {
    const Fix* fix = context.fix(id);
    const ScenarioSummary* alone = context.fix_scenario(id);
    names.push_back(fix && !fix->name.empty() ? fix->name : alone ? ReportContext::name_of(*alone) : id);
  }
  return names.empty() ? ReportContext::name_of(scenario) : joined(names);
}

std::string setting(const std::string& name, const std::string& value) {
  return "<div><dt>" + escape_html(name) + "</dt><dd>" + escape_html(value) + "</dd></div>";
}

}  // namespace

std::string headline(const ReportContext& c) {
  // A decision answers the question the page is for; never an arbitrary declared portfolio.
  if (c.input.decision) return decision_headline(c);
  const RunSummary& run = c.summary;
  if (!c.best) {
    const MetricSummary& pv = run.baseline().metric("revenue_pv");
    return "Baseline only: the journey earns " + c.interval_text(pv) +
           " of revenue in present value over " + c.periods(run.horizon) +
           "; give simulate a fixes file to value changes.";
  }
  const ScenarioSummary& s = *c.best;
  const MetricSummary& npv = s.versus("npv");
  if (npv.mean <= 0)
    return "No proposed fix pays for itself: the best, " + funded(c, s) + ", has an expected NPV of " +
           c.interval_text(npv) + ".";
  std::string text = "Funding " + funded(c, s) + " returns " + c.money_short(npv.mean) + " NPV [" + c.low_label + " " +
                     c.money_short(npv.low) + ", " + c.high_label + " " + c.money_short(npv.high) + "]";
  if (const auto paid = c.prob_payback_within_horizon(s)) {
    text += ", " + format_percent(*paid, 0) + " chance of paying back within the " + std::to_string(run.horizon) + "-" + c.period +
            " horizon";
    if (s.vs_baseline.count("payback_period") && s.versus("payback_period").p50 <= run.horizon)
      text += " (median payback: " + c.periods(s.versus("payback_period").p50) + ")";
  } else {
    text += ", " + format_chance(s.prob_npv_positive) + " chance of a positive NPV";
  }
  return text + ".";
}

std::string section_header(const ReportContext& c) {
  const JourneyInfo& info = c.journey.info;
  const RunSummary& run = c.summary;
  const Calibration& cal = c.journey.calibration;
  std::string body = "<p class=\"persona\"><strong>Persona:</strong> " + escape_html(info.persona) +
                     "<br><strong>Scenario:</strong> " + escape_html(info.scenario) + "</p>";
  body += "<p class=\"headline\" id=\"headline\">" + escape_html(headline(c)) + "</p>";
  std::string data = cal.present ? (cal.source.empty() ? "calibrated events" : cal.source) +
                                       (cal.as_of.empty() ? "" : ", as of " + cal.as_of)
                                 : "not calibrated: transitions as written in the model";
  body += "<dl class=\"settings\">" + setting("Data", data) + setting("Model", run.model) +
          setting("Fixes", run.fixes ? *run.fixes : "none (baseline only)") + setting("Mode", run.mode) +
          setting("Replicates", format_grouped(static_cast<double>(run.replicates))) +
          setting("Seed", std::to_string(run.seed)) +
          setting("Horizon", c.periods(run.horizon) + ", discounted at " + format_percent(run.discount_rate) +
                                 " a year") +
          setting("Version", "journeysim " + run.journeysim_version +
                                 (run.boost_version.empty() ? "" : ", Boost " + run.boost_version)) +
          "</dl>";
  if (!c.input.fixes_note.empty()) body += "<p class=\"note\">" + escape_html(c.input.fixes_note) + "</p>";
  return "<header id=\"header\" class=\"page-section\"><p class=\"kicker\">Customer journey forecast</p><h1>" +
         escape_html(info.name) + "</h1>" + body + "</header>\n";
}

}  // namespace journeysim::report_detail
