#include "yaml_load.hpp"

#include <yaml-cpp/depthguard.h>

#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"
#include "text_check.hpp"

namespace journeysim::yaml {

YAML::Node load(const std::string& text, const std::string& file) {
  // Before parsing: yaml-cpp holds the whole tree in memory and guesses at encodings.
  text::check_utf8_text(text, file, limits::yaml_file_bytes, "model and fixes files");
  try {
    YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) throw InputError("the file is empty", SourceLocation{file, 0, 0});
    return root;
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's guard against stack overflow (2000 levels); no journey nests past 6.
    throw InputError("YAML nested too deeply (" + std::to_string(e.depth()) + " levels)",
                     SourceLocation{file, e.mark.line + 1, e.mark.column + 1});
  } catch (const YAML::ParserException& e) {
    throw InputError("YAML syntax error: " + e.msg,
                     SourceLocation{file, e.mark.line + 1, e.mark.column + 1});
  } catch (const YAML::Exception& e) {
    throw InputError("cannot read YAML: " + e.msg, SourceLocation{file, 0, 0});
  }
}

}  // namespace journeysim::yaml
