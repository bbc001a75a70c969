#include "journeysim/io/source_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "journeysim/core/error.hpp"
#include "text_check.hpp"

namespace journeysim {

std::string read_input_file(const std::string& path) {
  const SourceLocation where{path, 0, 0};
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status))
    throw InputError("no such file", where);
  if (std::filesystem::is_directory(status)) throw InputError("is a directory, not a file", where);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(std::string("cannot be read: ") + std::strerror(errno), where);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw InputError("cannot be read", where);
  std::string text = content.str();
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError("the file is empty", where);
  return text;
}

std::string source_line(const std::string& path, int line) {
  if (line <= 0 || path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  std::string text;
  for (int i = 1; i <= line && std::getline(in, text); ++i) {
    if (i == line) {
      if (!text.empty() && text.back() == '\r') text.pop_back();
      // Very long lines (minified or binary input) are cut so a caret stays readable, and
      // bytes a terminal cannot show (binary junk, Latin-1) print as '?'.
      return text::printable(text.size() > 500 ? text.substr(0, 500) : text);
    }
  }
  return {};
}

}  // namespace journeysim
