#include "yaml_load.hpp"

#include "journeysim/core/error.hpp"

namespace journeysim::yaml {

YAML::Node load(const std::string& text, const std::string& file) {
  try {
    YAML::Node root = YAML::Load(text);
    if (!root || root.IsNull()) throw InputError("the file is empty", SourceLocation{file, 0, 0});
    return root;
  } catch (const YAML::ParserException& e) {
    throw InputError("YAML syntax error: " + e.msg,
                     SourceLocation{file, e.mark.line + 1, e.mark.column + 1});
  } catch (const YAML::Exception& e) {
    throw InputError("cannot read YAML: " + e.msg, SourceLocation{file, 0, 0});
  }
}

}  // namespace journeysim::yaml
