#include "terminal_text.hpp"

#include <cstdio>

namespace journeysim::cli {
namespace {

/// Length of the UTF-8 sequence starting at text[i] and its code point; 0 when invalid, -1 when
/// it is cut by the end of `text` (a valid prefix).
int sequence(std::string_view text, std::size_t i, char32_t& code) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = b(i);
  int length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead <= 0xDF ? 2 : 0;
  if (lead >= 0xF5) length = 0;
  if (length == 0) return 0;
  code = lead & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07);
  for (int k = 1; k < length; ++k) {
    if (i + static_cast<std::size_t>(k) >= text.size()) return -1;
    const unsigned char c = b(i + static_cast<std::size_t>(k));
    if ((c & 0xC0) != 0x80) return 0;
    code = (code << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and beyond U+10FFFF are not UTF-8.
  if ((length == 3 && code < 0x800) || (length == 4 && (code < 0x10000 || code > 0x10FFFF)) ||
      (code >= 0xD800 && code <= 0xDFFF))
    return 0;
  return length;
}

void append_escape(std::string& out, const char* format, unsigned value) {
  char buffer[12];
  std::snprintf(buffer, sizeof buffer, format, value);
  out += buffer;
}

/// Escapes text[0, end) into `out`; returns where it stopped (before a cut sequence unless `all`).
std::size_t escape_into(std::string& out, std::string_view text, bool keep_line_breaks, bool all) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      // DEL as \u007f, a valid JSON escape too: analyze --json writes it raw inside strings.
      if (byte == 0x7F)
        append_escape(out, "\\u%04x", byte);
      else if (byte < 0x20 && !(keep_line_breaks && (byte == '\n' || byte == '\t')))
        append_escape(out, "\\x%02x", byte);
      else
        out += static_cast<char>(byte);
      ++i;
      continue;
    }
    char32_t code = 0;
    const int length = sequence(text, i, code);
    if (length < 0 && !all) return i;  // the rest of this character comes with the next write
    if (length <= 0) {
      append_escape(out, "\\x%02x", byte);
      ++i;
      continue;
    }
    if ((code >= 0x80 && code <= 0x9F) || (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069))
      append_escape(out, "\\u%04x", static_cast<unsigned>(code));
    else
      out.append(text.substr(i, static_cast<std::size_t>(length)));
    i += static_cast<std::size_t>(length);
  }
  return i;
}

}  // namespace

std::string escape_terminal_text(std::string_view text, bool keep_line_breaks) {
  std::string out;
  out.reserve(text.size());
  escape_into(out, text, keep_line_breaks, true);
  return out;
}

TerminalFilter::~TerminalFilter() { forward(true); }

void TerminalFilter::forward(bool all) {
  if (pending_.empty()) return;
  std::string out;
  const std::size_t done = escape_into(out, pending_, true, all);
  pending_.erase(0, done);
  target_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
}

TerminalFilter::int_type TerminalFilter::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  pending_ += traits_type::to_char_type(c);
  if (pending_.size() >= 4096 || pending_.back() == '\n') forward(false);
  return c;
}

std::streamsize TerminalFilter::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<std::size_t>(n));
  if (pending_.size() >= 4096 || pending_.find('\n') != std::string::npos) forward(false);
  return n;
}

int TerminalFilter::sync() {
  forward(false);
  return target_->pubsync();
}

}  // namespace journeysim::cli
