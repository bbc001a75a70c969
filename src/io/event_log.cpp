// The event log reader's driver: passes → blocks → pieces (parallel) → interning (parallel
// by shard) → the kept buckets' records appended in file order. See event_log.hpp for the guarantees.
#include "journeysim/io/event_log.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>

#include "customer_interner.hpp"
#include "journeysim/core/parallel.hpp"
#include "journeysim/model/limits.hpp"
#include "event_csv.hpp"
#include "event_repeats.hpp"
#include "event_rows.hpp"
#include "text_check.hpp"
#include "journeysim/io/source_file.hpp"

namespace journeysim {
namespace {

using namespace event_io;

/// Fills `buffer` from the source; returns the bytes read (0 at the end).
using Source = std::function<std::size_t(char* buffer, std::size_t capacity)>;

/// Opens the input again for each pass.
using SourceFactory = std::function<Source()>;

/// State carried from block to block and from pass to pass.
struct Reader {
  EventLog log;
  RowContext context;
  EventLogOptions options;
  CustomerInterner interner;
  std::size_t bad_rows = 0;
  bool header_done = false;
  std::vector<Piece> pieces;  // reused from block to block, buffers and all
  /// Whole: every event in log.events, in file order, in one pass. Otherwise the events of
  /// buckets [first_bucket, end_bucket) are kept in `buckets`, each in file order.
  bool whole = false;
  bool first_pass = true;  // the first pass also interns, counts and checks every row
  std::uint32_t first_bucket = 0, end_bucket = customer_buckets;
  std::size_t max_bytes = 0;  // bytes of kept events' storage (options.max_event_bytes; max = no limit)
  std::size_t bytes_per_event = sizeof(EventRecord);  // + a double with a revenue column
  std::array<std::size_t, customer_buckets> bucket_total{};  // good events per bucket (first pass)
  std::vector<BucketEvents> buckets = std::vector<BucketEvents>(customer_buckets);
  std::size_t pass_rows = 0;  // rows read in this pass, good or bad

