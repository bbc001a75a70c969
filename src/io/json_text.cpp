#include "json_text.hpp"

namespace journeysim::json_text {

SourceLocation location_at(const std::string& text, std::size_t offset, const std::string& file) {
  SourceLocation where{file, 1, 1};
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

void check_depth(const std::string& text, const std::string& file, int limit, const std::string& expected) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit)
        throw InputError("nested more than " + std::to_string(limit) + " levels deep; " + expected,
                         location_at(text, i, file));
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
}

}  // namespace journeysim::json_text
