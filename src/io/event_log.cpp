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
#include "event_csv.hpp"
#include "event_rows.hpp"

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
};

/// Cuts [0, end) of a block into pieces at record boundaries; `line0` is the block's first line.
std::vector<Piece> cut_pieces(const char* block, std::size_t end, int line0, std::size_t piece_bytes,
                              const std::vector<std::size_t>& chunk_quotes,
                              const std::vector<std::size_t>& chunk_newlines) {
  const std::size_t chunks = (end + piece_bytes - 1) / piece_bytes;
  std::vector<const char*> begins(chunks);
  std::vector<int> lines(chunks);
  std::size_t quotes = 0, newlines = 0;
  for (std::size_t j = 0; j < chunks; ++j) {
    begins[j] = block + j * piece_bytes;
    lines[j] = line0 + static_cast<int>(newlines);
    if (j > 0) {
      std::size_t passed = 0;
      begins[j] = next_boundary(block + j * piece_bytes, block + end, quotes % 2 == 1, passed);
      lines[j] += static_cast<int>(passed);
    }
    quotes += chunk_quotes[j];
    newlines += chunk_newlines[j];
  }
  std::vector<Piece> pieces;
  for (std::size_t j = 0; j < chunks; ++j) {
    const char* stop = j + 1 < chunks ? begins[j + 1] : block + end;
    if (stop <= begins[j]) continue;  // a long record swallowed this chunk
    Piece piece;
    piece.begin = begins[j];
    piece.end = stop;
    piece.first_line = lines[j];
    pieces.push_back(std::move(piece));
  }
  return pieces;
}

/// Bad rows of the block in file order: recorded, or the error once past the limit.
void account_bad_rows(Reader& reader, std::vector<Piece>& pieces) {
  for (Piece& piece : pieces) {
    reader.log.rows += piece.rows;
    for (BadRow& bad : piece.bad) {
      if (++reader.bad_rows > reader.options.max_bad_rows) {
        const std::size_t limit = reader.options.max_bad_rows;
        throw InputError(limit == 0 ? bad.message
                                    : bad.message + " (bad row " + std::to_string(limit + 1) +
                                          "; --max-bad-rows allows " + std::to_string(limit) + ")",
                         bad.where);
      }
      reader.log.skipped.push_back(std::move(bad));
    }
  }
}

/// Maps each piece's local segment ids to global ones, in file order of first appearance.
void number_segments(Reader& reader, std::vector<Piece>& pieces) {
  for (Piece& piece : pieces) {
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

/// Parses [0, end) of a block (which starts at a record boundary); `quotes` and `newlines`
/// are the counts per chunk of `piece_bytes`.
void process_block(Reader& reader, const char* block, std::size_t end, int line0,
                   const std::vector<std::size_t>& quotes, const std::vector<std::size_t>& newlines) {
  const std::size_t piece_bytes = std::max<std::size_t>(reader.options.piece_bytes, 1);
  std::vector<Piece> pieces = cut_pieces(block, end, line0, piece_bytes, quotes, newlines);
  tbb::parallel_for(std::size_t{0}, pieces.size(), [&](std::size_t i) { parse_piece(reader.context, pieces[i]); });
  account_bad_rows(reader, pieces);
  number_segments(reader, pieces);
  // Interning: one task per shard walks the pieces in order, so first appearance is file order.
  tbb::parallel_for(std::uint32_t{0}, CustomerInterner::shard_count, [&](std::uint32_t s) {
    for (Piece& piece : pieces)
      for (std::uint32_t k = piece.shard_begin[s]; k < piece.shard_begin[s + 1]; ++k) {
        const std::uint32_t i = piece.by_shard[k];
        piece.records[i].customer = reader.interner.intern(piece.hashes[i], piece.names[i]);
      }
  });
  for (Piece& piece : pieces) {
    reader.log.events.insert(reader.log.events.end(), piece.records.begin(), piece.records.end());
    reader.log.revenue.insert(reader.log.revenue.end(), piece.revenue.begin(), piece.revenue.end());
  }
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
                     const EventLogOptions& options, const Source& source) {
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
      if (more && next_boundary(buffer.data(), buffer.data() + filled, false, passed) == buffer.data() + filled) {
        if (filled == buffer.size()) buffer.resize(buffer.size() * 2);  // the header must be whole
        continue;
      }
      if (filled == 0) throw InputError("the file is empty: expected a header row", SourceLocation{file, 0, 0});
      const std::size_t start = process_header(*reader, buffer.data(), filled);
      line = 1 + static_cast<int>(std::count(buffer.data(), buffer.data() + start, '\n'));
      std::memmove(buffer.data(), buffer.data() + start, filled - start);
      filled -= start;
    }
    // Quote and newline counts per chunk, in parallel: they give the cut at the last complete
    // record, the pieces and their first line numbers.
    const std::size_t chunks = (filled + piece_bytes - 1) / piece_bytes;
    std::vector<std::size_t> quotes(chunks), newlines(chunks);
    tbb::parallel_for(std::size_t{0}, chunks, [&](std::size_t j) {
      count_quotes_and_newlines(buffer.data() + j * piece_bytes,
                                buffer.data() + std::min(filled, (j + 1) * piece_bytes), quotes[j], newlines[j]);
    });
    std::size_t total_quotes = 0, total_newlines = 0;
    for (std::size_t j = 0; j < chunks; ++j) total_quotes += quotes[j], total_newlines += newlines[j];
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
    newlines.resize(end_chunks);
    if (end_chunks > 0)  // the last chunk now stops at `end`
      count_quotes_and_newlines(buffer.data() + (end_chunks - 1) * piece_bytes, buffer.data() + end,
                                quotes.back(), newlines.back());
    process_block(*reader, buffer.data(), end, line, quotes, newlines);
    line += static_cast<int>(total_newlines - static_cast<std::size_t>(std::count(cut, static_cast<const char*>(buffer.data() + filled), '\n')));
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
  return read_blocks(path, stage_ids, options, [&](char* buffer, std::size_t capacity) {
    const std::size_t got = std::fread(buffer, 1, capacity, in.get());
    if (got == 0 && std::ferror(in.get())) throw InputError("read error", where);
    return got;
  });
}

EventLog parse_event_log(std::string_view text, const std::string& file,
                         const std::vector<std::string>& stage_ids, const EventLogOptions& options) {
  std::size_t offset = 0;
  return read_blocks(file, stage_ids, options, [&](char* buffer, std::size_t capacity) {
    const std::size_t n = std::min(capacity, text.size() - offset);
    std::memcpy(buffer, text.data() + offset, n);
    offset += n;
    return n;
  });
}

}  // namespace journeysim
