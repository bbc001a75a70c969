#include "text_check.hpp"

#include <cstdio>

#include "journeysim/core/error.hpp"

namespace journeysim::text {
namespace {

std::string hex(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", byte);
  return buffer;
}

/// Length of the valid UTF-8 sequence starting at `i` (1..4), 0 when it is invalid: stray
/// continuation bytes, overlong forms, surrogates and code points above U+10FFFF.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) length = 2;
  else if (lead == 0xE0) length = 3, low = 0xA0;
  else if (lead == 0xED) length = 3, high = 0x9F;
  else if (lead >= 0xE1 && lead <= 0xEF) length = 3;
  else if (lead == 0xF0) length = 4, low = 0x90;
  else if (lead == 0xF4) length = 4, high = 0x8F;
  else if (lead >= 0xF1 && lead <= 0xF3) length = 4;
  else return 0;
  if (i + length > text.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

bool starts_with(const std::string& text, const char* prefix, std::size_t length) {
  return text.compare(0, length, prefix, length) == 0;
}

}  // namespace

void check_not_wide_text(std::string_view head, const std::string& file) {
  const auto starts = [&](const char* prefix, std::size_t length) { return head.substr(0, length) == std::string_view(prefix, length); };
  // Byte-order marks first: "UTF-16" is what a spreadsheet's "Unicode text" export produces.
  if (starts("\xFF\xFE\0\0", 4) || starts("\0\0\xFE\xFF", 4))
    throw InputError("the file is UTF-32 text; save it as UTF-8", SourceLocation{file, 0, 0});
  if (starts("\xFF\xFE", 2) || starts("\xFE\xFF", 2))
    throw InputError("the file is UTF-16 text; save it as UTF-8", SourceLocation{file, 0, 0});
  if (head.substr(0, 4).find('\0') != std::string_view::npos)
    throw InputError("the file looks like UTF-16 or UTF-32 text without a byte-order mark; save it as UTF-8",
                     SourceLocation{file, 0, 0});
}

void check_utf8_text(const std::string& text, const std::string& file, std::size_t max_bytes,
                     const std::string& kind) {
  if (text.size() > max_bytes)
    throw InputError("the file is " + std::to_string(text.size()) + " bytes; " + kind + " are limited to " +
                         std::to_string(max_bytes) + " bytes",
                     SourceLocation{file, 0, 0});
  check_not_wide_text(text, file);
  int line = 1, column = 1;
  std::size_t i = starts_with(text, "\xEF\xBB\xBF", 3) ? 3 : 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const SourceLocation where{file, line, column};
    if (byte == 0)
      throw InputError("the file holds a NUL byte: it is binary data or UTF-16/32 text, not UTF-8 text", where);
    if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F)
      throw InputError("control character " + hex(byte) + " in the text: the file is not plain UTF-8 text", where);
    const std::size_t length = utf8_length(text, i);
    if (length == 0)
      throw InputError("invalid UTF-8 (byte " + hex(byte) +
                           "): save the file as UTF-8 (Latin-1 and Windows-1252 are not read)",
                       where);
    if (byte == '\n') line += 1, column = 1;
    else column += static_cast<int>(length);
    i += length;
  }
}

std::string printable(const std::string& line) {
  std::string out = line;
  std::size_t i = 0;
  while (i < out.size()) {
    const auto byte = static_cast<unsigned char>(out[i]);
    const std::size_t length = utf8_length(out, i);
    if (length == 0 || (byte < 0x20 && byte != '\t') || byte == 0x7F) {
      out[i++] = '?';
      continue;
    }
    i += length;
  }
  return out;
}

}  // namespace journeysim::text
