#include "event_csv.hpp"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace journeysim::event_io {
namespace {

int column_of(const Cursor& c, const char* at) { return static_cast<int>(at - c.line_start) + 1; }

void newline_at(Cursor& c, const char* newline) {
  ++c.line;
  c.line_start = newline + 1;
}

/// Moves the cursor past the record that starts at `record_start` by the parity rule
/// (used to resynchronize after malformed quoting).
void skip_to_record_end(Cursor& c, const char* record_start) {
  bool in_quotes = false;
  c.p = record_start;
  // Lines were already counted up to c.line_start; recount from the record start.
  for (const char* q = record_start; q < c.end; ++q) {
    if (*q == '"') {
      in_quotes = !in_quotes;
    } else if (*q == '\n') {
      if (q >= c.line_start) newline_at(c, q);
      if (!in_quotes) {
        c.p = q + 1;
        return;
      }
    }
  }
  c.p = c.end;
}

/// Where a field's text lives until the record is complete (scratch may still grow).
struct Span {
  bool in_scratch = false;
  std::size_t offset = 0, size = 0;
  const char* data = nullptr;
};

}  // namespace

namespace {

/// The common case, a line without quotes: split at commas with memchr. False (cursor
/// untouched) when the line has a quote and needs the full tokenizer.
bool read_unquoted_line(Cursor& c, std::vector<Field>& fields) {
  // One scan for the three bytes that matter (',', '\n', '"'), 16 bytes at a time where the
  // CPU has SSE2 (every x86-64): this loop is the reader's hottest.
  const char* field_start = c.p;
  // Ends the line at `line_end` (a newline or the end of the text); false on a quote.
  auto finish = [&](const char* line_end) {
    const char* stop = line_end > field_start && line_end[-1] == '\r' ? line_end - 1 : line_end;  // CRLF
    fields.push_back({std::string_view(field_start, static_cast<std::size_t>(stop - field_start)), c.line,
                      column_of(c, field_start)});
    if (line_end < c.end) {
      newline_at(c, line_end);
      c.p = line_end + 1;
    } else {
      c.p = c.end;
    }
    return true;
  };
  // Handles one special byte; returns 1 at the end of the line, -1 on a quote, 0 otherwise.
  auto special = [&](const char* q) {
    if (*q == ',') {
      fields.push_back({std::string_view(field_start, static_cast<std::size_t>(q - field_start)), c.line,
                        column_of(c, field_start)});
      field_start = q + 1;
      return 0;
    }
    return *q == '\n' ? 1 : -1;
  };
  const char* p = c.p;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
  for (; c.end - p >= 16; p += 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(chunk, comma), _mm_cmpeq_epi8(chunk, newline)), _mm_cmpeq_epi8(chunk, quote))));
    for (; mask != 0; mask &= mask - 1) {
      const char* q = p + __builtin_ctz(mask);
      const int what = special(q);
      if (what > 0) return finish(q);
      if (what < 0) return fields.clear(), false;
    }
  }
#endif
  for (; p < c.end; ++p) {
    if (*p != ',' && *p != '\n' && *p != '"') continue;
    const int what = special(p);
    if (what > 0) return finish(p);
    if (what < 0) return fields.clear(), false;
  }
  return finish(c.end);
}

}  // namespace

bool read_record(Cursor& c, std::vector<Field>& fields, std::string& scratch, QuoteProblem& problem) {
  fields.clear();
  if (read_unquoted_line(c, fields)) return true;
  scratch.clear();
  static thread_local std::vector<Span> spans;
  spans.clear();
  const char* const record_start = c.p;
  auto fail = [&](std::string message, int line, int column) {
    problem = {std::move(message), line, column};
    skip_to_record_end(c, record_start);
    fields.clear();
    return false;
  };
  while (true) {
    Field field;
    field.line = c.line;
    field.column = column_of(c, c.p);
    Span span;
    if (c.p < c.end && *c.p == '"') {
      const char* q = c.p + 1;
      const char* piece_start = q;
      const std::size_t scratch_offset = scratch.size();
      bool escaped = false;
      while (true) {
        const char* quote = static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(c.end - q)));
        if (!quote) return fail("unterminated quoted field (no closing '\"')", field.line, field.column);
        for (const char* n = q; n < quote; ++n)
          if (*n == '\n') newline_at(c, n);
        if (quote + 1 < c.end && quote[1] == '"') {  // "" inside quotes is one quote character
          escaped = true;
          scratch.append(piece_start, quote + 1);
          q = piece_start = quote + 2;
          continue;
        }
        if (escaped) {
          scratch.append(piece_start, quote);
          span = {true, scratch_offset, scratch.size() - scratch_offset, nullptr};
        } else {
          span = {false, 0, static_cast<std::size_t>(quote - piece_start), piece_start};
        }
        c.p = quote + 1;
        break;
      }
      if (c.p < c.end && *c.p == '\r' && (c.p + 1 == c.end || c.p[1] == '\n')) ++c.p;  // CRLF
      if (c.p < c.end && *c.p != ',' && *c.p != '\n')
        return fail("unexpected character after the closing quote of a field (a field that starts "
                    "with '\"' must end with '\"')",
                    c.line, column_of(c, c.p));
    } else {
      const char* start = c.p;
      const char* q = start;
      while (q < c.end && *q != ',' && *q != '\n' && *q != '"') ++q;
      if (q < c.end && *q == '"')
        return fail("quote inside an unquoted field (quote the whole field and double the quote: \"\")",
                    c.line, column_of(c, q));
      const char* stop = q;
      if (stop > start && stop[-1] == '\r' && (stop == c.end || *stop == '\n')) --stop;  // CRLF
      span = {false, 0, static_cast<std::size_t>(stop - start), start};
      c.p = q;
    }
    spans.push_back(span);
    fields.push_back(field);
    if (c.p >= c.end) break;
    if (*c.p == ',') {
      ++c.p;
      continue;
    }
    newline_at(c, c.p);  // *c.p == '\n'
    ++c.p;
    break;
  }
  for (std::size_t i = 0; i < fields.size(); ++i)
    fields[i].text = spans[i].in_scratch ? std::string_view(scratch).substr(spans[i].offset, spans[i].size)
                                         : std::string_view(spans[i].data, spans[i].size);
  return true;
}

std::size_t count_quotes(const char* begin, const char* end) {
  // memchr skips quote-free stretches with SIMD; event logs rarely quote anything.
  std::size_t quotes = 0;
  while (begin < end) {
    const void* hit = std::memchr(begin, '"', static_cast<std::size_t>(end - begin));
    if (!hit) break;
    ++quotes;
    begin = static_cast<const char*>(hit) + 1;
  }
  return quotes;
}

const char* next_boundary(const char* p, const char* end, bool in_quotes, std::size_t& newlines) {
  newlines = 0;
  for (; p < end; ++p) {
    if (*p == '"') {
      in_quotes = !in_quotes;
    } else if (*p == '\n') {
      ++newlines;
      if (!in_quotes) return p + 1;
    }
  }
  return end;
}

const char* last_boundary(const char* begin, const char* end, bool in_quotes_at_end) {
  bool in_quotes = in_quotes_at_end;
  for (const char* p = end; p > begin; --p) {
    const char c = p[-1];
    if (c == '"') in_quotes = !in_quotes;
    // Parity before p-1 equals parity after it for a newline: the newline ends a record
    // exactly when the quotes before it are balanced.
    else if (c == '\n' && !in_quotes) return p;
  }
  return begin;
}

}  // namespace journeysim::event_io
