#pragma once
// Terminal output that input cannot take over (issue #15 §1 item 8). Names, ids, pain points
// and paths come from input files; printed raw, an ESC sequence could clear the screen, retitle
// the window or fake a line, and U+202E RIGHT-TO-LEFT OVERRIDE reverses what follows. Every
// byte journeysim writes to std::cout and std::cerr goes through escape_terminal_text (a
// filtering stream buffer installed in main), so no printer can forget it.
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace journeysim::cli {

/// `text` with every C0 control except newline and tab, DEL, every C1 control (U+0080–U+009F),
/// the bidi embeddings/overrides U+202A–U+202E and isolates U+2066–U+2069 shown as visible
/// escapes (`\x1b`, `\u007f`, `\u0085`, `\u202e`), and bytes that are not UTF-8 as `\xNN`.
/// With `keep_line_breaks` false, newline and tab are escaped too (for one display field).
std::string escape_terminal_text(std::string_view text, bool keep_line_breaks = true);

/// A stream buffer that escapes (escape_terminal_text) what passes through to `target`; a UTF-8
/// sequence cut by a flush waits for its end. Install with TerminalFilter::install.
class TerminalFilter : public std::streambuf {
 public:
  explicit TerminalFilter(std::streambuf* target) : target_(target) {}
  ~TerminalFilter() override;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  void forward(bool all);
  std::streambuf* target_;
  std::string pending_;
};

/// Installs a TerminalFilter on `stream` for its lifetime; restores the stream's buffer after.
class FilteredStream {
 public:
  explicit FilteredStream(std::ostream& stream) : stream_(stream), filter_(stream.rdbuf()), original_(stream.rdbuf()) {
    stream_.rdbuf(&filter_);
  }
  ~FilteredStream() {
    stream_.flush();
    stream_.rdbuf(original_);
  }
  FilteredStream(const FilteredStream&) = delete;
  FilteredStream& operator=(const FilteredStream&) = delete;

 private:
  std::ostream& stream_;
  TerminalFilter filter_;
  std::streambuf* original_;
};

}  // namespace journeysim::cli
