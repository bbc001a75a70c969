#pragma once
/// \file Reading fixes files (SPEC §3) against their journey model.
#include <string>

#include "journeysim/model/journey.hpp"
#include "journeysim/model/fix.hpp"

namespace journeysim {

/// Parses and checks a fixes file against `journey`: stage references, effects on terminal
/// rows, distributions (sd ≥ 0, min ≤ max, mode in range), costs, timing, portfolios and
/// duplicate ids. InputError at the offending value otherwise.
FixesFile parse_fixes(const std::string& text, const std::string& file, const Journey& journey);

/// Reads a fixes file. Example: `FixesFile f = read_fixes("scenarios/b2b-saas/fixes.yaml", j);`
FixesFile read_fixes(const std::string& path, const Journey& journey);

/// Things legal but probably not meant (a fix starting after the horizon, …), for a run of
/// `horizon` periods (0: the model's).
std::vector<std::string> fixes_warnings(const FixesFile& fixes, const Journey& journey, int horizon = 0);

}  // namespace journeysim
