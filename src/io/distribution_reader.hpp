#pragma once
// Private to io: a value of a fixes file, a number or one of the distributions of SPEC §3.
#include "journeysim/model/fix.hpp"
#include "yaml_map.hpp"

namespace journeysim::fixes_io {

/// `0.05`, `{normal: {mean: m, sd: s}}`, `{triangular: [min, mode, max]}` and the rest.
Distribution read_distribution(const YAML::Node& node, const std::string& file, const std::string& what);

}  // namespace journeysim::fixes_io
