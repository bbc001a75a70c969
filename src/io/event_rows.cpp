#include "event_rows.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

#include "journeysim/core/number_text.hpp"
#include "journeysim/core/suggest.hpp"
#include "journeysim/model/limits.hpp"

namespace journeysim::event_io {
namespace {

enum class RowOutcome { good, bad, ignored };

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

/// Index of `text` in a small id list; -1 when absent. Lists are a few dozen ids at most, so a
/// length check and a compare beat hashing.
int find_id(const std::vector<std::string>& ids, std::string_view text) {
  for (std::size_t i = 0; i < ids.size(); ++i)
    if (ids[i].size() == text.size() && ids[i] == text) return static_cast<int>(i);
  return -1;
}

std::string unknown_id_message(const char* what, std::string_view text, const std::vector<std::string>& ids) {
  const std::string suggestion = did_you_mean(text, ids);
  return "unknown " + std::string(what) + " '" + std::string(text) + "'" +
         (suggestion.empty() ? " (the model's " + std::string(what) + "s: " + joined(ids) + ")" : suggestion);
}

/// Plain decimals ("0", "149", "12.50"): at most 15 digits, so the digits as an integer and
/// the power of ten are exact doubles and one division is correctly rounded — the same value
/// from_chars gives (Clinger's fast path). False for anything else, left to from_chars.
bool parse_plain_decimal(std::string_view text, double& value) {
  static constexpr double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  if (text.size() > 16 || text.front() == '.') return false;
  std::uint64_t digits = 0;
  int count = 0, decimals = -1;
  for (const char c : text) {
    if (c == '.' && decimals < 0) {
      decimals = 0;
      continue;
    }
    const unsigned d = static_cast<unsigned char>(c) - '0';
    if (d > 9) return false;
    digits = digits * 10 + d;
    ++count;
    if (decimals >= 0) ++decimals;
  }
  if (count == 0 || count > 15 || decimals == 0) return false;  // "." or "12." go the long way
  value = static_cast<double>(digits) / powers[decimals < 0 ? 0 : decimals];
  return true;
}

bool ascii_iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x != y && std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

/// The one index whose label equals `text` ignoring (ASCII) case; -1 when none or when labels
/// of two different indices do (then the match would depend on the list's order).
template <typename Labels>
int find_folded(const Labels& labels, std::string_view text) {
  int found = -1;
  for (const auto& [label, index] : labels) {
    if (!ascii_iequal(label, text)) continue;
    if (found >= 0 && found != static_cast<int>(index)) return -1;
    found = static_cast<int>(index);
  }
  return found;
}

std::vector<std::pair<std::string_view, std::size_t>> indexed(const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string_view, std::size_t>> out;
  for (std::size_t i = 0; i < ids.size(); ++i) out.emplace_back(ids[i], i);
  return out;
}

/// The stage a label names: an id, an alias, else the one stage a case-insensitive match of
/// either names (`folded` set); -1 when none.
int find_stage(const RowContext& context, std::string_view label, bool& folded) {
  folded = false;
  const int id = find_id(*context.stage_ids, label);
  if (id >= 0) return id;
  for (const auto& [alias, index] : *context.stage_aliases)
    if (alias == label) return index;
  auto labels = indexed(*context.stage_ids);
  for (const auto& [alias, index] : *context.stage_aliases) labels.emplace_back(alias, index);
  const int s = find_folded(labels, label);
  folded = s >= 0;
  return s;
}

/// Counts a label matched only case-insensitively (once per distinct label in the piece).
void note_case_hit(Piece& piece, bool segment, const Field& field, int index) {
  for (auto& hit : piece.case_hits)
    if (hit.segment == segment && hit.label == field.text) {
      ++hit.rows;
      return;
    }
  piece.case_hits.push_back({segment, std::string(field.text), static_cast<std::uint16_t>(index), field.line,
                             field.column, 1});
}

/// The --ignore-stages entry a label is, or -1.
int find_ignored(const RowContext& context, std::string_view label) {
  for (std::size_t i = 0; i < context.ignore_stages->size(); ++i)
    if (ascii_iequal((*context.ignore_stages)[i], label)) return static_cast<int>(i);
  return -1;
}

RowOutcome reject(const RowContext& context, const Field& field, std::string message, BadRow& bad) {
  bad = {SourceLocation{context.file, field.line, field.column}, std::move(message)};
  return RowOutcome::bad;
}

/// The row's stage into `record` (ids, aliases, case; see EventLogOptions::stage_aliases), or
/// ignored when --ignore-stages lists it.
RowOutcome convert_stage(const RowContext& context, const Field& stage, Piece& piece, EventRecord& record,
                         BadRow& bad) {
  bool folded = false;
  const int stage_index = find_stage(context, stage.text, folded);
  if (stage_index < 0) {
    if (const int k = find_ignored(context, stage.text); k >= 0) {
      ++piece.ignored[static_cast<std::size_t>(k)];
      return RowOutcome::ignored;
    }
    // Past the bad rows a piece keeps, the row is only counted: its spelling search (the cost
    // of a log of a million unknown stages, whose bad-input case ran over its CPU limit under
    // ASan) would be thrown away.
    if (piece.bad.size() > context.max_bad_rows) return reject(context, stage, {}, bad);
    // No close id: perhaps a stage the model does not model (a webinar, a newsletter). The
    // message already holds the suggestion, if any (searching for it twice doubled the cost).
    std::string message = unknown_id_message("stage", stage.text, *context.stage_ids);
    if (message.find("did you mean") == std::string::npos)
      message += "; if the model does not have it, skip its rows with --ignore-stages \"" + std::string(stage.text) + "\"";
    return reject(context, stage, std::move(message), bad);
  }
  if (folded) note_case_hit(piece, false, stage, stage_index);
  record.stage = static_cast<std::uint16_t>(stage_index);
  return RowOutcome::good;
}

/// The row's segment into `record`: one of the template's (exactly, else the one that matches
/// ignoring case), or collected from the log when the template has none.
RowOutcome convert_segment(const RowContext& context, const Field& segment, Piece& piece, EventRecord& record,
                           BadRow& bad) {
  // Segment ids end up in the calibrated YAML, which cannot hold control characters.
  for (const char c : segment.text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
      return reject(context, segment, "invalid segment id: it holds a control character", bad);
  if (segment.text.empty()) return RowOutcome::good;
  if (!context.known_segments->empty()) {
    int s = find_id(*context.known_segments, segment.text);
    if (s < 0) {
      s = find_folded(indexed(*context.known_segments), segment.text);
      if (s < 0 && piece.bad.size() > context.max_bad_rows) return reject(context, segment, {}, bad);
      if (s < 0)
        return reject(context, segment, unknown_id_message("segment", segment.text, *context.known_segments), bad);
      note_case_hit(piece, true, segment, s);
    }
    record.segment = static_cast<std::uint16_t>(s);
    return RowOutcome::good;
  }
  int s = find_id(piece.local_segments, segment.text);
  if (s < 0 && (segment.text == "all" || segment.text == "default"))
    // The calibrated model names its totals "all" and its unclaimed share "default".
    return reject(context, segment,
                  "segment id '" + std::string(segment.text) + "' is reserved for totals: rename it in the log (e.g. '" +
                      std::string(segment.text) + "_customers')",
                  bad);
  if (s < 0) {
    if (piece.local_segments.size() >= EventRecord::no_segment - 1)
      return reject(context, segment, "too many distinct segments (at most 65534)", bad);
    s = static_cast<int>(piece.local_segments.size());
    piece.local_segments.emplace_back(segment.text);
  }
  record.segment = static_cast<std::uint16_t>(s);
  return RowOutcome::good;
}

/// The row's revenue (NaN when blank), scaled to the model's period.
RowOutcome convert_revenue(const RowContext& context, const Field& field, double& revenue, BadRow& bad) {
  std::string_view text = field.text;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (!text.empty() && !parse_plain_decimal(text, revenue)) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), revenue);
    if (error != std::errc{} || end != text.data() + text.size() || !std::isfinite(revenue) || revenue < 0)
      return reject(context, field,
                    "invalid revenue '" + std::string(field.text) +
                        "': expected a non-negative number (revenue per period), or nothing",
                    bad);
  }
  if (context.revenue_scale != 1) revenue *= context.revenue_scale;
  // The model's bound on money (model/limits.hpp): above it, the calibrated model would fail
  // its own validation (found by fuzz_events: a 37-digit revenue became an internal error).
  if (revenue > limits::amount)
    return reject(context, field,
                  "invalid revenue '" + std::string(field.text) + "': at most " +
                      format_significant(limits::amount, 3) + " per customer and period",
                  bad);
  return RowOutcome::good;
}