  bool keeps(std::uint32_t bucket) const { return !whole && bucket >= first_bucket && bucket < end_bucket; }
  void keep(std::uint32_t bucket, const EventRecord& record, const Piece& piece, std::uint32_t i) {
    BucketEvents& kept = buckets[bucket];
    kept.events.push_back(record);
    kept.lines.push_back(static_cast<std::uint32_t>(piece.first_line - 1) + piece.lines[i]);
    if (log.has_revenue_column) kept.revenue.push_back(piece.revenue[i]);
  }
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
    const char* nominal = block + j * piece_bytes;
    // A record that runs past this chunk's start already gave its end as the previous begin:
    // searching again would rescan it once per chunk it spans (quadratic in a 50 MB field).
    if (j > 0 && begins[j - 1] > nominal) begins[j] = begins[j - 1];
    else begins[j] = j == 0 ? block : next_boundary(nominal, block + end, quotes % 2 == 1, passed);
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
/// Piece lines are relative to the piece, whose first line is `first_line`.
void account_bad_rows(Reader& reader, std::vector<Piece>& pieces, std::size_t count) {
  for (std::size_t p = 0; p < count; ++p) {
    Piece& piece = pieces[p];
    reader.log.rows += piece.rows;
    for (BadRow& bad : piece.bad) {
      bad.where.line += piece.first_line - 1;
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
  }
}

/// First pass: rows of ignored stages and labels matched only case-insensitively, in file order.
void account_labels(Reader& reader, const std::vector<Piece>& pieces, std::size_t count) {
  EventLog& log = reader.log;
  for (std::size_t p = 0; p < count; ++p) {
    const Piece& piece = pieces[p];
    for (std::size_t k = 0; k < piece.ignored.size(); ++k) {
      log.ignored_stages[k].rows += piece.ignored[k];
      log.ignored_rows += piece.ignored[k];
    }
    for (const Piece::CaseHit& hit : piece.case_hits) {
      const std::string kind = hit.segment ? "segment" : "stage";
      auto same = [&](const CaseMatch& m) { return m.kind == kind && m.label == hit.label; };
      auto it = std::find_if(log.case_matches.begin(), log.case_matches.end(), same);
      if (it == log.case_matches.end()) {
        const std::string& id = hit.segment ? reader.options.known_segments[hit.index] : log.stage_ids[hit.index];
        log.case_matches.push_back(
            {kind, hit.label, id, 0, SourceLocation{log.file, hit.line + piece.first_line - 1, hit.column}});
        it = log.case_matches.end() - 1;
      }
      it->rows += hit.rows;
    }
  }
}

/// A later pass found what the first did not: the input changed in between.
[[noreturn]] void throw_changed(const Reader& reader, const std::string& what) {
  throw InputError("the file changed while it was being read (" + what + " in pass " +
                       std::to_string(reader.log.passes) + ")",
                   SourceLocation{reader.log.file, 0, 0});
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
      if (g == reader.log.segments.size()) {
        if (!reader.first_pass) throw_changed(reader, "segment '" + id + "' is new");
        reader.log.segments.push_back(id);
      }
      remap.push_back(static_cast<std::uint16_t>(g));
    }
    for (EventRecord& record : piece.records)
      if (record.segment != EventRecord::no_segment) record.segment = remap[record.segment];
  }
}

/// First pass: every customer id to its packed key (new ids are added), and the records of
/// kept buckets appended to them. One task per shard walks the pieces in order, so first
/// appearance is file order, and it alone appends to its shard's buckets.
void intern_customers(Reader& reader, std::vector<Piece>& pieces, std::size_t count) {
  parallel_for(std::uint32_t{0}, CustomerInterner::shard_count, [&](std::uint32_t s) {
    // Exports often list a customer's events together: the same id as the shard's previous
    // row skips the table (ids stay valid for the whole block).
    std::uint64_t last_hash = 0;
    std::string_view last_name;
    std::uint32_t last_key = 0;
    bool have_last = false;
    for (std::size_t p = 0; p < count; ++p) {
      Piece& piece = pieces[p];
      for (std::uint32_t k = piece.shard_begin[s]; k < piece.shard_begin[s + 1]; ++k) {
        const std::uint32_t i = piece.by_shard[k];
        if (!have_last || piece.hashes[i] != last_hash || piece.names[i] != last_name) {
          last_key = reader.interner.intern(piece.hashes[i], piece.names[i]);
          last_hash = piece.hashes[i];
          last_name = piece.names[i];
          have_last = true;
        }
        piece.records[i].customer = last_key;
        const std::uint32_t bucket = CustomerInterner::bucket_of(piece.hashes[i]);
        ++reader.bucket_total[bucket];  // the bucket belongs to this shard: no other task writes it
        if (reader.keeps(bucket)) reader.keep(bucket, piece.records[i], piece, i);
      }
    }
  });
}

/// Later passes: the dense index of each record's customer (parse_piece kept only the
/// pass's buckets), all known since the first pass, and the record appended to its bucket.
/// An unknown customer means the file changed between passes.
void find_customers(Reader& reader, std::vector<Piece>& pieces, std::size_t count) {
  parallel_for(std::uint32_t{0}, CustomerInterner::shard_count, [&](std::uint32_t s) {
    for (std::size_t p = 0; p < count; ++p) {
      Piece& piece = pieces[p];
      for (std::uint32_t k = piece.shard_begin[s]; k < piece.shard_begin[s + 1]; ++k) {
        const std::uint32_t i = piece.by_shard[k];
        const std::uint32_t bucket = CustomerInterner::bucket_of(piece.hashes[i]);
        if (!reader.keeps(bucket)) continue;
        piece.records[i].customer = reader.interner.find(piece.hashes[i], piece.names[i], reader.log.customers);
        if (piece.records[i].customer == CustomerInterner::not_found)
          throw_changed(reader, "customer '" + std::string(piece.names[i]) + "' is new");
        const UtcMillis time = piece.records[i].time;
        if (time < reader.log.earliest || time > reader.log.latest)
          throw_changed(reader, "an event at " + format_iso_timestamp(time) + " is outside the first pass's range");
        reader.keep(bucket, piece.records[i], piece, i);
      }
    }
  });
}

/// Time range and count of the block's good rows (first pass); pieces in parallel.
void tally_rows(Reader& reader, const std::vector<Piece>& pieces, std::size_t count) {
  struct Range {
    UtcMillis earliest = std::numeric_limits<UtcMillis>::max(), latest = std::numeric_limits<UtcMillis>::min();
  };
  std::vector<Range> ranges(count);
  parallel_for(std::size_t{0}, count, [&](std::size_t p) {
    for (const EventRecord& record : pieces[p].records) {
      ranges[p].earliest = std::min(ranges[p].earliest, record.time);
      ranges[p].latest = std::max(ranges[p].latest, record.time);
    }
  });
  for (std::size_t p = 0; p < count; ++p) {
    if (pieces[p].records.empty()) continue;
    const bool none_yet = reader.log.good_rows == 0;
    reader.log.earliest = none_yet ? ranges[p].earliest : std::min(reader.log.earliest, ranges[p].earliest);
    reader.log.latest = none_yet ? ranges[p].latest : std::max(reader.log.latest, ranges[p].latest);
    reader.log.good_rows += pieces[p].records.size();
  }
}

/// Whole log: appends the block's records in file order (the copies run in parallel).
void append_whole(Reader& reader, std::vector<Piece>& pieces, std::size_t count) {
  std::vector<std::size_t> offsets(count + 1, reader.log.events.size());
  for (std::size_t p = 0; p < count; ++p) offsets[p + 1] = offsets[p] + pieces[p].records.size();
  reader.log.events.resize(offsets[count]);
  reader.log.lines.resize(offsets[count]);
  if (reader.log.has_revenue_column) reader.log.revenue.resize(offsets[count]);
  parallel_for(std::size_t{0}, count, [&](std::size_t p) {
    std::copy(pieces[p].records.begin(), pieces[p].records.end(), reader.log.events.begin() + static_cast<std::ptrdiff_t>(offsets[p]));
    const auto first = static_cast<std::uint32_t>(pieces[p].first_line - 1);
    std::transform(pieces[p].lines.begin(), pieces[p].lines.end(),
                   reader.log.lines.begin() + static_cast<std::ptrdiff_t>(offsets[p]),
                   [first](std::uint32_t line) { return first + line; });
    // Without a revenue column both vectors are empty, and begin() + offset on an empty
    // vector is undefined (UBSan, found by fuzz_events).
    if (reader.log.has_revenue_column)
      std::copy(pieces[p].revenue.begin(), pieces[p].revenue.end(), reader.log.revenue.begin() + static_cast<std::ptrdiff_t>(offsets[p]));
  });
}

/// Bytes a kept bucket holds (its vectors' capacity, which is what memory is).
std::size_t held_bytes(const BucketEvents& kept) {
  return kept.events.capacity() * sizeof(EventRecord) + kept.revenue.capacity() * sizeof(double) +
         kept.lines.capacity() * sizeof(std::uint32_t);
}

/// First pass, after each block: past the memory limit, keeps fewer buckets, the most whose
/// storage fits (at least one) — so the pass holds at most the limit plus one block's events.
void limit_kept_buckets(Reader& reader) {
  std::size_t total = 0;
  for (std::uint32_t b = reader.first_bucket; b < reader.end_bucket; ++b) total += held_bytes(reader.buckets[b]);
  if (total <= reader.max_bytes) return;
  std::uint32_t fit = reader.first_bucket + 1;
  for (total = held_bytes(reader.buckets[reader.first_bucket]); fit < reader.end_bucket; ++fit) {
    total += held_bytes(reader.buckets[fit]);
    if (total > reader.max_bytes) break;
  }
  for (std::uint32_t b = fit; b < reader.end_bucket; ++b) reader.buckets[b] = BucketEvents{};
  reader.end_bucket = fit;
}

/// Later passes: the first pass counted every bucket's events, so the pass takes the most
/// buckets that fit (at least one) and reserves exactly what they need.
void plan_pass(Reader& reader) {
  std::uint32_t end = reader.first_bucket + 1;
  std::size_t total = reader.bucket_total[reader.first_bucket] * reader.bytes_per_event;
  while (end < customer_buckets && total + reader.bucket_total[end] * reader.bytes_per_event <= reader.max_bytes)
    total += reader.bucket_total[end++] * reader.bytes_per_event;
  reader.end_bucket = end;
  for (std::uint32_t b = reader.first_bucket; b < end; ++b) {
    reader.buckets[b].events.reserve(reader.bucket_total[b]);
    reader.buckets[b].lines.reserve(reader.bucket_total[b]);
    if (reader.log.has_revenue_column) reader.buckets[b].revenue.reserve(reader.bucket_total[b]);
  }
}

/// Parses [0, end) of a block (which starts at a record boundary at line `line`); `quotes`
/// are the counts per chunk of `piece_bytes`. Returns the line after the block.
int process_block(Reader& reader, const char* block, std::size_t end, int line, const std::vector<std::size_t>& quotes) {
  const std::size_t piece_bytes = std::max<std::size_t>(reader.options.piece_bytes, 1);
  std::vector<Piece>& pieces = reader.pieces;
  const std::size_t count = cut_pieces(block, end, piece_bytes, quotes, pieces);
  parallel_for(std::size_t{0}, count, [&](std::size_t i) {
    parse_piece(reader.context, pieces[i]);
  });
  for (std::size_t p = 0; p < count; ++p) {
    reader.pass_rows += pieces[p].rows;
    pieces[p].first_line = line;
    line += pieces[p].newlines;
  }
  // Bad rows were reported and counted in the first pass; later passes skip them silently.
  if (reader.first_pass) {
    account_bad_rows(reader, pieces, count);
    account_labels(reader, pieces, count);
  }
  number_segments(reader, pieces, count);
  if (reader.first_pass) {
    tally_rows(reader, pieces, count);
    intern_customers(reader, pieces, count);
  } else {
    find_customers(reader, pieces, count);
  }
  if (reader.whole) append_whole(reader, pieces, count);
  else if (reader.first_pass) limit_kept_buckets(reader);
  return line;
}

/// Reserves room for the whole pass from the first block's density (`scale` = input size /
/// block size), so appending never copies; kept buckets never beyond the memory limit.
void reserve_from_first_block(Reader& reader, double scale) {
  auto expected = [&](std::size_t seen) { return static_cast<std::size_t>(static_cast<double>(seen) * scale * 1.05) + 64; };
  if (reader.whole) {
    reader.log.events.reserve(expected(reader.log.events.size()));
    reader.log.lines.reserve(expected(reader.log.events.size()));
    if (reader.log.has_revenue_column) reader.log.revenue.reserve(expected(reader.log.events.size()));
    return;
  }
  const std::size_t share = reader.max_bytes / reader.bytes_per_event / (reader.end_bucket - reader.first_bucket);
  for (std::uint32_t b = reader.first_bucket; b < reader.end_bucket; ++b) {
    BucketEvents& kept = reader.buckets[b];
    const std::size_t room = std::min(expected(kept.events.size()), share);
    kept.events.reserve(room);
    kept.lines.reserve(room);
    if (reader.log.has_revenue_column) kept.revenue.reserve(room);
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
  std::vector<std::string> ignored;
  reader.context.columns = read_header(fields, reader.log.file, ignored, reader.options.column_names);
  if (reader.first_pass) reader.log.ignored_columns = std::move(ignored);
  reader.log.has_revenue_column = reader.context.columns.revenue >= 0;
  reader.bytes_per_event =
      sizeof(EventRecord) + sizeof(std::uint32_t) + (reader.log.has_revenue_column ? sizeof(double) : 0);
  reader.log.has_segment_column = reader.context.columns.segment >= 0;
  reader.header_done = true;
  return static_cast<std::size_t>(cursor.p - block);
}

/// The bytes of one pass that are read but not yet parsed, and the line they start on.
struct PassBuffer {
  std::vector<char> bytes;
  std::size_t filled = 0;
  int line = 1;

  char* begin() { return bytes.data(); }
  char* end() { return bytes.data() + filled; }
  /// Doubles the buffer when it is full, so a header or record longer than a block still fits.
  void grow_if_full() {
    if (filled == bytes.size()) bytes.resize(bytes.size() * 2);
  }
  void drop_front(std::size_t n) {
    std::memmove(bytes.data(), bytes.data() + n, filled - n);
    filled -= n;
  }
};

/// Parses the header once the buffer holds all of it and drops it; false while more bytes are
/// needed (`more`: the source is not exhausted).
bool take_header(Reader& reader, PassBuffer& buffer, bool more) {
  const std::string& file = reader.log.file;
  std::size_t passed = 0;
  const char* header_end = next_boundary(buffer.begin(), buffer.end(), false, passed);
  // A header is a few hundred bytes. Megabytes without a newline are no CSV header, and
  // reading one kept every "column" name (a 50 MB line took 2.3 GB; bad-input corpus).
  if (static_cast<std::size_t>(header_end - buffer.begin()) > limits::csv_header_bytes)
    throw InputError("the first line is longer than " + std::to_string(limits::csv_header_bytes) +
                         " bytes: expected a header row (customer_id,timestamp,stage,...)",
                     SourceLocation{file, 1, 1});
  if (more && header_end == buffer.end()) {
    buffer.grow_if_full();  // the header must be whole
    return false;
  }
  if (buffer.filled == 0) throw InputError("the file is empty: expected a header row", SourceLocation{file, 0, 0});
  text::check_not_wide_text(std::string_view(buffer.begin(), buffer.filled), file);
  const std::size_t start = process_header(reader, buffer.begin(), buffer.filled);
  buffer.line = 1 + static_cast<int>(std::count(buffer.begin(), buffer.begin() + start, '\n'));
  buffer.drop_front(start);
  return true;
}

/// Parses every complete record in the buffer (everything once the source is exhausted) and
/// returns how many bytes that was; 0 while one record is longer than the buffer.
std::size_t parse_complete_records(Reader& reader, PassBuffer& buffer, bool more) {
  const std::size_t piece_bytes = std::max<std::size_t>(reader.options.piece_bytes, 1);
  char* data = buffer.begin();
  const std::size_t filled = buffer.filled;
  // Quote counts per chunk, in parallel: they give the cut at the last complete record and
  // the piece boundaries.
  const std::size_t chunks = (filled + piece_bytes - 1) / piece_bytes;
  std::vector<std::size_t> quotes(chunks);
  parallel_for(std::size_t{0}, chunks, [&](std::size_t j) {
    quotes[j] = count_quotes(data + j * piece_bytes, data + std::min(filled, (j + 1) * piece_bytes));
  });
  std::size_t total_quotes = 0;
  for (std::size_t q : quotes) total_quotes += q;
  // Only complete records are parsed; the tail waits for the next read (or the end).
  const char* cut = more ? last_boundary(data, data + filled, total_quotes % 2 == 1) : data + filled;
  const std::size_t end = static_cast<std::size_t>(cut - data);
  if (end == 0 && more) {
    buffer.grow_if_full();  // one record fills the block
    return 0;
  }
  const std::size_t end_chunks = (end + piece_bytes - 1) / piece_bytes;
  quotes.resize(end_chunks);
  if (end_chunks > 0)  // the last chunk now stops at `end`
    quotes.back() = count_quotes(data + (end_chunks - 1) * piece_bytes, data + end);
  buffer.line = process_block(reader, data, end, buffer.line, quotes);
  return end;
}

/// One pass over the input: keeps the events of buckets [first_bucket, end_bucket) (fewer if
/// they do not fit) in reader.log.events, customers as packed keys in the first pass.
void read_pass(Reader* reader, std::size_t size_hint, const Source& source) {
  reader->header_done = false;
  reader->pass_rows = 0;
  reader->log.passes += 1;
  PassBuffer buffer;
  buffer.bytes.resize(std::max<std::size_t>(reader->options.block_bytes, 16));
  bool more = true;
  bool reserved = false;
  while (more) {
    const std::size_t got = source(buffer.end(), buffer.bytes.size() - buffer.filled);
    more = got > 0;
    buffer.filled += got;
    if (reader->first_pass) reader->log.bytes += got;
    if (!reader->header_done && !take_header(*reader, buffer, more)) continue;
    const std::size_t parsed = parse_complete_records(*reader, buffer, more);
    // parsed > 0: a header-only file reaches here with nothing parsed, and 0/0 cast to size_t
    // is undefined (it threw length_error from reserve; found by the bad-input corpus).
    if (reader->first_pass && size_hint > 0 && parsed > 0 && !reserved && parsed < size_hint) {
      reserved = true;
      reserve_from_first_block(*reader, static_cast<double>(size_hint) / static_cast<double>(parsed));
    }
    buffer.drop_front(parsed);
  }
}

/// Duplicates and ties within the kept buckets (each holds whole customers), buckets in
/// parallel, merged in bucket order: the same for any thread count.
void drop_batch_repeats(Reader& reader) {
  const std::uint32_t first = reader.first_bucket, count = reader.end_bucket - reader.first_bucket;
  std::vector<RepeatedRows> duplicates(count), ties(count);
  parallel_for(std::uint32_t{0}, count, [&](std::uint32_t k) {
    BucketEvents& bucket = reader.buckets[first + k];
    drop_repeats(bucket.events, bucket.revenue, bucket.lines, duplicates[k], ties[k]);
  });
  for (std::uint32_t k = 0; k < count; ++k) {
    reader.log.duplicates.add(duplicates[k]);
    reader.log.ties.add(ties[k]);
  }
}

/// Reads the input: the whole log in one pass (`whole`), or in as many passes as the memory
/// limit needs, handing each pass's buckets to `consume`.
EventLog read_passes(const std::string& file, const std::vector<std::string>& stage_ids,
                     const EventLogOptions& options, std::size_t size_hint, const SourceFactory& open, bool whole,
                     const EventBatchConsumer& consume) {
  auto reader = std::make_unique<Reader>();
  reader->log.file = file;
  reader->log.stage_ids = stage_ids;
  reader->options = options;
  reader->context.file = file;
  reader->context.stage_ids = &reader->log.stage_ids;
  reader->context.known_segments = &reader->options.known_segments;
  reader->context.max_bad_rows = options.max_bad_rows;
  reader->context.stage_aliases = &reader->options.stage_aliases;
  reader->context.ignore_stages = &reader->options.ignore_stages;
  reader->context.revenue_scale = options.revenue_scale;
  for (const auto& label : options.ignore_stages) reader->log.ignored_stages.push_back({label, 0});
  if (!options.known_segments.empty()) reader->log.segments = options.known_segments;
  reader->whole = whole;
  reader->max_bytes = options.max_event_bytes > 0 && !whole ? options.max_event_bytes
                                                            : std::numeric_limits<std::size_t>::max();

  read_pass(reader.get(), size_hint, open());
  EventLog& log = reader->log;
  reader->interner.finish(log.customers, log.customer_bucket);
  // Packed keys to dense customer indices.
  auto to_dense = [&](std::vector<EventRecord>& events) {
    for (EventRecord& e : events) e.customer = reader->interner.dense(e.customer);
  };
  if (whole) {
    parallel_for_ranges(std::size_t{0}, log.events.size(), std::size_t{1} << 16, [&](const auto& range) {
      for (std::size_t i = range.begin(); i < range.end(); ++i)
        log.events[i].customer = reader->interner.dense(log.events[i].customer);
    });
  } else {
    parallel_for(reader->first_bucket, reader->end_bucket, [&](std::uint32_t b) { to_dense(reader->buckets[b].events); });
  }
  if (whole) {
    drop_repeats(log.events, log.revenue, log.lines, log.duplicates, log.ties);
    return std::move(log);
  }
  reader->first_pass = false;
  while (true) {
    drop_batch_repeats(*reader);
    consume(EventBatch{log, reader->first_bucket, reader->end_bucket, reader->buckets.data() + reader->first_bucket});
    for (std::uint32_t b = reader->first_bucket; b < reader->end_bucket; ++b) reader->buckets[b] = BucketEvents{};
    if (reader->end_bucket == customer_buckets) break;
    reader->first_bucket = reader->end_bucket;
    plan_pass(*reader);
    reader->context.filter = true;
    reader->context.first_bucket = reader->first_bucket;
    reader->context.end_bucket = reader->end_bucket;
    read_pass(reader.get(), size_hint, open());
    if (reader->pass_rows != log.rows)
      throw_changed(*reader, std::to_string(log.rows) + " rows in the first pass, " +
                                 std::to_string(reader->pass_rows));
    std::size_t found = 0, expected = 0;
    for (std::uint32_t b = reader->first_bucket; b < reader->end_bucket; ++b) {
      found += reader->buckets[b].events.size();
      expected += reader->bucket_total[b];
    }
    if (found != expected)  // e.g. rows that were good in the first pass and are bad now
      throw_changed(*reader, std::to_string(expected) + " events of these customers in the first pass, " +
                                 std::to_string(found));
  }
  return std::move(log);
}

/// What identifies a file's contents between passes: an in-place rewrite changes the
/// modification time or size, a replacement the inode.
struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  timespec modified{};
  bool operator==(const FileIdentity& o) const {
    return device == o.device && inode == o.inode && size == o.size && modified.tv_sec == o.modified.tv_sec &&
           modified.tv_nsec == o.modified.tv_nsec;
  }
};

FileIdentity identity_of(const struct stat& st) { return {st.st_dev, st.st_ino, st.st_size, st.st_mtim}; }

SourceFactory file_source(const std::string& path, std::size_t& size) {
  const SourceLocation where{path, 0, 0};
  // Opened once, through the one opening check of every input (source_file.hpp): a pipe or a
  // FIFO cannot be opened twice, and later passes must read the same file.
  auto in = std::make_shared<InputFile>(path);
  const bool regular = in->regular();
  const FileIdentity first = identity_of(in->status());
  size = regular ? static_cast<std::size_t>(in->status().st_size) : 0;
  auto opened = std::make_shared<bool>(false);
  return [in, where, regular, first, opened]() -> Source {
    if (*opened) {
      // A later pass reads the file again: a pipe cannot be, and a file that changed would mix
      // two logs.
      if (!regular)
        throw InputError("is not a regular file (a pipe?) and its events do not fit in --event-memory at once: "
                         "reading it in several passes needs a file; save the log to a file or raise "
                         "--event-memory",
                         where);
      struct stat now {};
      if (!in->status_now(now) || !(identity_of(now) == first))
        throw InputError("the file changed while it was being read (its size or modification time differ "
                         "from the first pass)",
                         where);
      if (!in->rewind()) throw InputError("cannot be read again from the start", where);
    }
    *opened = true;
    return [in](char* buffer, std::size_t capacity) { return in->read(buffer, capacity); };
  };
}

SourceFactory text_source(std::string_view text) {
  return [text]() -> Source {
    auto offset = std::make_shared<std::size_t>(0);
    return [text, offset](char* buffer, std::size_t capacity) {
      const std::size_t n = std::min(capacity, text.size() - *offset);
      std::memcpy(buffer, text.data() + *offset, n);
      *offset += n;
      return n;
    };
  };
}

}  // namespace

EventLog read_event_log(const std::string& path, const std::vector<std::string>& stage_ids,
                        const EventLogOptions& options) {
  std::size_t size = 0;
  const SourceFactory open = file_source(path, size);
  return read_passes(path, stage_ids, options, size, open, true, {});
}

EventLog parse_event_log(std::string_view text, const std::string& file,
                         const std::vector<std::string>& stage_ids, const EventLogOptions& options) {
  return read_passes(file, stage_ids, options, text.size(), text_source(text), true, {});
}

EventLog read_event_log_in_batches(const std::string& path, const std::vector<std::string>& stage_ids,
                                   const EventLogOptions& options, const EventBatchConsumer& consume) {
  std::size_t size = 0;
  const SourceFactory open = file_source(path, size);
  return read_passes(path, stage_ids, options, size, open, false, consume);
}

EventLog parse_event_log_in_batches(std::string_view text, const std::string& file,
                                    const std::vector<std::string>& stage_ids, const EventLogOptions& options,
                                    const EventBatchConsumer& consume) {
  return read_passes(file, stage_ids, options, text.size(), text_source(text), false, consume);
}

}  // namespace journeysim
