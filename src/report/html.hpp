#pragma once
// Private to the report module: small builders for HTML text. User strings go through
// escape_html() here or in Svg, never straight into markup.
#include <string>
#include <vector>

#include "journeysim/core/number_text.hpp"
#include "journeysim/chart/svg.hpp"

namespace journeysim::report_detail {

/// <section id="ID" class="page-section"><h2>TITLE</h2>BODY</section>; `title` is escaped.
std::string section(const std::string& id, const std::string& title, const std::string& body);

/// <figure> around a chart with an escaped caption explaining how to read it.
std::string figure(const std::string& svg, const std::string& caption, const std::string& id = "");

/// A table cell whose visible text is rounded for people and whose data-value holds the exact
/// number (tests and curious readers compare it with summary.json); `text` is escaped.
std::string number_cell(double value, const std::string& text, const std::string& tooltip = "");

/// <td>text</td>, escaped.
std::string cell(const std::string& text, const std::string& css_class = "");

/// The page's head (title, stylesheet) and the opening of <body><main>: shared by the run
/// report and the backtest page.
std::string page_start(const std::string& title, const std::string& version);

/// An escaped <ul> of items; "" for an empty list.
std::string bullet_list(const std::vector<std::string>& items, const std::string& css_class = "");


}  // namespace journeysim::report_detail