/// Converts one tokenized row; `bad` filled when the row is bad.
RowOutcome convert_row(const RowContext& context, const std::vector<Field>& fields, Piece& piece,
                       EventRecord& record, double& revenue, BadRow& bad) {
  const Columns& columns = context.columns;
  auto reject_at = [&](const Field& field, std::string message) { return reject(context, field, std::move(message), bad); };
  if (fields.size() != columns.count) {
    const Field& at = fields.size() > columns.count ? fields[columns.count] : fields.front();
    return reject_at(at, "row has " + std::to_string(fields.size()) + " field" + (fields.size() == 1 ? "" : "s") +
                             " but the header has " + std::to_string(columns.count) + " (" + joined(columns.names) +
                             ")");
  }
  const Field& customer = fields[static_cast<std::size_t>(columns.customer)];
  const Field& timestamp = fields[static_cast<std::size_t>(columns.timestamp)];
  const Field& stage = fields[static_cast<std::size_t>(columns.stage)];
  if (customer.text.empty()) return reject_at(customer, "missing customer_id (the field is empty)");
  // Spaces only: an empty spreadsheet cell that was "cleared" with the space bar.
  // (Tested only when the id starts with one: find_first_not_of costs a memchr per character.)
  const char first = customer.text.front();
  if ((first == ' ' || first == '\t') && customer.text.find_first_not_of(" \t") == std::string_view::npos)
    return reject_at(customer, "missing customer_id (the field holds only spaces)");
  if (timestamp.text.empty()) return reject_at(timestamp, "missing timestamp (the field is empty)");
  if (stage.text.empty()) return reject_at(stage, "missing stage (the field is empty)");
  std::string problem;
  if (!parse_iso_timestamp(timestamp.text, record.time, problem))
    return reject_at(timestamp, "invalid timestamp '" + std::string(timestamp.text) + "': " + problem);
  // Journeys of this century: a year like 0000 or 1900 is a spreadsheet's date gone wrong
  // (empty cells, serial day 0), not an event (issue #6: timestamps before 1970).
  if (record.time < 0)
    return reject_at(timestamp, "invalid timestamp '" + std::string(timestamp.text) +
                                    "': before 1970-01-01, not a plausible event time (check the date format)");
  if (const RowOutcome outcome = convert_stage(context, stage, piece, record, bad); outcome != RowOutcome::good)
    return outcome;
  record.segment = EventRecord::no_segment;
  if (columns.segment >= 0) {
    const Field& segment = fields[static_cast<std::size_t>(columns.segment)];
    if (convert_segment(context, segment, piece, record, bad) != RowOutcome::good) return RowOutcome::bad;
  }
  revenue = std::numeric_limits<double>::quiet_NaN();
  if (columns.revenue >= 0)
    return convert_revenue(context, fields[static_cast<std::size_t>(columns.revenue)], revenue, bad);
  return RowOutcome::good;
}

}  // namespace

