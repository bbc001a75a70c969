// Chart geometry: marks land where the scales say, with exact values in tooltips.
#include <catch2/catch.hpp>
#include <regex>

#include "journeysim/chart/bar_chart.hpp"
#include "journeysim/chart/emotion_curve.hpp"
#include "journeysim/chart/flow_chart.hpp"
#include "journeysim/chart/interval_chart.hpp"
#include "journeysim/chart/waterfall_chart.hpp"

using namespace journeysim;

namespace {

struct Box {
  double x, y, w, h;
  std::string fill;
};

/// Every <rect> carrying class="CLASS", in document order.
std::vector<Box> rects(const std::string& svg, const std::string& css_class) {
  std::vector<Box> out;
  const std::regex re("<rect x=\"([-0-9.]+)\" y=\"([-0-9.]+)\" width=\"([-0-9.]+)\" height=\"([-0-9.]+)\" fill=\"([^\"]+)\" class=\"" +
                      css_class + "\"");
  for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it)
    out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]), (*it)[5]});
  return out;
}

}  // namespace

TEST_CASE("bar lengths are proportional to values and start at zero", "[charts]") {
  BarChart chart;
  chart.title = "Leverage";
  chart.axis_label = "USD";
  chart.format = money_ticks("USD");
  chart.bars = {{"a", 10, "$10", "exact 10"}, {"b", 20, "$20", "exact 20"}, {"c", -5, "-$5", "exact -5", palette::vermillion}};
  const std::string svg = render_bar_chart(chart);
  const auto bars = rects(svg, "bar");
  REQUIRE(bars.size() == 3);
  CHECK(bars[1].w == Approx(2 * bars[0].w).margin(0.02));
  CHECK(bars[2].w == Approx(bars[0].w / 2).margin(0.02));
  CHECK(bars[0].x == Approx(bars[1].x));              // both start at x(0)
  CHECK(bars[2].x + bars[2].w == Approx(bars[0].x));  // the negative bar ends at x(0)
  CHECK(bars[2].fill == palette::vermillion);
  CHECK(svg.find("<title>b: exact 20</title>") != std::string::npos);
  CHECK(svg.find(">Leverage</text>") != std::string::npos);
}

TEST_CASE("interval chart puts the median between its P5 and P95 whiskers", "[charts]") {
  IntervalChart chart;
  chart.title = "NPV";
  chart.axis_label = "USD";
  chart.format = money_ticks("USD");
  chart.rows = {{"fix", -1e5, 2e5, 9e5, 3e5, "exact"}};
  const std::string svg = render_interval_chart(chart);
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex("<line x1=\"([-0-9.]+)\" y1=\"[-0-9.]+\" x2=\"([-0-9.]+)\"[^>]*class=\"interval\"")));
  const double x05 = std::stod(m[1]), x95 = std::stod(m[2]);
  REQUIRE(std::regex_search(svg, m, std::regex("<circle cx=\"([-0-9.]+)\"[^>]*><title>fix: exact</title>")));
  const double x50 = std::stod(m[1]);
  // Linear scale: the median sits 3/10 of the way from P5 to P95.
  CHECK(x50 == Approx(x05 + 0.3 * (x95 - x05)).margin(0.02));
}

TEST_CASE("waterfall steps stack and the total bar equals their sum", "[charts]") {
  WaterfallChart chart;
  chart.title = "ARR";
  chart.y_label = "USD";
  chart.format = money_ticks("USD");
  chart.steps = {{"up", 10, "+10", "10"}, {"down", -4, "-4", "-4"}};
  chart.total_label = "Total";
  const auto bars = rects(render_waterfall_chart(chart), "step");
  REQUIRE(bars.size() == 3);
  CHECK(bars[0].fill == palette::blue);
  CHECK(bars[1].fill == palette::vermillion);
  CHECK(bars[1].h == Approx(bars[0].h * 0.4).margin(0.02));
  CHECK(bars[2].h == Approx(bars[0].h * 0.6).margin(0.02));
  CHECK(bars[1].y == Approx(bars[0].y));                  // the step down starts at the first top
  CHECK(bars[2].y == Approx(bars[1].y + bars[1].h));      // the total reaches where the steps end
}

TEST_CASE("flow chart draws every move with its exact count and highlights leaks", "[charts]") {
  FlowChart chart;
  chart.title = "Flow";
  chart.nodes = {{"A", false, 100, 10}, {"B", false, 0, 40}, {"Lost", true, 0, 0}};
  chart.links = {{0, 1, 60}, {0, 2, 30}, {1, 0, 20}};
  chart.count_text = [](double v) { return std::to_string(static_cast<int>(v)); };
  chart.exact_text = [](double v) { return "exactly " + std::to_string(static_cast<int>(v)); };
  chart.horizon_text = "3 months";
  const std::string svg = render_flow_chart(chart);
  CHECK(svg.find("<title>A → B: exactly 60 customers over 3 months</title>") != std::string::npos);
  CHECK(svg.find("<title>A → Lost: exactly 30 customers over 3 months</title>") != std::string::npos);
  CHECK(svg.find("<title>B → A: exactly 20 customers over 3 months</title>") != std::string::npos);
  CHECK(svg.find("class=\"band leak\"") != std::string::npos);
  CHECK(svg.find("class=\"band back\"") != std::string::npos);
  // Node heights are on the band scale: A carries 100 entered + 20 returned = 120, B 60.
  const auto nodes = rects(svg, "node");
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[1].h == Approx(nodes[0].h / 2).margin(0.02));
}

TEST_CASE("emotion curve spans exactly the map columns", "[charts]") {
  EmotionCurve curve{{"A", "B", "C"}, {-1.0, std::nullopt, 0.5}, 100, 110};
  const std::string svg = render_emotion_curve(curve);
  CHECK(svg.find("width=\"300\"") != std::string::npos);
  CHECK(svg.find("<circle cx=\"50\"") != std::string::npos);   // centre of column 1
  CHECK(svg.find("<circle cx=\"250\"") != std::string::npos);  // centre of column 3
  CHECK(svg.find("<circle cx=\"150\"") == std::string::npos);  // no emotion, no point
  CHECK(svg.find("A: emotion -1.00") != std::string::npos);
}

TEST_CASE("flow chart wraps long stage names instead of cutting them", "[charts]") {
  // Issue #15 §3: "Onboarding: kickoff call" showed as "Onboarding: k…". Two columns give
  // 240 px each, 32 characters a line: the name takes two lines, whole.
  FlowChart chart;
  chart.title = "Flow";
  chart.nodes = {{"Onboarding: kickoff call with success", false, 100, 10}, {"Adoption", false, 0, 40}, {"Lost", true, 0, 0}};
  chart.links = {{0, 1, 60}, {0, 2, 30}};
  chart.count_text = [](double v) { return std::to_string(static_cast<int>(v)); };
  chart.exact_text = chart.count_text;
  chart.horizon_text = "3 months";
  const std::string svg = render_flow_chart(chart);
  CHECK(svg.find(">Onboarding: kickoff call with<") != std::string::npos);
  CHECK(svg.find(">success<") != std::string::npos);
  CHECK(svg.find("…") == std::string::npos);
}
