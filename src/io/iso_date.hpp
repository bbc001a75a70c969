#pragma once
// Private to io: strict ISO 8601 calendar dates, so 2026-02-30 or 24:00:00 never slip through.
#include <optional>
#include <string>

namespace journeysim::iso {

/// Why `text` is not a date `YYYY-MM-DD` or date-time `YYYY-MM-DDTHH:MM:SS` (optionally `Z`)
/// between 1970-01-01 and 9999-12-31, or nullopt when it is one. Example reasons:
/// "February 2026 has 28 days", "hour 24 is out of range 00-23".
std::optional<std::string> date_problem(const std::string& text);

}  // namespace journeysim::iso