Columns read_header(const std::vector<Field>& fields, const std::string& file, std::vector<std::string>& ignored,
                    const std::map<std::string, std::string>& names) {
  Columns columns;
  columns.count = fields.size();
  std::vector<std::string> known = event_log_columns();
  for (auto& role : known)
    if (const auto it = names.find(role); it != names.end()) role = it->second;
  int* const slots[] = {&columns.customer, &columns.timestamp, &columns.stage, &columns.segment, &columns.revenue};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string name(fields[i].text);
    while (!name.empty() && name.back() == ' ') name.pop_back();
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    columns.names.push_back(name);
    const int k = find_id(known, name);
    if (k < 0) {
      ignored.push_back(name);
      continue;
    }
    if (*slots[k] >= 0)
      throw InputError("column '" + name + "' appears twice in the header",
                       SourceLocation{file, fields[i].line, fields[i].column});
    *slots[k] = static_cast<int>(i);
  }
  for (int k = 0; k < 3; ++k) {
    if (*slots[k] >= 0) continue;
    // Point at the likely misspelling when there is one, else at the start of the header.
    const std::string suggestion = closest_match(known[static_cast<std::size_t>(k)], ignored);
    SourceLocation where{file, fields.empty() ? 1 : fields.front().line, 1};
    for (std::size_t i = 0; i < fields.size(); ++i)
      if (!suggestion.empty() && columns.names[i] == suggestion) where.column = fields[i].column;
    const std::string& role = event_log_columns()[static_cast<std::size_t>(k)];
    const bool mapped = known[static_cast<std::size_t>(k)] != role;
    throw InputError("the header has no '" + known[static_cast<std::size_t>(k)] + "' column" +
                         (mapped ? " (the " + role + " column, by --columns)" : "") +
                         (suggestion.empty() ? "" : " ('" + suggestion + "' looks like a misspelling of it)") +
                         (mapped ? "" : "; required: customer_id, timestamp, stage; optional: segment, revenue"
                                        " (or name yours with --columns customer_id=COL,...)"),
                     where);
  }
  return columns;
}

