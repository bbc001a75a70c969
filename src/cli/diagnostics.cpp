#include "diagnostics.hpp"

#include "journeysim/io/source_file.hpp"

namespace journeysim::cli {

std::string format_input_error(const InputError& error) {
  const SourceLocation& where = error.where();
  std::string out = "journeysim: ";
  if (!where.file.empty()) {
    out += where.file;
    if (where.has_position()) out += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
    out += ": ";
  }
  out += "error: " + std::string(error.what()) + "\n";
  if (where.has_position()) {
    const std::string line = source_line(where.file, where.line);
    if (!line.empty()) {
      out += line + "\n";
      // Columns count bytes. Keep tabs under tabs and give each UTF-8 character one space
      // (skip continuation bytes), so the caret lines up in a terminal after "50–500" too.
      std::string pad;
      for (int i = 0; i + 1 < where.column && i < static_cast<int>(line.size()); ++i) {
        const char c = line[static_cast<std::size_t>(i)];
        if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
        pad += c == '\t' ? '\t' : ' ';
      }
      out += pad + "^\n";
    }
  }
  return out;
}

std::string format_error(const std::string& message) { return "journeysim: error: " + message + "\n"; }

std::string format_warning(const std::string& message) { return "journeysim: warning: " + message + "\n"; }

}  // namespace journeysim::cli
