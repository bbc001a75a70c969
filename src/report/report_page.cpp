// The page as a whole: loading its inputs, the stylesheet, the sections in order, writing it.
#include "journeysim/report/report_page.hpp"

#include "journeysim/core/error.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/atomic_file.hpp"
#include "journeysim/chart/svg.hpp"
#include "journeysim/report/backtest_page.hpp"
#include <nlohmann/json.hpp>
#include "html.hpp"
#include "report_context.hpp"
#include "run_fixes.hpp"

namespace journeysim {
namespace {

// System fonts only (no web fonts: the page makes no requests). Colours are Okabe–Ito.
constexpr const char* stylesheet = R"css(
:root { --ink: #222; --muted: #666; --rule: #ddd; --blue: #0072B2; --verm: #D55E00; --purple: #CC79A7; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif;
       color: var(--ink); background: #fafafa; }
main { max-width: 1340px; margin: 0 auto; padding: 24px 28px 60px; background: #fff; }
h1 { font-size: 26px; margin: 4px 0 10px; } h2 { font-size: 20px; margin: 0 0 10px; border-bottom: 2px solid var(--ink); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: var(--muted); font-size: 12px; margin: 0; }
.page-section { margin: 0 0 40px; }
.headline { font-size: 18px; font-weight: 600; border-left: 5px solid var(--blue); background: #eef5fb; padding: 10px 14px; margin: 14px 0; }
.settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 4px 18px; margin: 0; }
.settings div { display: flex; gap: 8px; } .settings dt { color: var(--muted); min-width: 84px; } .settings dd { margin: 0; overflow-wrap: anywhere; }
.lead { max-width: 900px; } .note, .muted { color: var(--muted); } .note { font-size: 13px; }
figure { margin: 16px 0 22px; } figcaption { color: var(--muted); font-size: 12.5px; max-width: 900px; }
svg.chart { max-width: 100%; height: auto; display: block; font-family: inherit; }
svg text { fill: var(--ink); font-size: 12px; } svg .chart-title { font-size: 14px; font-weight: 600; }
svg .tick { fill: #555; font-size: 11px; } svg .axis-label { fill: #333; font-size: 12px; } svg .legend { font-size: 12px; }
svg .value { fill: #333; font-size: 11px; } svg .label { font-size: 12px; }
table.numbers { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
table.numbers th, table.numbers td { border-bottom: 1px solid var(--rule); padding: 5px 9px; text-align: left; vertical-align: top; }
table.numbers th { font-size: 12.5px; color: #444; background: #f3f3f3; }
td.num { text-align: right; white-space: nowrap; }
.map-scroll { overflow-x: auto; border: 1px solid var(--rule); }
table.journey-map { table-layout: fixed; border-collapse: collapse; font-size: 12.5px; }
table.journey-map th, table.journey-map td { border: 1px solid var(--rule); padding: 6px 7px; vertical-align: top; overflow-wrap: anywhere; }
table.journey-map th.lane { background: #f3f3f3; text-align: left; font-size: 12px; position: sticky; left: 0; z-index: 1; box-shadow: 1px 0 0 var(--rule); }
table.journey-map th.stage { background: #e7eef5; text-align: left; font-size: 13.5px; }
table.journey-map td.num { text-align: left; white-space: normal; }
.entry-exit { display: block; font-weight: normal; font-size: 11px; color: var(--muted); margin-top: 2px; }
table.journey-map ul { margin: 0; padding-left: 16px; } table.journey-map li { margin-bottom: 3px; }
td.emotion-cell { padding: 0 !important; } svg.emotion { display: block; }
.touchpoint { margin-bottom: 5px; } .touchpoint span { color: var(--muted); font-size: 11.5px; }
.lane-pain td { background: #fff6f0; } .lane-opportunities td { background: #f2f8fc; }
.fix-tag { display: block; margin-top: 2px; font-size: 11.5px; font-weight: 600; color: #00507d; }
.fix-tag.loses { color: #a23f00; }
.data-lane td { background: #fcfcfc; }
.target { margin-bottom: 4px; } .target span { display: block; font-size: 11.5px; }
.met { color: #00507d; } .missed { color: #a23f00; font-weight: 600; }
ol.fund li { margin-bottom: 6px; } ul.effects { font-size: 12.5px; color: #444; }
dl.definitions { display: grid; grid-template-columns: 190px 1fr; gap: 3px 14px; } dl.definitions dt { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
dl.definitions dd { margin: 0; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; background: #f3f3f3; padding: 0 3px; }
footer { color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { background: #fff; font-size: 11.5px; } main { max-width: none; padding: 0; }
  .page-section { break-before: page; margin: 0; } #header { break-before: auto; }
  figure, table.numbers tr, .headline { break-inside: avoid; }
  .map-scroll { overflow: visible; border: 0; } table.journey-map { zoom: 0.72; }
  .headline { background: none; }
}
)css";

}  // namespace

std::string report_detail::page_start(const std::string& title, const std::string& version) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"generator\" content=\"journeysim " + escape_html(version) + "\"><title>" + escape_html(title) +
         " — journeysim report</title><style>" + stylesheet + "</style></head>\n<body><main>\n";
}

ReportInput load_report_input(const std::string& run_directory) {
  ReportInput input;
  input.run = read_run(run_directory);
  const RunSummary& summary = input.run.summary;
  // The run directory's own copy of the model (its hash checked by read_run), never a path
  // summary.json names: a crafted summary could name any readable file.
  input.journey = parse_journey(input.run.model_text, input.run.model_path);
  // `simulate --horizon` may override the model's: the analytic lanes follow the run.
  input.journey.info.horizon = summary.horizon;
  for (const auto& stage : input.journey.stages)
    if (!input.run.trajectories.find("baseline", "all", stage.id))
      throw ConfigError("trajectories.csv in " + run_directory + " has no baseline rows for stage '" + stage.id +
                        "' of " + input.run.model_path);
  if (summary.fixes)
    input.fixes = report_detail::read_run_fixes(input.run.fixes_text, input.run.fixes_path, input.journey,
                                                input.fixes_note);
  input.decision = read_decision_summary(run_directory);
  return input;
}

void attach_backtest(ReportInput& input, const std::string& backtest_directory) {
  if (!is_backtest_directory(backtest_directory))
    throw ConfigError("--backtest: " + backtest_directory + " holds no backtest.json (write one with journeysim backtest --out DIR)");
  const BacktestReportInput backtest = load_backtest_input(backtest_directory);
  const auto parsed = nlohmann::json::parse(backtest.json_text);
  const auto stages = parsed.value("stages", std::vector<std::string>{});
  if (stages != input.journey.stage_ids())
    throw ConfigError("--backtest: " + backtest_directory + " backtested a journey with other stages than the run's model (" +
                      input.run.model_path + "): it says nothing about this forecast");
  input.backtest_directory = backtest_directory;
  input.backtest_json = backtest.json_text;
}

std::string render_report(const ReportInput& input) {
  using namespace report_detail;
  const ReportContext context(input);
  const std::string title = input.journey.info.name.empty() ? "journeysim report" : input.journey.info.name;
  std::string page = page_start(title, input.run.summary.journeysim_version);
  page += section_header(context);
  page += section_journey_map(context);
  page += section_flow(context);
  page += section_leaks(context);
  page += section_fixes(context);
  page += section_decision(context);
  page += section_recommendation(context);
  page += section_method(context);
  page += "<footer>Made by <code>journeysim report " + escape_html(input.run.directory) +
          "</code>. Rounded figures are for reading; tables hold exact values, and every chart mark shows its exact "
          "value on hover.</footer>\n</main></body></html>\n";
  return page;
}

void write_report(const ReportInput& input, const std::string& out_path) {
  write_file_atomically(out_path, render_report(input));
}

}  // namespace journeysim
