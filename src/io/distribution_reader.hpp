#pragma once
// Private to io: a value of a fixes file, a number or one of the distributions of SPEC §3.
#include "journeysim/model/fix.hpp"
#include "yaml_map.hpp"

namespace journeysim::fixes_io {

/// `0.05`, `{normal: {mean: m, sd: s}}`, `{triangular: [min, mode, max]}` and the rest.
Distribution read_distribution(const YAML::Node& node, const std::string& file, const std::string& what);

/// A cost: a number or a distribution as above that cannot draw a negative value or one above
/// 1e15 (normal is refused; lognormal's draws are capped at 1e15 when drawn).
Distribution read_cost_distribution(const YAML::Node& node, const std::string& file, const std::string& what);

}  // namespace journeysim::fixes_io
