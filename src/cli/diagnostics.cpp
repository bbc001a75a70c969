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
      // Keep tabs under tabs so the caret lines up in a terminal.
      std::string pad;
      for (int i = 0; i + 1 < where.column && i < static_cast<int>(line.size()); ++i)
        pad += line[static_cast<std::size_t>(i)] == '\t' ? '\t' : ' ';
      out += pad + "^\n";
    }
  }
  return out;
}

std::string format_error(const std::string& message) { return "journeysim: error: " + message + "\n"; }

std::string format_warning(const std::string& message) { return "journeysim: warning: " + message + "\n"; }

}  // namespace journeysim::cli
