// The one place the report reads a fixes file, kept apart so it can follow the fixes reader.
#include "run_fixes.hpp"

namespace journeysim::report_detail {

std::optional<FixesFile> read_run_fixes(const std::string& path, const Journey& journey, std::string& note) {
  (void)path;
  (void)journey;
  // The fixes reader (io/fixes_reader.hpp, with the simulator) has not landed on this branch:
  // the page shows what summary.json says about each fix and omits addresses and effects.
  note = "Fix details (the pain points each fix addresses, its effect distributions) are not shown: this "
         "version of journeysim cannot read fixes files yet.";
  return std::nullopt;
}

}  // namespace journeysim::report_detail
