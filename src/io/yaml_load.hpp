#pragma once
// Private to io: YAML text to a node tree, with syntax errors located.
#include <yaml-cpp/yaml.h>

#include <string>

namespace journeysim::yaml {

/// Parses YAML text; InputError at the syntax error's line and column.
YAML::Node load(const std::string& text, const std::string& file);

}  // namespace journeysim::yaml
