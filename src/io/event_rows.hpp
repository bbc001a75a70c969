#pragma once
// Private to io: turning the CSV records of one piece of an event log into compact records.
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "customer_interner.hpp"
#include "event_csv.hpp"
#include "journeysim/io/event_log.hpp"

namespace journeysim::event_io {

/// Which field holds which column; -1 when absent. From the header row.
struct Columns {
  int customer = -1, timestamp = -1, stage = -1, segment = -1, revenue = -1;
  std::size_t count = 0;                ///< fields per row
  std::vector<std::string> names;       ///< header names, in file order
};

/// Parses the header record; InputError when a required column is missing or repeated.
/// `names` gives the header name of a role when it differs from the role (--columns).
Columns read_header(const std::vector<Field>& fields, const std::string& file, std::vector<std::string>& ignored,
                    const std::map<std::string, std::string>& names = {});

/// What the reader needs to know to convert rows; shared read-only by all pieces.
struct RowContext {
  std::string file;
  Columns columns;
  const std::vector<std::string>* stage_ids = nullptr;
  const std::vector<std::string>* known_segments = nullptr;  ///< empty: collect any
  const std::vector<std::pair<std::string, std::uint16_t>>* stage_aliases = nullptr;
  const std::vector<std::string>* ignore_stages = nullptr;  ///< matched ignoring ASCII case
  double revenue_scale = 1;
  std::size_t max_bad_rows = 0;
  /// In passes after the first: only rows of customers in buckets [first_bucket, end_bucket)
  /// are converted; the others (and bad rows, already reported) are counted and skipped.
  bool filter = false;
  std::uint32_t first_bucket = 0, end_bucket = customer_buckets;
};

/// The rows of one piece of a block, before customer ids are interned.
struct Piece {
  const char* begin = nullptr;
  const char* end = nullptr;  ///< lines and columns of bad rows are relative to `begin`
  std::vector<EventRecord> records;     ///< `customer` is filled in by interning
  std::vector<double> revenue;          ///< per record when the column exists
  std::vector<std::uint64_t> hashes;    ///< of each record's customer id
  std::vector<std::string_view> names;  ///< each record's customer id
  std::deque<std::string> owned;        ///< customer ids that needed unescaping
  std::vector<std::uint32_t> by_shard;  ///< record indices grouped by shard
  std::array<std::uint32_t, CustomerInterner::shard_count + 1> shard_begin{};
  std::vector<std::string> local_segments;  ///< when collecting: ids by local index
  std::vector<BadRow> bad;              ///< at most max_bad_rows + 1, in file order
  std::vector<std::uint32_t> lines;     ///< per record, relative to `begin` (1 = its first line)
  std::vector<std::size_t> ignored;     ///< rows per ignore_stages entry
  /// Labels matched only case-insensitively, each once, with its rows and first place.
  struct CaseHit {
    bool segment = false;
    std::string label;
    std::uint16_t index = 0;
    int line = 0, column = 0;
    std::size_t rows = 0;
  };
  std::vector<CaseHit> case_hits;
  int first_line = 1;                   ///< the piece's first line in the file
  std::size_t rows = 0;                 ///< non-blank data rows, good or bad
  int newlines = 0;                     ///< in the piece, quoted ones included

  /// Empties the piece for [begin, end), keeping its buffers' capacity.
  void reset(const char* new_begin, const char* new_end);
};

/// Parses every record of `piece` (tokenize, check, convert) and groups them by shard.
void parse_piece(const RowContext& context, Piece& piece);

}  // namespace journeysim::event_io