void Piece::reset(const char* new_begin, const char* new_end) {
  begin = new_begin;
  end = new_end;
  records.clear();
  revenue.clear();
  hashes.clear();
  names.clear();
  owned.clear();
  by_shard.clear();
  local_segments.clear();
  bad.clear();
  lines.clear();
  case_hits.clear();
  ignored.clear();
  rows = 0;
  newlines = 0;
}

void parse_piece(const RowContext& context, Piece& piece) {
  Cursor cursor{piece.begin, piece.end, piece.begin, 1};
  std::vector<Field> fields;
  std::string scratch;
  const bool with_revenue = context.columns.revenue >= 0;
  piece.ignored.assign(context.ignore_stages->size(), 0);
  // Filled only when a row is bad; kept out of the loop so good rows build no strings.
  QuoteProblem problem;
  BadRow bad;
  while (!cursor.at_end()) {
    const bool ok = read_record(cursor, fields, scratch, problem);
    if (ok && fields.size() == 1 && fields[0].text.empty()) continue;  // blank line
    ++piece.rows;
    std::uint64_t hash = 0;
    if (context.filter) {
      // A later pass: rows of other buckets are skipped before the costly conversion, and
      // bad rows were reported by the first pass.
      if (!ok || fields.size() != context.columns.count) continue;
      hash = CustomerInterner::hash(fields[static_cast<std::size_t>(context.columns.customer)].text);
      const std::uint32_t bucket = CustomerInterner::bucket_of(hash);
      if (bucket < context.first_bucket || bucket >= context.end_bucket) continue;
    }
    EventRecord record;
    double revenue = 0;
    if (!ok) {
      bad = {SourceLocation{context.file, problem.line, problem.column}, problem.message};
    } else if (const RowOutcome outcome = convert_row(context, fields, piece, record, revenue, bad);
               outcome == RowOutcome::ignored) {
      continue;  // counted in piece.ignored
    } else if (outcome == RowOutcome::good) {
      const std::string_view id = fields[static_cast<std::size_t>(context.columns.customer)].text;
      const bool in_text = id.data() >= piece.begin && id.data() + id.size() <= piece.end;
      piece.names.push_back(in_text ? id : std::string_view(piece.owned.emplace_back(id)));
      piece.hashes.push_back(context.filter ? hash : CustomerInterner::hash(id));
      piece.records.push_back(record);
      piece.lines.push_back(static_cast<std::uint32_t>(fields.front().line));
      if (with_revenue) piece.revenue.push_back(revenue);
      continue;
    }
    if (piece.bad.size() <= context.max_bad_rows) piece.bad.push_back(std::move(bad));
  }
  piece.newlines = cursor.line - 1;
  // Counting sort of record indices by shard, so each shard's task reads only its rows.
  piece.shard_begin.fill(0);
  for (std::uint64_t h : piece.hashes) ++piece.shard_begin[CustomerInterner::shard_of(h) + 1];
  for (std::size_t s = 0; s < CustomerInterner::shard_count; ++s) piece.shard_begin[s + 1] += piece.shard_begin[s];
  piece.by_shard.resize(piece.hashes.size());
  auto next = piece.shard_begin;
  for (std::uint32_t i = 0; i < piece.hashes.size(); ++i)
    piece.by_shard[next[CustomerInterner::shard_of(piece.hashes[i])]++] = i;
}

}  // namespace journeysim::event_io

