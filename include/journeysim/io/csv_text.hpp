#pragma once
/// \file Text fields of the CSV files journeysim writes (trajectories.csv, replicates.csv) and
/// reads back: ids are user text, and a spreadsheet runs a cell starting with = + - @ (or a tab
/// or CR before one) as a formula (CSV injection: `=HYPERLINK(...)`, `=cmd|...`). Following
/// OWASP's recommendation such a text field is written with a leading single quote and quoted;
/// a field that itself starts with a quote gets one too, so reading strips exactly one and
/// every id reads back unchanged. Number columns are never passed through these.
#include <string>
#include <string_view>

namespace journeysim::csv_text {

/// Whether a text value needs the quote prefix (first byte = + - @ tab CR or ').
inline bool needs_prefix(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r'").find(text.front()) != std::string_view::npos;
}

/// The CSV field for a text value: neutralised (prefix ') and quoted when needed (RFC 4180).
inline std::string field(std::string_view text) {
  const bool prefix = needs_prefix(text);
  if (!prefix && text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = prefix ? "\"'" : "\"";
  for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

/// The text value of a field written by field() (after CSV unquoting): one prefix quote removed.
inline std::string value(std::string_view field_text) {
  if (field_text.size() >= 2 && field_text.front() == '\'' && needs_prefix(field_text.substr(1)))
    return std::string(field_text.substr(1));
  return std::string(field_text);
}

}  // namespace journeysim::csv_text
