#pragma once
// Private to io: checks an input file's bytes before any parser sees them, so that binary
// junk, UTF-16 exports and oversized files get a plain message instead of a parser's guess.
#include <cstddef>
#include <string>
#include <string_view>

namespace journeysim::text {

/// InputError unless `text` is at most `max_bytes` long and is UTF-8 (an initial BOM is
/// allowed) without NUL or other control characters except tab, CR and LF. Errors name the
/// line and column (in bytes) of the first offending byte; `kind` names the file in the size
/// message, e.g. "model and fixes files".
void check_utf8_text(const std::string& text, const std::string& file, std::size_t max_bytes,
                     const std::string& kind);

/// InputError when `head` (the first bytes of a file) starts with a UTF-16 or UTF-32
/// byte-order mark or holds a NUL in its first 4 bytes (UTF-16/32 without a mark): the
/// first thing to check in any text input, CSV included.
void check_not_wide_text(std::string_view head, const std::string& file);

/// `line` with every byte that is not printable UTF-8 (control characters, invalid
/// sequences) replaced by '?', byte for byte so that a caret under it stays aligned.
std::string printable(const std::string& line);

}  // namespace journeysim::text
