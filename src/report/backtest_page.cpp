#include "journeysim/report/backtest_page.hpp"

#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "html.hpp"
#include "journeysim/chart/bar_chart.hpp"
#include "journeysim/chart/fan_chart.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/core/version.hpp"
#include "journeysim/io/csv_text.hpp"
#include "journeysim/io/source_file.hpp"

namespace journeysim {
namespace {

constexpr std::size_t json_bytes = std::size_t{64} << 20;
constexpr std::size_t csv_bytes = std::size_t{1} << 30;

/// The fields of one line as backtest_output writes it: numbers, dates, and a quantity that
/// csv_text::field quotes when it starts with a formula character (no field holds a comma).
std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) {
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
    out.push_back(field);
  }
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

double to_double(const std::string& text, const std::string& file, std::size_t line) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw InputError("'" + text + "' is not a number", SourceLocation{file, static_cast<int>(line), 1});
}

using namespace report_detail;

std::string percent(double share) { return format_percent(share, 1); }

/// A table of score summaries, one row per key.
std::string scores_table(const std::string& id, const std::string& first_column,
                         const std::vector<std::pair<std::string, nlohmann::json>>& rows) {
  std::string t = "<table class=\"numbers\" id=\"" + id + "\"><thead><tr><th>" + escape_html(first_column) +
                  "</th><th>forecasts</th><th>90% band held</th><th>50% band held</th><th>bias</th><th>MAPE</th>"
                  "<th>CRPS</th><th>interval score (90%)</th></tr></thead><tbody>";
  for (const auto& [label, s] : rows) {
    const double c90 = s.value("coverage_90", 0.0), c50 = s.value("coverage_50", 0.0);
    const double bias = s.value("mean_relative_error", 0.0), mape = s.value("mape", 0.0);
    const double crps = s.value("crps", 0.0), is90 = s.value("interval_score_90", 0.0);
    t += "<tr>" + cell(label) + number_cell(s.value("forecasts", 0.0), format_grouped(s.value("forecasts", 0.0))) +
         number_cell(c90, percent(c90), c90 < 0.8 ? "below 80%: the bands are too narrow or the forecast biased" : "") +
         number_cell(c50, percent(c50)) + number_cell(bias, (bias >= 0 ? "+" : "") + percent(bias)) +
         number_cell(mape, percent(mape)) + number_cell(crps, format_significant(crps, 4)) +
         number_cell(is90, format_significant(is90, 4)) + "</tr>";
  }
  return t + "</tbody></table>";
}

}  // namespace

static std::string render_backtest_page(const BacktestReportInput& input);

bool is_backtest_directory(const std::string& directory) {
  const std::filesystem::path dir(directory);
  std::error_code error;
  return std::filesystem::is_regular_file(dir / "backtest.json", error) &&
         !std::filesystem::exists(dir / "summary.json", error);
}

BacktestReportInput load_backtest_input(const std::string& directory) {
  BacktestReportInput input;
  input.directory = directory;
  const std::string json_path = (std::filesystem::path(directory) / "backtest.json").string();
  const std::string csv_path = (std::filesystem::path(directory) / "backtest.csv").string();
  input.json_text = read_input_file(json_path, json_bytes, "backtest files", true);
  try {
    const auto parsed = nlohmann::json::parse(input.json_text);
    if (!parsed.is_object() || !parsed.contains("overall") || !parsed.contains("origins"))
      throw InputError("backtest.json has no 'overall' scores or no 'origins': not written by journeysim backtest",
                       SourceLocation{json_path, 1, 1});
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("backtest.json is not valid JSON: ") + e.what(), SourceLocation{json_path, 1, 1});
  }
  const std::string csv = read_input_file(csv_path, csv_bytes, "backtest files", true);
  std::istringstream lines(csv);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (number == 1) continue;  // header
    const auto f = split(line);
    if (f.size() != 16)
      throw InputError("expected 16 fields, got " + std::to_string(f.size()), SourceLocation{csv_path, static_cast<int>(number), 1});
    BacktestRow row;
    row.origin = f[0];
    row.ahead = static_cast<int>(to_double(f[1], csv_path, number));
    row.segment = csv_text::value(f[2]);
    row.quantity = csv_text::value(f[3]);
    row.actual = to_double(f[4], csv_path, number);
    row.mean = to_double(f[5], csv_path, number);
    row.p05 = to_double(f[6], csv_path, number);
    row.p25 = to_double(f[7], csv_path, number);
    row.p50 = to_double(f[8], csv_path, number);
    row.p75 = to_double(f[9], csv_path, number);
    row.p95 = to_double(f[10], csv_path, number);
    input.rows.push_back(row);
  }
  return input;
}

std::string render_backtest_report(const BacktestReportInput& input) {
  // backtest.json is read, not trusted: a value of the wrong type is bad input at that file
  // (it exited 1 as an internal error; found by a new-user trial).
  try {
    return render_backtest_page(input);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(std::string("backtest.json does not hold what journeysim backtest writes: ") + e.what(),
                     SourceLocation{(std::filesystem::path(input.directory) / "backtest.json").string(), 1, 1});
  }
}

