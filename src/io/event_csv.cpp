#include "event_csv.hpp"

#include <algorithm>
#include <cstring>

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
  const auto remaining = static_cast<std::size_t>(c.end - c.p);
  const char* newline = static_cast<const char*>(std::memchr(c.p, '\n', remaining));
  const char* line_end = newline ? newline : c.end;
  if (std::memchr(c.p, '"', static_cast<std::size_t>(line_end - c.p))) return false;
  const char* stop = line_end > c.p && line_end[-1] == '\r' ? line_end - 1 : line_end;  // CRLF
  const char* p = c.p;
  while (true) {
    const char* comma = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(stop - p)));
    const char* field_end = comma ? comma : stop;
    fields.push_back({std::string_view(p, static_cast<std::size_t>(field_end - p)), c.line, column_of(c, p)});
    if (!comma) break;
    p = comma + 1;
  }
  if (newline) {
    newline_at(c, newline);
    c.p = newline + 1;
  } else {
    c.p = c.end;
  }
  return true;
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
