// The event log reader's driver: blocks → pieces (parallel) → interning (parallel by shard)
// → records appended in file order. See event_log.hpp for the guarantees.
#include "journeysim/io/event_log.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>

#include "customer_interner.hpp"
#include "journeysim/model/limits.hpp"
#include "event_csv.hpp"
#include "event_rows.hpp"
#include "text_check.hpp"

namespace journeysim {
namespace {

using namespace event_io;

/// Fills `buffer` from the source; returns the bytes read (0 at the end).
using Source = std::function<std::size_t(char* buffer, std::size_t capacity)>;

/// State carried from block to block.
struct Reader {
  EventLog log;
  RowContext context;
  EventLogOptions options;
  CustomerInterner interner;
  std::vector<std::uint16_t> segment_remap;
  std::size_t bad_rows = 0;
  bool header_done = false;
  std::vector<Piece> pieces;  // reused from block to block, buffers and all
};

/// Cuts [0, end) of a block into pieces at record boundaries, reusing `pool`'s buffers:
/// chunk j nominally starts at j * piece_bytes and really at the first record boundary after
/// that, found from the quote parity at the nominal start (`chunk_quotes` = quotes per chunk).
std::size_t cut_pieces(const char* block, std::size_t end, std::size_t piece_bytes,
                       const std::vector<std::size_t>& chunk_quotes, std::vector<Piece>& pool) {
  const std::size_t chunks = (end + piece_bytes - 1) / piece_bytes;
  std::vector<const char*> begins(chunks);
  std::size_t quotes = 0;
  for (std::size_t j = 0; j < chunks; ++j) {
    std::size_t passed = 0;
    begins[j] = j == 0 ? block : next_boundary(block + j * piece_bytes, block + end, quotes % 2 == 1, passed);
    quotes += chunk_quotes[j];
  }
  std::size_t count = 0;
  for (std::size_t j = 0; j < chunks; ++j) {
    const char* stop = j + 1 < chunks ? begins[j + 1] : block + end;
    if (stop <= begins[j]) continue;  // a long record swallowed this chunk
    if (count == pool.size()) pool.emplace_back();
    pool[count].reset(begins[j], stop);
    ++count;
  }
  return count;
}

/// Bad rows of the block in file order: recorded, or the error once past the limit.
/// Piece lines are relative to the piece; `line` is the block's first line, and the result
/// the line after the block.
int account_bad_rows(Reader& reader, std::vector<Piece>& pieces, std::size_t count, int line) {
  for (std::size_t p = 0; p < count; ++p) {
    Piece& piece = pieces[p];
    reader.log.rows += piece.rows;
    for (BadRow& bad : piece.bad) {
      bad.where.line += line - 1;
      if (++reader.bad_rows > reader.options.max_bad_rows) {
        const std::size_t limit = reader.options.max_bad_rows;
        throw InputError(limit == 0 ? bad.message
                                    : bad.message + " (bad row " + std::to_string(limit + 1) +
                                          "; --max-bad-rows allows " + std::to_string(limit) + ")",
                         bad.where);
      }
      if (reader.options.on_skipped) reader.options.on_skipped(bad);
      reader.log.skipped.push_back(std::move(bad));
    }
    line += piece.newlines;
  }
  return line;
}

/// Maps each piece's local segment ids to global ones, in file order of first appearance.
void number_segments(Reader& reader, std::vector<Piece>& pieces, std::size_t count) {
  for (std::size_t p = 0; p < count; ++p) {
    Piece& piece = pieces[p];
    if (piece.local_segments.empty()) continue;
    std::vector<std::uint16_t> remap;
    for (const auto& id : piece.local_segments) {
      std::size_t g = 0;
      while (g < reader.log.segments.size() && reader.log.segments[g] != id) ++g;
      if (g == reader.log.segments.size()) reader.log.segments.push_back(id);
      remap.push_back(static_cast<std::uint16_t>(g));
    }
    for (EventRecord& record : piece.records)
      if (record.segment != EventRecord::no_segment) record.segment = remap[record.segment];
  }
}

/// Parses [0, end) of a block (which starts at a record boundary at line `line`); `quotes`
/// are the counts per chunk of `piece_bytes`. Returns the line after the block.
int process_block(Reader& reader, const char* block, std::size_t end, int line, const std::vector<std::size_t>& quotes) {
  const std::size_t piece_bytes = std::max<std::size_t>(reader.options.piece_bytes, 1);
  std::vector<Piece>& pieces = reader.pieces;
  const std::size_t count = cut_pieces(block, end, piece_bytes, quotes, pieces);
  tbb::parallel_for(std::size_t{0}, count, [&](std::size_t i) { parse_piece(reader.context, pieces[i]); });
  line = account_bad_rows(reader, pieces, count, line);
  number_segments(reader, pieces, count);
  // Interning: one task per shard walks the pieces in order, so first appearance is file order.
  tbb::parallel_for(std::uint32_t{0}, CustomerInterner::shard_count, [&](std::uint32_t s) {
    for (std::size_t p = 0; p < count; ++p) {
      Piece& piece = pieces[p];
      for (std::uint32_t k = piece.shard_begin[s]; k < piece.shard_begin[s + 1]; ++k) {
        const std::uint32_t i = piece.by_shard[k];
        piece.records[i].customer = reader.interner.intern(piece.hashes[i], piece.names[i]);
      }
    }
  });
  // Append in file order; the copies themselves run in parallel.
  std::vector<std::size_t> offsets(count + 1, reader.log.events.size());
  for (std::size_t p = 0; p < count; ++p) offsets[p + 1] = offsets[p] + pieces[p].records.size();
  reader.log.events.resize(offsets[count]);
  if (reader.log.has_revenue_column) reader.log.revenue.resize(offsets[count]);
  tbb::parallel_for(std::size_t{0}, count, [&](std::size_t p) {
    std::copy(pieces[p].records.begin(), pieces[p].records.end(), reader.log.events.begin() + static_cast<std::ptrdiff_t>(offsets[p]));
    // Without a revenue column both vectors are empty, and begin() + offset on an empty
    // vector is undefined (UBSan, found by fuzz_events).
    if (reader.log.has_revenue_column)
      std::copy(pieces[p].revenue.begin(), pieces[p].revenue.end(), reader.log.revenue.begin() + static_cast<std::ptrdiff_t>(offsets[p]));
  });
  return line;
}

/// Reads the header record at the start of the text; returns where the data starts.
std::size_t process_header(Reader& reader, const char* block, std::size_t end) {
  std::size_t start = 0;
  if (end >= 3 && std::memcmp(block, "\xEF\xBB\xBF", 3) == 0) start = 3;  // UTF-8 byte order mark
  Cursor cursor{block + start, block + end, block + start, 1};
  std::vector<Field> fields;
  std::string scratch;
  QuoteProblem problem;
  if (!read_record(cursor, fields, scratch, problem))
    throw InputError(problem.message, SourceLocation{reader.log.file, problem.line, problem.column});
  reader.context.columns = read_header(fields, reader.log.file, reader.log.ignored_columns);
  reader.log.has_revenue_column = reader.context.columns.revenue >= 0;
  reader.log.has_segment_column = reader.context.columns.segment >= 0;
  reader.header_done = true;
  return static_cast<std::size_t>(cursor.p - block);
}

EventLog read_blocks(const std::string& file, const std::vector<std::string>& stage_ids,
                     const EventLogOptions& options, std::size_t size_hint, const Source& source) {
  auto reader = std::make_unique<Reader>();
  reader->log.file = file;
  reader->log.stage_ids = stage_ids;
  reader->options = options;
  reader->context.file = file;
  reader->context.stage_ids = &reader->log.stage_ids;
  reader->context.known_segments = &reader->options.known_segments;
  reader->context.max_bad_rows = options.max_bad_rows;
  if (!options.known_segments.empty()) reader->log.segments = options.known_segments;

  const std::size_t piece_bytes = std::max<std::size_t>(options.piece_bytes, 1);
  std::vector<char> buffer(std::max<std::size_t>(options.block_bytes, 16));
  std::size_t filled = 0;
  int line = 1;
  bool more = true;
  while (more) {
    const std::size_t got = source(buffer.data() + filled, buffer.size() - filled);
    more = got > 0;
    filled += got;
    reader->log.bytes += got;
    if (!reader->header_done) {
      std::size_t passed = 0;
      const char* header_end = next_boundary(buffer.data(), buffer.data() + filled, false, passed);
      // A header is a few hundred bytes. Megabytes without a newline are no CSV header, and
      // reading one kept every "column" name (a 50 MB line took 2.3 GB; bad-input corpus).
      if (static_cast<std::size_t>(header_end - buffer.data()) > limits::csv_header_bytes)
        throw InputError("the first line is longer than " + std::to_string(limits::csv_header_bytes) +
                             " bytes: expected a header row (customer_id,timestamp,stage,...)",
                         SourceLocation{file, 1, 1});
      if (more && header_end == buffer.data() + filled) {
        if (filled == buffer.size()) buffer.resize(buffer.size() * 2);  // the header must be whole
        continue;
      }
      if (filled == 0) throw InputError("the file is empty: expected a header row", SourceLocation{file, 0, 0});
      text::check_not_wide_text(std::string_view(buffer.data(), filled), file);
      const std::size_t start = process_header(*reader, buffer.data(), filled);
      line = 1 + static_cast<int>(std::count(buffer.data(), buffer.data() + start, '\n'));
      std::memmove(buffer.data(), buffer.data() + start, filled - start);
      filled -= start;
    }
    // Quote counts per chunk, in parallel: they give the cut at the last complete record and
    // the piece boundaries.
    const std::size_t chunks = (filled + piece_bytes - 1) / piece_bytes;
    std::vector<std::size_t> quotes(chunks);
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t j) {
      quotes[j] = count_quotes(buffer.data() + j * piece_bytes, buffer.data() + std::min(filled, (j + 1) * piece_bytes));
    });
    std::size_t total_quotes = 0;
    for (std::size_t q : quotes) total_quotes += q;
    // Only complete records are parsed; the tail waits for the next read (or the end).
    const char* cut = more ? last_boundary(buffer.data(), buffer.data() + filled, total_quotes % 2 == 1)
                           : buffer.data() + filled;
    const std::size_t end = static_cast<std::size_t>(cut - buffer.data());
    if (end == 0 && more) {
      if (filled == buffer.size()) buffer.resize(buffer.size() * 2);  // one record fills the block
      continue;
    }
    const std::size_t end_chunks = (end + piece_bytes - 1) / piece_bytes;
    quotes.resize(end_chunks);
    if (end_chunks > 0)  // the last chunk now stops at `end`
      quotes.back() = count_quotes(buffer.data() + (end_chunks - 1) * piece_bytes, buffer.data() + end);
    line = process_block(*reader, buffer.data(), end, line, quotes);
    // end > 0: a header-only file reaches here with nothing parsed, and 0/0 cast to size_t is
    // undefined (it threw length_error from reserve; found by the bad-input corpus).
    if (size_hint > 0 && end > 0 && reader->log.events.capacity() == 0 && end < size_hint) {
      // Reserve for the whole file from the first block's density, so appending never copies.
      const double per_byte = static_cast<double>(reader->log.events.size()) / static_cast<double>(end);
      const auto expected = static_cast<std::size_t>(per_byte * static_cast<double>(size_hint) * 1.02) + 1024;
      reader->log.events.reserve(expected);
      if (reader->log.has_revenue_column) reader->log.revenue.reserve(expected);
    }
    std::memmove(buffer.data(), buffer.data() + end, filled - end);
    filled -= end;
  }
  reader->interner.finish(reader->log.customers);
  std::vector<EventRecord>& events = reader->log.events;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, events.size(), std::size_t{1} << 16),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      for (std::size_t i = range.begin(); i < range.end(); ++i)
                        events[i].customer = reader->interner.dense(events[i].customer);
                    });
  return std::move(reader->log);
}

}  // namespace

EventLog read_event_log(const std::string& path, const std::vector<std::string>& stage_ids,
                        const EventLogOptions& options) {
  const SourceLocation where{path, 0, 0};
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw InputError("no such file", where);
  if (std::filesystem::is_directory(status)) throw InputError("is a directory, not a file", where);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!in) throw InputError(std::string("cannot be read: ") + std::strerror(errno), where);
  const auto size = static_cast<std::size_t>(std::filesystem::file_size(path, ec));
  return read_blocks(path, stage_ids, options, ec ? 0 : size, [&](char* buffer, std::size_t capacity) {
    const std::size_t got = std::fread(buffer, 1, capacity, in.get());
    if (got == 0 && std::ferror(in.get())) throw InputError("read error", where);
    return got;
  });
}

EventLog parse_event_log(std::string_view text, const std::string& file,
                         const std::vector<std::string>& stage_ids, const EventLogOptions& options) {
  std::size_t offset = 0;
  return read_blocks(file, stage_ids, options, text.size(), [&](char* buffer, std::size_t capacity) {
    const std::size_t n = std::min(capacity, text.size() - offset);
    std::memcpy(buffer, text.data() + offset, n);
    offset += n;
    return n;
  });
}

}  // namespace journeysim
