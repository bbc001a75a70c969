#pragma once
// Private to io: the `decision:` block of a fixes file (constraints of `journeysim decide`).
#include <yaml-cpp/yaml.h>

#include <string>

#include "journeysim/model/fix.hpp"

namespace journeysim::fixes_io {

/// Reads the block against the file's fixes. InputError at the item for unknown fix ids or
/// owners, duplicates, groups of fewer than two, and contradictions the file alone shows
/// (a fix both required and excluded, two required fixes in one exclusive group, more required
/// fixes of one owner than its capacity).
DecisionRules read_decision_block(const YAML::Node& node, const std::string& file, const FixesFile& fixes);

}  // namespace journeysim::fixes_io
