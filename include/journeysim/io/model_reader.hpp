#pragma once
/// \file Reading journey model files (SPEC §2).
#include <string>
#include <string_view>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Parses and validates a journey model from YAML text; `file` names it in errors.
/// Throws InputError at the offending value for any syntax, type, reference or range problem.
Journey parse_journey(const std::string& text, const std::string& file);

/// Reads, parses and validates a journey model file.
/// Example: `Journey j = read_journey("scenarios/b2b-saas/journey.yaml");`
Journey read_journey(const std::string& path);

}  // namespace journeysim
