#include "yaml_load.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <string_view>
#include <vector>

#include <yaml-cpp/depthguard.h>

#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"
#include "text_check.hpp"

namespace journeysim::yaml {
namespace {

/// yaml-cpp's messages name the parser state ("illegal map value"), not the mistake a person
/// made. Adds the usual cause of each one an analyst editing a model by hand is likely to meet.
std::string explain(const std::string& message) {
  static const std::pair<std::string_view, std::string_view> hints[] = {
      {"end of map flow not found", "a '{' is not closed by '}'"},
      {"end of sequence flow not found", "a '[' is not closed by ']'"},
      {"illegal map value",
       "check the indentation, and put text that contains ': ' in quotes"},
      {"illegal block entry",
       "a '- ' list item where none can go: check the indentation and that every '[' and '{' "
       "above is closed"},
      {"end of map not found", "check the indentation: keys of one map must line up"},
      {"end of sequence not found", "check the indentation: items of one list must line up"},
      {"illegal flow end", "a '}' or ']' without its opening '{' or '['"},
  };
  for (const auto& [known, hint] : hints)
    if (message == known) return message + " (" + std::string(hint) + ")";
  return message;
}

/// The lines of `text` (without newlines), for pointing at what the parser saw.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    lines.push_back(text.substr(0, end));
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

/// A syntax error located at the end of the input (yaml-cpp reports unclosed brackets one past
/// the last line) is moved to the end of the last non-blank line, so there is a line to show.
SourceLocation syntax_location(const std::string& text, const std::string& file, int line, int column) {
  const auto lines = split_lines(text);
  if (line <= static_cast<int>(lines.size())) return SourceLocation{file, line, column};
  for (auto i = static_cast<int>(lines.size()); i >= 1; --i) {
    std::string_view content = lines[static_cast<std::size_t>(i - 1)];
    while (!content.empty() && (content.back() == '\r' || content.back() == ' ')) content.remove_suffix(1);
    if (!content.empty()) return SourceLocation{file, i, static_cast<int>(content.size()) + 1};
  }
  return SourceLocation{file, 0, 0};
}

/// YAML forbids tabs in indentation, and yaml-cpp then reports something unrelated.
bool indented_with_tab(const std::string& text, int line) {
  const auto lines = split_lines(text);
  if (line < 1 || line > static_cast<int>(lines.size())) return false;
  const std::string_view content = lines[static_cast<std::size_t>(line - 1)];
  const auto first = content.find_first_not_of(" \t");
  return content.substr(0, first).find('\t') != std::string_view::npos;
}

/// The character at a 1-based location of `text`.
char source_char(const std::string& text, const SourceLocation& where) {
  const auto lines = split_lines(text);
  return lines[static_cast<std::size_t>(where.line - 1)][static_cast<std::size_t>(where.column - 1)];
}

/// The innermost '[' or '{' opened before (line, column) and not closed by then, skipping
/// quoted text and comments. yaml-cpp notices an unclosed bracket only lines later, at a token
/// it cannot place; the bracket itself is what the analyst has to fix.
std::optional<SourceLocation> unclosed_bracket(const std::string& text, const std::string& file,
                                               int line, int column) {
  std::vector<SourceLocation> open;
  char quote = 0;
  int l = 1, c = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    ++c;
    if (l > line || (l == line && c >= column)) break;
    if (ch == '\n') {
      ++l;
      c = 0;
      if (quote == '\'') quote = 0;  // keep double quotes: they may span lines legally
      continue;
    }
    if (quote) {
      if (ch == quote && !(quote == '"' && i > 0 && text[i - 1] == '\\')) quote = 0;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
    } else if (ch == '#' && (i == 0 || text[i - 1] == ' ' || text[i - 1] == '\n')) {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
    } else if (ch == '[' || ch == '{') {
      open.push_back(SourceLocation{file, l, c});
    } else if ((ch == ']' || ch == '}') && !open.empty()) {
      open.pop_back();
    }
  }
  if (open.empty() || open.back().line >= line) return std::nullopt;
  return open.back();
}

/// The line (1-based) of the `---` or `...` marker that starts a second document with content,
/// or 0. YAML::Load keeps only the first document and drops the rest without a word (two
/// exports pasted into one file); YAML::LoadAll would see them but loops forever on inputs
/// such as ",\n" (found by fuzz_model). Markers at the start of a line cannot occur inside
/// any scalar (YAML 1.2, c-forbidden), so finding them in the text is exact.
int second_document_line(const std::string& text) {
  const auto lines = split_lines(text);
  bool content = false, boundary = false;
  int boundary_line = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    const bool marker = (line.substr(0, 3) == "---" || line.substr(0, 3) == "...") &&
                        (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
    if (marker) {
      if (content && !boundary) boundary = true, boundary_line = static_cast<int>(i + 1);
      // "--- value" carries content on the marker line itself.
      const auto rest = line.find_first_not_of(" \t\r", 3);
      if (rest == std::string_view::npos || line[rest] == '#') continue;
    } else {
      const auto first = line.find_first_not_of(" \t\r");
      if (first == std::string_view::npos || line[first] == '#' || (!content && line[first] == '%')) continue;
    }
    if (boundary) return boundary_line;
    content = true;
  }
  return 0;
}

}  // namespace

YAML::Node load(const std::string& text, const std::string& file) {
  // Before parsing: yaml-cpp holds the whole tree in memory and guesses at encodings.
  text::check_utf8_text(text, file, limits::yaml_file_bytes, "model and fixes files");
  if (const int line = second_document_line(text))
    throw InputError("a second YAML document starts here; put the whole model or fixes file in one",
                     SourceLocation{file, line, 1});
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's guard against stack overflow (it stops at 500 levels of its recursion);
    // no journey or fixes file nests deeper than 6.
    throw InputError("YAML nested too deeply (" + std::to_string(e.depth()) + " levels)",
                     SourceLocation{file, e.mark.line + 1, e.mark.column + 1});
  } catch (const YAML::ParserException& e) {
    const int line = e.mark.line + 1;
    if (indented_with_tab(text, line))
      throw InputError("YAML syntax error: a tab in the indentation; YAML indents with spaces only",
                       SourceLocation{file, line, 1});
    static const std::string_view bracket_symptoms[] = {
        "end of map flow not found", "end of sequence flow not found", "illegal block entry",
        "end of map not found", "end of sequence not found"};
    const bool symptom = std::find(std::begin(bracket_symptoms), std::end(bracket_symptoms),
                                   e.msg) != std::end(bracket_symptoms);
    if (symptom) {
      if (const auto bracket = unclosed_bracket(text, file, line, e.mark.column + 1)) {
        const char opening = source_char(text, *bracket);
        throw InputError(std::string("YAML syntax error: this '") + opening + "' is never closed by '" +
                             (opening == '[' ? ']' : '}') + "'",
                         *bracket);
      }
    }
    throw InputError("YAML syntax error: " + explain(e.msg),
                     syntax_location(text, file, line, e.mark.column + 1));
  } catch (const YAML::Exception& e) {
    throw InputError("cannot read YAML: " + e.msg, SourceLocation{file, 0, 0});
  }
  if (!root || root.IsNull())
    throw InputError("the file has no content, only comments or blank lines", SourceLocation{file, 0, 0});
  return root;
}

}  // namespace journeysim::yaml
