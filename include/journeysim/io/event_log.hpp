#pragma once
/// \file Reading event logs (SPEC §4): CSV rows "customer X entered stage Y at time T".
///
/// The file is streamed in fixed-size blocks, each cut at record boundaries (newlines outside
/// quotes) and parsed in parallel (TBB); only compact 16-byte records and the distinct
/// customer ids are kept, never the text. Results are identical for any thread count and any
/// block size: records stay in file order and customer indices depend only on the data.
///
/// Memory bounded by customers, not rows: customers fall into `customer_buckets` groups by a
/// hash of their id. `read_event_log_in_batches` keeps the events of as many buckets as fit in
/// `EventLogOptions::max_event_bytes` and hands them over bucket range by bucket range, reading
/// the file again for the buckets that did not fit (a pass). Each batch holds every event of
/// its customers, so per-customer work (the panel) never needs the whole log at once.
///
/// Example:
///   EventLog log = read_event_log("events.csv", journey.stage_ids(), {});
///   for (const EventRecord& e : log.events) ... log.stage_ids[e.stage] ...
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/core/civil_time.hpp"
#include "journeysim/core/error.hpp"

namespace journeysim {

/// One event, compact: a customer entered a stage at a time.
struct EventRecord {
  UtcMillis time = 0;           ///< UTC, milliseconds since the epoch
  std::uint32_t customer = 0;   ///< index into EventLog's customer ids
  std::uint16_t stage = 0;      ///< index into the stage ids given to the reader
  std::uint16_t segment = 0;    ///< index into EventLog::segments, or no_segment
  static constexpr std::uint16_t no_segment = std::numeric_limits<std::uint16_t>::max();
};

/// A row that was skipped under --max-bad-rows, with where and why.
struct BadRow {
  SourceLocation where;
  std::string message;
};

/// How to read an event log.
struct EventLogOptions {
  /// Bad rows to skip (each reported in EventLog::skipped); one more is an InputError.
  std::size_t max_bad_rows = 0;
  /// Called for each skipped bad row, in file order, as soon as it is known (so the rows
  /// skipped before a failure past the limit are reported too).
  std::function<void(const BadRow&)> on_skipped;
  /// Segment ids the `segment` column may hold. Empty: any id, collected in file order.
  std::vector<std::string> known_segments;
  /// The header name of each column role (customer_id, timestamp, stage, segment, revenue)
  /// when it is not the role's own name, e.g. {"customer_id", "account_id"} for a CRM export
  /// (`calibrate --columns customer_id=account_id,...`). See parse_column_mapping.
  std::map<std::string, std::string> column_names;
  /// Other labels of stages (a model stage's `aliases`): label → index into the stage ids.
  /// A row's stage is matched exactly against the ids, then the aliases, then — when that
  /// finds nothing — case-insensitively (ASCII), when exactly one stage answers.
  std::vector<std::pair<std::string, std::uint16_t>> stage_aliases;
  /// Stage labels the model does not have whose rows are skipped and counted, not bad
  /// (`calibrate --ignore-stages`); matched case-insensitively (ASCII).
  std::vector<std::string> ignore_stages;
  /// Each revenue value is multiplied by this (the revenue column's period → the model's:
  /// `calibrate --revenue-per`); 1 leaves the values as written.
  double revenue_scale = 1;
  /// Block and piece sizes of the parallel reader; exposed so tests can force tiny blocks
  /// (results do not depend on them).
  std::size_t block_bytes = std::size_t{32} << 20;
  std::size_t piece_bytes = std::size_t{512} << 10;
  /// Bytes of event records kept at once by read_event_log_in_batches (counted as 28 per
  /// event: the record, its revenue and its line); 0 = no limit. At least one bucket is always kept, so a pass makes
  /// progress even when one bucket alone is larger.
  std::size_t max_event_bytes = 0;
};

/// The column roles of an event log, required first: customer_id, timestamp, stage, segment, revenue.
const std::vector<std::string>& event_log_columns();

/// Parses `ROLE=NAME[,ROLE=NAME...]` (the --columns option) into EventLogOptions::column_names;
/// ConfigError naming the problem for an unknown role (with a suggestion), a role given twice,
/// an empty name or two roles mapped to one name.
std::map<std::string, std::string> parse_column_mapping(const std::string& text);

/// Parses `LABEL[,LABEL...]` (the --ignore-stages option; spaces around a label are trimmed);
/// ConfigError for an empty label or one given twice (ignoring case).
std::vector<std::string> parse_ignore_stages(const std::string& text);

/// Customers are grouped into this many buckets by the top bits of their id's hash.
inline constexpr std::uint32_t customer_buckets = 256;

/// Distinct customer ids, by customer index.
class CustomerIds {
 public:
  /// Number of distinct customers.
  std::size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  /// The id of customer `index` (as written in the log, unescaped).
  std::string_view operator[](std::size_t index) const {
    return std::string_view(text_).substr(offsets_[index], offsets_[index + 1] - offsets_[index]);
  }
  /// Appends an id (used by the reader).
  void push_back(std::string_view id) {
    if (offsets_.empty()) offsets_.push_back(0);
    text_.append(id);
    offsets_.push_back(text_.size());
  }

