// The one place the report reads a fixes file.
#include "run_fixes.hpp"

#include "journeysim/core/error.hpp"
#include "journeysim/io/fixes_reader.hpp"

namespace journeysim::report_detail {

std::optional<FixesFile> read_run_fixes(const std::string& text, const std::string& path, const Journey& journey,
                                        std::string& note) {
  try {
    return parse_fixes(text, path, journey);
  } catch (const InputError& e) {
    // The run happened, so its numbers stand; the page says why fix details are missing rather
    // than refusing to render (the fixes file may have been edited since the run).
    note = "Fix details (what each fix addresses, its effect distributions) are not shown: " + path +
           " no longer reads against the model (" + e.what() + ").";
    return std::nullopt;
  }
}

}  // namespace journeysim::report_detail
