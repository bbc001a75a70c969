#include "html.hpp"

namespace journeysim::report_detail {

std::string section(const std::string& id, const std::string& title, const std::string& body) {
  return "<section id=\"" + id + "\" class=\"page-section\"><h2>" + escape_html(title) + "</h2>" + body +
         "</section>\n";
}

std::string figure(const std::string& svg, const std::string& caption, const std::string& id) {
  return "<figure" + (id.empty() ? std::string() : " id=\"" + id + "\"") + ">" + svg + "<figcaption>" +
         escape_html(caption) + "</figcaption></figure>\n";
}

std::string number_cell(double value, const std::string& text, const std::string& tooltip) {
  return "<td class=\"num\" data-value=\"" + format_exact(value) + "\"" +
         (tooltip.empty() ? "" : " title=\"" + escape_html(tooltip) + "\"") + ">" + escape_html(text) + "</td>";
}

std::string cell(const std::string& text, const std::string& css_class) {
  return "<td" + (css_class.empty() ? std::string() : " class=\"" + css_class + "\"") + ">" + escape_html(text) +
         "</td>";
}

std::string bullet_list(const std::vector<std::string>& items, const std::string& css_class) {
  if (items.empty()) return "";
  std::string out = "<ul" + (css_class.empty() ? std::string() : " class=\"" + css_class + "\"") + ">";
  for (const auto& item : items) out += "<li>" + escape_html(item) + "</li>";
  return out + "</ul>";
}

}  // namespace journeysim::report_detail
