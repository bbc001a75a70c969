#pragma once
// Private to the report module: reading the fixes file of a run.
#include <optional>
#include <string>

#include "journeysim/model/fix.hpp"

namespace journeysim::report_detail {

/// The run's copy of its fixes file (`text`, read from `path` inside the run directory)
/// resolved against `journey`; nullopt with `note` saying why when it does not read (the page
/// then shows what summary.json holds about each fix).
std::optional<FixesFile> read_run_fixes(const std::string& text, const std::string& path, const Journey& journey,
                                        std::string& note);

}  // namespace journeysim::report_detail