namespace journeysim {

const std::vector<std::string>& event_log_columns() {
  static const std::vector<std::string> roles{"customer_id", "timestamp", "stage", "segment", "revenue"};
  return roles;
}

std::map<std::string, std::string> parse_column_mapping(const std::string& text) {
  std::map<std::string, std::string> names;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    const std::string item = text.substr(begin, end - begin);
    const std::size_t equals = item.find('=');
    if (equals == std::string::npos)
      throw ConfigError("--columns: '" + item + "' is not ROLE=COLUMN (e.g. customer_id=account_id)");
    const std::string role = item.substr(0, equals), name = item.substr(equals + 1);
    if (event_io::find_id(event_log_columns(), role) < 0) {
      const std::string suggestion = closest_match(role, event_log_columns());
      throw ConfigError("--columns: unknown column role '" + role + "'" +
                        (suggestion.empty() ? "" : ", did you mean '" + suggestion + "'?") +
                        " (roles: customer_id, timestamp, stage, segment, revenue)");
    }
    if (name.empty()) throw ConfigError("--columns: no header name given for '" + role + "'");
    if (names.count(role)) throw ConfigError("--columns: '" + role + "' is mapped twice");
    for (const auto& [other, other_name] : names)
      if (other_name == name)
        throw ConfigError("--columns: '" + other + "' and '" + role + "' are both mapped to column '" + name + "'");
    names[role] = name;
    begin = end + 1;
  }
  return names;
}

std::vector<std::string> parse_ignore_stages(const std::string& text) {
  std::vector<std::string> labels;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(',', begin), text.size());
    std::string label = text.substr(begin, end - begin);
    label.erase(0, std::min(label.find_first_not_of(' '), label.size()));
    while (!label.empty() && label.back() == ' ') label.pop_back();
    if (label.empty())
      throw ConfigError("--ignore-stages: an empty stage label (expected LABEL[,LABEL...], e.g. \"Webinar,Newsletter\")");
    for (const auto& earlier : labels)
      if (event_io::ascii_iequal(earlier, label))
        throw ConfigError("--ignore-stages: '" + label + "' is listed twice (labels are matched ignoring case)");
    labels.push_back(std::move(label));
    begin = end + 1;
  }
  return labels;
}

}  // namespace journeysim