static std::string render_backtest_page(const BacktestReportInput& input) {
  const auto j = nlohmann::json::parse(input.json_text);
  const std::string period = j.value("period", std::string("period"));
  std::string page = page_start("Backtest", version());

  std::string header = "<p class=\"headline\">" + escape_html(j.value("verdict", std::string())) + "</p><p>" +
                       escape_html("Each origin: calibrated on the events up to its end, forecast " +
                                   std::to_string(j.value("horizon", 0)) + " " + period + "s ahead in " +
                                   j.value("mode", std::string("cohort")) + " mode (" +
                                   format_grouped(j.value("replicates", 0.0)) +
                                   " replicates), compared with what the log shows at the end of each " + period +
                                   ". Origins: ") +
                       escape_html(std::to_string(j["origins"].size())) + ", from " +
                       escape_html(j["origins"].empty() ? std::string("-") : j["origins"].front().get<std::string>()) +
                       " to " + escape_html(j["origins"].empty() ? std::string("-") : j["origins"].back().get<std::string>()) +
                       ".</p>";
  page += section("header", "Does the forecast hold?", header);

  std::vector<std::pair<std::string, nlohmann::json>> ahead_rows, quantity_rows;
  for (const auto& a : j["by_ahead"]) {
    const int ahead = a.value("ahead", 0);
    ahead_rows.emplace_back(std::to_string(ahead) + " " + period + (ahead == 1 ? "" : "s"), a);
  }
  for (const auto& [q, s] : j["by_quantity"].items()) quantity_rows.emplace_back(q, s);
  std::string scores = "<p>Honest 90% bands hold about 90% of what happened, 50% bands about half. The coverage of "
                       "one log varies more than its binomial error says (forecasts share origins and customers). "
                       "Bias is Σ(forecast mean − actual)/Σ actual; CRPS and the interval score are in customers, "
                       "lower is better, and compare models on the same log.</p>" +
                       scores_table("by-ahead", period + "s ahead", ahead_rows) +
                       scores_table("by-quantity", "quantity", quantity_rows);
  if (j.contains("comparison")) {
    std::vector<std::pair<std::string, nlohmann::json>> rows;
    for (const auto& c : j["comparison"]) {
      std::string label = c.value("structure", std::string()) + " (" + c.value("calibrate", std::string()) + ")";
      if (c.value("crps_gap", 0.0) > 0)
        label += ", CRPS +" + format_significant(c.value("crps_gap", 0.0), 3) + " ± " +
                 format_significant(c.value("crps_gap_se", 0.0), 2) +
                 (c.value("indistinguishable_from_best", false) ? ": indistinguishable from the best" : "");
      rows.emplace_back(label, c["scores"]);
    }
    scores += "<h3>Model structures, best first</h3><p>Ranked by mean CRPS over every forecast (a proper score: no "
              "structure wins by bending its bands). Recommended: <code>calibrate " +
              escape_html(j["recommended"].value("calibrate", std::string())) + "</code>.</p>" +
              scores_table("comparison", "structure", rows);
  }
  page += section("scores", "Scores", scores);

  BarChart pit;
  pit.title = "Where the actual fell in each forecast (PIT)";
  pit.axis_label = "forecasts";
  pit.format = count_ticks();
  pit.label_width = 240;
  const auto& histogram = j["overall"]["pit_histogram"];
  for (std::size_t b = 0; b < histogram.size(); ++b) {
    const double count = histogram[b].get<double>();
    pit.bars.push_back({format_percent(b / 10.0, 0) + "–" + format_percent((b + 1) / 10.0, 0) + " of replicates below",
                        count, format_grouped(count), format_grouped(count) + " forecasts"});
  }
  page += section("pit", "Calibration of the whole distribution",
                  figure(render_bar_chart(pit),
                         "Flat bars: the forecast distributions are right. High bars at both ends: too narrow. A hump in "
                         "the middle: too wide. Mass on one side: biased (high bars at the top: forecasts too low).",
                         "pit-histogram"));

  // Per origin: paying customers (or the first quantity) forecast against the actual.
  std::string quantity = "paying:total";
  bool found = false;
  for (const auto& r : input.rows) found = found || (r.segment == "all" && r.quantity == quantity);
  if (!found && !input.rows.empty()) quantity = input.rows.front().quantity;
  std::string fans;
  std::vector<std::string> origins;
  for (const auto& r : input.rows)
    if (r.segment == "all" && r.quantity == quantity && (origins.empty() || origins.back() != r.origin))
      origins.push_back(r.origin);
  for (const std::string& origin : origins) {
    FanChart chart;
    chart.title = "From " + origin + ": " + quantity;
    chart.x_label = period + "s ahead";
    chart.y_label = "customers";
    chart.format = count_ticks();
    chart.value_text = [](double v) { return format_grouped(v, 1); };
    chart.low_label = "P5";
    chart.high_label = "P95";
    chart.height = 260;
    FanSeries forecast{"forecast (P5–P95, median)", {}, palette::blue};
    FanSeries actual{"what happened", {}, palette::vermillion};
    for (const auto& r : input.rows) {
      if (r.origin != origin || r.segment != "all" || r.quantity != quantity) continue;
      forecast.points.push_back({r.mean, r.p05, r.p50, r.p95});
      actual.points.push_back({r.actual, r.actual, r.actual, r.actual});
    }
    chart.series = {forecast, actual};
    fans += figure(render_fan_chart(chart), "The band is the forecast's 90% interval and the line through it its median; "
                                            "the other line is what the log shows. 0 on the axis is the first period "
                                            "after the origin.");
  }
  page += section("origins", "Forecasts against what happened", fans);
  page += "<footer>Made by <code>journeysim report " + escape_html(input.directory) +
          "</code> from backtest.json and backtest.csv.</footer>\n</main></body></html>\n";
  return page;
}

}  // namespace journeysim
