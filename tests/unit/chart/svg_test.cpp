// SVG text building blocks: escaping, numbers, labels.
#include <catch2/catch.hpp>

#include "journeysim/chart/svg.hpp"

using namespace journeysim;

TEST_CASE("escape_html escapes the five HTML specials and nothing else", "[svg]") {
  CHECK(escape_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;");
  CHECK(escape_html("\"A&B\" 'c'") == "&quot;A&amp;B&quot; &#39;c&#39;");
  CHECK(escape_html("Émotion → ok") == "Émotion → ok");
}

TEST_CASE("svg_number is short and deterministic", "[svg]") {
  CHECK(svg_number(12.345) == "12.35");
  CHECK(svg_number(12.0) == "12");
  CHECK(svg_number(0.5) == "0.5");
  CHECK(svg_number(-0.001) == "0");
  CHECK(svg_number(-3.1) == "-3.1");
}

TEST_CASE("shorten counts characters, not bytes", "[svg]") {
  CHECK(shorten("Awareness", 20) == "Awareness");
  CHECK(shorten("Guided onboarding", 8) == "Guided …");
  CHECK(shorten("ééééé", 3) == "éé…");
}

TEST_CASE("wrap_words breaks at spaces and shortens the last line", "[svg]") {
  CHECK(wrap_words("Guided onboarding with templates", 18, 2) ==
        std::vector<std::string>{"Guided onboarding", "with templates"});
  CHECK(wrap_words("Short", 18, 2) == std::vector<std::string>{"Short"});
  const auto lines = wrap_words("Self-serve trust center with SOC 2 report and more", 16, 2);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1].size() <= 16 + 2);  // "…" is 3 bytes for one character
}

TEST_CASE("Svg escapes text and tooltips and puts exact values in <title>", "[svg]") {
  Svg svg(100, 50, "Title & <more>");
  svg.rect(0, 0, 10, 10, "#000", "exact \"1,234\"");
  svg.text(5, 5, "<b>");
  const std::string out = svg.str();
  CHECK(out.find("<title>Title &amp; &lt;more&gt;</title>") != std::string::npos);
  CHECK(out.find("<title>exact &quot;1,234&quot;</title>") != std::string::npos);
  CHECK(out.find("&lt;b&gt;</text>") != std::string::npos);
  CHECK(out.find("<b>") == std::string::npos);
  CHECK(out.find("http") == std::string::npos);  // no namespace URL: the page holds no URL at all
}

TEST_CASE("axes label every tick inside the domain", "[svg]") {
  Svg svg(400, 200, "t");
  const Ticks ticks = nice_ticks(0, 2e6, 4);
  const LinearScale x(0, 2e6, 50, 350);
  x_axis(svg, x, ticks, 150, 20, money_ticks("USD"), "Revenue (USD)");
  const std::string out = svg.str();
  for (const char* label : {">$0<", ">$0.5M<", ">$1M<", ">$1.5M<", ">$2M<", ">Revenue (USD)<"})
    CHECK(out.find(label) != std::string::npos);
}
