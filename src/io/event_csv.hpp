#pragma once
// Private to io: RFC 4180 CSV tokenizing for the event log reader.
//
// Record boundaries are newlines outside quotes. Quote state is the parity of the number of
// '"' characters since the last boundary, which is what lets the reader cut a block into
// pieces in parallel: a piece boundary is the first newline at even parity after a nominal
// offset. The tokenizer finds a record's end by the same parity rule, so a malformed row can
// never make the pieces and the parser disagree about where records are.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace journeysim::event_io {

/// One field of a record, with the 1-based line and byte column of its first character.
struct Field {
  std::string_view text;  ///< unescaped; quotes removed
  int line = 0;
  int column = 0;
};

/// A position in the text with its line number; `line_start` is where that line begins.
struct Cursor {
  const char* p = nullptr;
  const char* end = nullptr;
  const char* line_start = nullptr;
  int line = 1;
  bool at_end() const { return p >= end; }
};

/// Why a record's quoting is malformed, and where.
struct QuoteProblem {
  std::string message;
  int line = 0;
  int column = 0;
};

/// Reads one record at `cursor` into `fields` (views into the text, or into `scratch` for
/// fields with doubled quotes) and moves the cursor past its newline. A trailing '\r' (CRLF)
/// is not part of the last field. Returns false and fills `problem` when the quoting is
/// malformed; the cursor is then past the record all the same.
bool read_record(Cursor& cursor, std::vector<Field>& fields, std::string& scratch, QuoteProblem& problem);

/// Counts '"' in [begin, end).
std::size_t count_quotes(const char* begin, const char* end);

/// The position just after the first newline outside quotes in [p, end), given whether `p`
/// is inside quotes; `end` when there is none. `newlines` receives the newlines passed.
const char* next_boundary(const char* p, const char* end, bool in_quotes, std::size_t& newlines);

/// The position just after the last newline outside quotes in [begin, end), given whether
/// `end` is inside quotes (parity of all quotes in the block); `begin` when there is none.
const char* last_boundary(const char* begin, const char* end, bool in_quotes_at_end);

}  // namespace journeysim::event_io
