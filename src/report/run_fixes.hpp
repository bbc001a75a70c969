#pragma once
// Private to the report module: reading the fixes file a run names.
#include <optional>
#include <string>

#include "journeysim/model/fix.hpp"

namespace journeysim::report_detail {

/// The fixes file at `path` resolved against `journey`; nullopt with `note` saying why when it
/// cannot be read (the page then shows what summary.json holds about each fix).
std::optional<FixesFile> read_run_fixes(const std::string& path, const Journey& journey, std::string& note);

}  // namespace journeysim::report_detail
