#include "yaml_load.hpp"

#include <yaml-cpp/depthguard.h>

#include <vector>

#include "journeysim/core/error.hpp"
#include "journeysim/model/limits.hpp"
#include "text_check.hpp"
#include "yaml_map.hpp"

namespace journeysim::yaml {

YAML::Node load(const std::string& text, const std::string& file) {
  // Before parsing: yaml-cpp holds the whole tree in memory and guesses at encodings.
  text::check_utf8_text(text, file, limits::yaml_file_bytes, "model and fixes files");
  try {
    // All documents: YAML::Load would silently drop everything after a second `---`, e.g.
    // when two exports were pasted into one file. Empty ones (a trailing ---) are skipped.
    std::vector<YAML::Node> documents;
    for (const auto& document : YAML::LoadAll(text))
      if (document && !document.IsNull()) documents.push_back(document);
    if (documents.size() > 1)
      throw InputError("the file holds " + std::to_string(documents.size()) +
                           " YAML documents (separated by ---); put the model or fixes in one",
                       location(documents[1], file));
    if (documents.empty())
      throw InputError("the file is empty", SourceLocation{file, 0, 0});
    return documents[0];
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp's guard against stack overflow (it stops at 500 levels of its recursion);
    // no journey or fixes file nests deeper than 6.
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