 private:
  std::string text_;
  std::vector<std::size_t> offsets_;
};

/// Rows of one label, e.g. the rows an --ignore-stages entry skipped.
struct LabelRows {
  std::string label;
  std::size_t rows = 0;
};

/// A stage or segment label that matched the model's id only when case is ignored
/// ("Enterprise" → "enterprise"); reported once per label.
struct CaseMatch {
  std::string kind;   ///< "stage" or "segment"
  std::string label;  ///< as written in the log
  std::string id;     ///< the model's id it was read as
  std::size_t rows = 0;
  SourceLocation first;  ///< the first row that has it
};

/// Rows of one customer that share a timestamp: exact duplicates (same customer, time, stage,
/// segment and revenue: the later rows are dropped) or ties between different stages (file
/// order decides which stage the customer entered last). `examples` are the earliest in the
/// file: (line, an earlier line it repeats or ties with).
struct RepeatedRows {
  std::size_t count = 0;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> examples;
  static constexpr std::size_t max_examples = 3;
  void add(const RepeatedRows& other);  ///< count and the earliest examples of both
};

/// A parsed event log.
struct EventLog {
  std::string file;
  std::vector<std::string> stage_ids;  ///< as given to the reader
  std::vector<EventRecord> events;     ///< every good row, in file order
  /// Revenue per event (same order), NaN where the cell is blank; empty without the column.
  std::vector<double> revenue;
  bool has_revenue_column = false;
  bool has_segment_column = false;
  std::vector<std::string> segments;  ///< segment ids by index
  CustomerIds customers;
  std::vector<BadRow> skipped;              ///< bad rows skipped, in file order
  std::vector<std::string> ignored_columns; ///< header columns journeysim does not use
  std::vector<LabelRows> ignored_stages;     ///< rows skipped per --ignore-stages entry, in its order
  std::size_t ignored_rows = 0;              ///< their total
  std::vector<CaseMatch> case_matches;       ///< in order of first appearance
  /// Exact duplicate rows (dropped: not in `events`, counted in good_rows) and customers'
  /// timestamps shared by different stages (count = such groups). Complete once every batch
  /// has been handed over.
  RepeatedRows duplicates, ties;
  /// Line of each event (same order as `events`); empty when read in batches.
  std::vector<std::uint32_t> lines;
  std::size_t rows = 0;   ///< data rows read, including skipped ones
  std::size_t bytes = 0;  ///< size of the input
  std::size_t good_rows = 0;  ///< events read (rows not skipped), whether kept in `events` or not
  UtcMillis earliest = 0, latest = 0;  ///< over all events (0 when there are none)
  /// Bucket of each customer (by customer index), in [0, customer_buckets).
  std::vector<std::uint8_t> customer_bucket;
  std::size_t passes = 0;  ///< times the file was read
};

/// The events of one bucket of customers, in file order.
struct BucketEvents {
  std::vector<EventRecord> events;
  std::vector<double> revenue;  ///< per event when the log has a revenue column
  std::vector<std::uint32_t> lines;  ///< the line of each event
};

/// The complete events of the customers in buckets [first_bucket, last_bucket).
struct EventBatch {
  const EventLog& log;  ///< everything but `events`/`revenue` is final when a batch arrives
  std::uint32_t first_bucket = 0, last_bucket = 0;
  const BucketEvents* buckets = nullptr;  ///< bucket b is buckets[b - first_bucket]
};

/// Reads an event log file. InputError (with file, line and column) for a missing file, a
/// header without a required column (customer_id, timestamp, stage), or a bad row beyond
/// `options.max_bad_rows`: wrong number of fields, an empty required field, an unknown stage
/// or segment ("did you mean"), an unparseable timestamp or a bad revenue value.
EventLog read_event_log(const std::string& path, const std::vector<std::string>& stage_ids,
                        const EventLogOptions& options);

/// The same from text in memory; `file` names it in errors (for tests and tools).
EventLog parse_event_log(std::string_view text, const std::string& file,
                         const std::vector<std::string>& stage_ids, const EventLogOptions& options);

/// Reads an event log in passes, handing each batch of whole customers to `consume` as soon
/// as the first pass has ended (bad rows, customers and the time range are all known by
/// then). The batches cover buckets 0 … customer_buckets − 1 in order, whatever the thread
/// count; how many there are depends on `options.max_event_bytes` and the data only. The
/// returned log has no `events`. Same errors as read_event_log, all from the first pass.
using EventBatchConsumer = std::function<void(const EventBatch&)>;
EventLog read_event_log_in_batches(const std::string& path, const std::vector<std::string>& stage_ids,
                                   const EventLogOptions& options, const EventBatchConsumer& consume);
/// The same from text in memory.
EventLog parse_event_log_in_batches(std::string_view text, const std::string& file,
                                    const std::vector<std::string>& stage_ids, const EventLogOptions& options,
                                    const EventBatchConsumer& consume);

}  // namespace journeysim
