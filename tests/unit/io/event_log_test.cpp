// The event log reader: CSV dialect, located errors, --max-bad-rows, and results that do not
// depend on block size or thread count.
#include <tbb/global_control.h>

#include <catch2/catch.hpp>
#include <charconv>
#include <cmath>
#include <cstring>
#include <random>

#include "journeysim/io/event_log.hpp"

using namespace journeysim;

namespace {

const std::vector<std::string> log_stages{"awareness", "adoption", "churned"};

EventLog parse_log(const std::string& text, EventLogOptions options = {}) {
  return parse_event_log(text, "events.csv", log_stages, options);
}

/// The InputError a text raises: "LINE:COL: MESSAGE".
std::string log_error_of(const std::string& text, EventLogOptions options = {}) {
  try {
    parse_log(text, options);
  } catch (const InputError& e) {
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + ": " + e.what();
  }
  return "no error";
}

UtcMillis at(const std::string& text) {
  UtcMillis t = 0;
  std::string problem;
  REQUIRE(parse_iso_timestamp(text, t, problem));
  return t;
}

}  // namespace

TEST_CASE("columns are found by name in any order; extra columns are ignored") {
  const EventLog log = parse_log("stage,note,timestamp,customer_id\n"
                             "adoption,x,2026-03-01,c1\n"
                             "awareness,y,2026-02-01,c2\n");
  REQUIRE(log.events.size() == 2);
  CHECK(log.events[0].stage == 1);
  CHECK(log.events[0].time == at("2026-03-01"));
  CHECK(log.customers[log.events[1].customer] == "c2");
  CHECK(log.ignored_columns == std::vector<std::string>{"note"});
  CHECK_FALSE(log.has_revenue_column);
}

TEST_CASE("quoted fields with commas, doubled quotes and newlines; CRLF; BOM") {
  const std::string text = "\xEF\xBB\xBF" "customer_id,timestamp,stage,revenue\r\n"
                           "\"Acme, Inc.\",2026-03-01T12:00:00Z,adoption,\"1,5\"\r\n";
  CHECK(log_error_of(text).find("invalid revenue '1,5'") != std::string::npos);
  const EventLog log = parse_log("\xEF\xBB\xBF" "customer_id,timestamp,stage,revenue\r\n"
                             "\"Acme, Inc.\",2026-03-01T12:00:00Z,adoption,15\r\n"
                             "\"The \"\"Best\"\" Co\",\"2026-03-01T14:00:00+02:00\",\"awareness\",\r\n"
                             "\"multi\nline\",2026-03-02,churned,0\r\n"
                             "plain,2026-03-03,adoption,2.5");
  REQUIRE(log.events.size() == 4);
  CHECK(log.customers[log.events[0].customer] == "Acme, Inc.");
  CHECK(log.customers[log.events[1].customer] == "The \"Best\" Co");
  CHECK(log.customers[log.events[2].customer] == "multi\nline");
  CHECK(log.events[1].time == at("2026-03-01T12:00:00Z"));
  CHECK(log.revenue[0] == 15);
  CHECK(std::isnan(log.revenue[1]));
  CHECK(log.revenue[3] == 2.5);
  CHECK(log.rows == 4);
}

TEST_CASE("the same customer id is one customer") {
  const EventLog log = parse_log("customer_id,timestamp,stage\nc1,2026-01-01,awareness\nc2,2026-01-01,awareness\n"
                             "c1,2026-02-01,adoption\n");
  CHECK(log.customers.size() == 2);
  CHECK(log.events[0].customer == log.events[2].customer);
  CHECK(log.events[0].customer != log.events[1].customer);
}

TEST_CASE("every bad row names its line and column") {
  const std::string header = "customer_id,timestamp,stage\n";
  CHECK(log_error_of(header + "c1,2026-01-01,awareness\nc2,2026-01-01,adoptoin\n") ==
        "3:15: unknown stage 'adoptoin', did you mean 'adoption'?");
  CHECK(log_error_of(header + "c1,2026-01-01,zzz\n") ==
        "2:15: unknown stage 'zzz' (the model's stages: awareness, adoption, churned); if the model does not have "
        "it, skip its rows with --ignore-stages \"zzz\"");
  CHECK(log_error_of(header + "c1,2026-02-30,awareness\n") ==
        "2:4: invalid timestamp '2026-02-30': day 30 does not exist in February 2026");
  CHECK(log_error_of(header + "c1,2026-02-03T24:00:00Z,awareness\n") ==
        "2:4: invalid timestamp '2026-02-03T24:00:00Z': hour 24 does not exist (hours are 00-23)");
  CHECK(log_error_of(header + "c1,,awareness\n") == "2:4: missing timestamp (the field is empty)");
  CHECK(log_error_of(header + ",2026-01-01,awareness\n") == "2:1: missing customer_id (the field is empty)");
  CHECK(log_error_of(header + "c1,2026-01-01\n") ==
        "2:1: row has 2 fields but the header has 3 (customer_id, timestamp, stage)");
  CHECK(log_error_of(header + "c1,2026-01-01,awareness,x\n") ==
        "2:25: row has 4 fields but the header has 3 (customer_id, timestamp, stage)");
  CHECK(log_error_of(header + "c1,2026-01-01,\"awareness\n") == "2:15: unterminated quoted field (no closing '\"')");
  CHECK(log_error_of(header + "c\"1,2026-01-01,awareness\n").find("2:2: quote inside an unquoted field") == 0);
  // Quoted newlines count as lines: the bad row below starts on line 4.
  CHECK(log_error_of(header + "\"a\nb\",2026-01-01,awareness\nc1,2026-01-01,nope\n").find("4:15: unknown stage") == 0);
}

TEST_CASE("a header without a required column is an error at the header") {
  CHECK(log_error_of("customer_id,timestmp,stage\nc1,2026-01-01,awareness\n") ==
        "1:13: the header has no 'timestamp' column ('timestmp' looks like a misspelling of it); required: customer_id, "
        "timestamp, stage; optional: segment, revenue (or name yours with --columns customer_id=COL,...)");
  CHECK(log_error_of("customer_id,stage\n").find("1:1: the header has no 'timestamp' column;") == 0);
  CHECK(log_error_of("customer_id,stage,stage,timestamp\n") == "1:19: column 'stage' appears twice in the header");
}

TEST_CASE("a column mapping (--columns) reads a CRM export's own header names to the column roles") {
  const auto names = parse_column_mapping("customer_id=account_id,timestamp=event_time,stage=lifecycle_stage,segment=plan");
  CHECK(names.size() == 4);
  CHECK(names.at("customer_id") == "account_id");
  CHECK(names.at("segment") == "plan");
  EventLogOptions options;
  options.column_names = names;
  const EventLog log = parse_event_log("account_id,plan,event_time,lifecycle_stage,customer_id\n"
                                       "a1,smb,2026-01-05,awareness,ignored\n"
                                       "a1,smb,2026-02-05,consideration,ignored\n",
                                       "crm.csv", {"awareness", "consideration"}, options);
  CHECK(log.events.size() == 2);
  CHECK(log.customers.size() == 1);
  CHECK(log.customers[0] == "a1");  // the mapped column, not the export's own "customer_id"
  CHECK(log.has_segment_column);
  CHECK(log.ignored_columns == std::vector<std::string>{"customer_id"});
  auto refused = [](const std::string& text) {
    try {
      (void)parse_column_mapping(text);
    } catch (const ConfigError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(refused("customer=account_id") ==
        "--columns: unknown column role 'customer', did you mean 'customer_id'? (roles: customer_id, timestamp, stage, "
        "segment, revenue)");
  CHECK(refused("stage=a,stage=b") == "--columns: 'stage' is mapped twice");
  CHECK(refused("stage=") == "--columns: no header name given for 'stage'");
  CHECK(refused("stage=x,segment=x") == "--columns: 'stage' and 'segment' are both mapped to column 'x'");
  CHECK(refused("account_id") == "--columns: 'account_id' is not ROLE=COLUMN (e.g. customer_id=account_id)");
  options.column_names = {{"timestamp", "event_time"}};
  try {
    (void)parse_event_log("customer_id,time,stage\nc1,2026-01-05,awareness\n", "crm.csv", {"awareness"}, options);
    FAIL("a missing mapped column was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "the header has no 'event_time' column (the timestamp column, by --columns)");
  }
}

TEST_CASE("max_bad_rows skips up to N bad rows, each reported, and fails past N") {
  const std::string text = "customer_id,timestamp,stage\nc1,2026-01-01,awareness\nc2,2026-13-01,awareness\n"
                           "c3,2026-01-01,adoptoin\nc4,2026-01-01,adoption\n";
  EventLogOptions options;
  options.max_bad_rows = 2;
  const EventLog log = parse_log(text, options);
  CHECK(log.events.size() == 2);
  CHECK(log.rows == 4);
  REQUIRE(log.skipped.size() == 2);
  CHECK(log.skipped[0].where.line == 3);
  CHECK(log.skipped[1].where.line == 4);
  CHECK(log.skipped[1].message == "unknown stage 'adoptoin', did you mean 'adoption'?");
  options.max_bad_rows = 1;
  std::vector<int> reported;
  options.on_skipped = [&](const BadRow& bad) { reported.push_back(bad.where.line); };
  CHECK(log_error_of(text, options) ==
        "4:15: unknown stage 'adoptoin', did you mean 'adoption'? (bad row 2; --max-bad-rows allows 1)");
  CHECK(reported == std::vector<int>{3});  // the row skipped before the failure was reported
}

TEST_CASE("segments: known ids are checked, otherwise collected in file order") {
  const std::string text = "customer_id,timestamp,stage,segment\nc1,2026-01-01,awareness,smb\n"
                           "c2,2026-01-01,awareness,\nc3,2026-01-01,awareness,enterprise\n";
  const EventLog collected = parse_log(text);
  CHECK(collected.segments == std::vector<std::string>{"smb", "enterprise"});
  CHECK(collected.events[1].segment == EventRecord::no_segment);
  CHECK(collected.events[2].segment == 1);
  EventLogOptions options;
  options.known_segments = {"enterprise", "smb"};
  CHECK(parse_log(text, options).events[0].segment == 1);
  options.known_segments = {"enterprise", "smbx"};
  CHECK(log_error_of(text, options) == "2:25: unknown segment 'smb', did you mean 'smbx'?");
}

TEST_CASE("block size and thread count do not change the result") {
  std::string text = "customer_id,timestamp,stage,revenue\n";
  for (int i = 0; i < 3000; ++i) {
    const std::string id = i % 7 == 0 ? "\"q\n" + std::to_string(i % 501) + "\"" : "c" + std::to_string(i % 501);
    text += id + ",2026-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "T0" +
            std::to_string(i % 10) + ":00:00Z," + log_stages[static_cast<std::size_t>(i % 3)] + "," +
            std::to_string(i % 13) + (i % 2 ? "\r\n" : "\n");
  }
  text += "c1,2026-01-01,nope,1\n";  // a bad row at the end, to check its line
  EventLogOptions big;
  big.max_bad_rows = 1;
  const EventLog reference = parse_log(text, big);
  for (const std::size_t block : {64, 200, 4096}) {
    for (const int threads : {1, 2, 4}) {
      tbb::global_control control(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
      EventLogOptions small = big;
      small.block_bytes = block;
      small.piece_bytes = block / 4;
      const EventLog log = parse_log(text, small);
      REQUIRE(log.events.size() == reference.events.size());
      bool same = log.customers.size() == reference.customers.size();
      for (std::size_t i = 0; i < log.events.size() && same; ++i)
        same = log.events[i].customer == reference.events[i].customer && log.events[i].time == reference.events[i].time &&
               log.events[i].stage == reference.events[i].stage && log.revenue[i] == reference.revenue[i];
      CHECK(same);
      REQUIRE(log.skipped.size() == 1);
      CHECK(log.skipped[0].where.line == reference.skipped[0].where.line);
    }
  }
  // 3000 rows, every 7th spanning two lines: the bad row is on line 1 + 3000 + 429 + 1.
  CHECK(reference.skipped[0].where.line == 3431);
}

TEST_CASE("a missing file is an error naming it") {
  try {
    read_event_log("/nonexistent/events.csv", log_stages, {});
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "no such file");
    CHECK(e.where().file == "/nonexistent/events.csv");
  }
}

TEST_CASE("revenue values are the correctly rounded doubles from_chars gives") {
  // Plain decimals take a fast path (digits / 10^k); the oracle is std::from_chars on the same
  // text. Random 1–17 digit decimals with the point anywhere, plus forms the fast path leaves
  // to from_chars (exponents, a leading or trailing point, 16+ digits). Values stay within
  // the 1e15 bound on revenue (larger ones are bad rows: "revenue above the model's bound").
  std::mt19937_64 random(11);
  std::vector<std::string> values{"0", "149", "12.50", "0.1", "0.3", ".5", "5.", "1e3", "2.5E-1", "9007199254740.993",
                                  "123456789012345", "1234567890.12345", "0.000000000000001", "99999999999999.9"};
  for (int i = 0; i < 3000; ++i) {
    std::string digits = std::to_string(random());
    digits.resize(1 + random() % std::min<std::size_t>(digits.size(), 17));
    const std::size_t point = random() % (digits.size() + 2);
    if (point > 0 && point < digits.size()) digits.insert(point, ".");
    // Revenue is bounded by the model's 1e15 per customer and period: keep 16- and 17-digit
    // texts (the fast path's limit) by putting their point within the first 15 digits.
    if (const auto dot = digits.find('.'); (dot == std::string::npos ? digits.size() : dot) > 15) {
      if (dot != std::string::npos) digits.erase(dot, 1);
      digits.insert(12, ".");
    }
    values.push_back(digits);
  }
  std::string text = "customer_id,timestamp,stage,revenue\n";
  // One customer per row: rows of one customer, time and stage with equal revenue would be
  // exact duplicates, which the reader drops.
  for (std::size_t i = 0; i < values.size(); ++i) text += "c" + std::to_string(i) + ",2026-01-01,awareness," + values[i] + "\n";
  const EventLog log = parse_log(text);
  REQUIRE(log.revenue.size() == values.size());
  int different = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    double expected = 0;
    std::from_chars(values[i].data(), values[i].data() + values[i].size(), expected);
    if (std::memcmp(&expected, &log.revenue[i], sizeof expected) != 0) {
      ++different;
      UNSCOPED_INFO(values[i] << ": " << log.revenue[i] << " vs from_chars " << expected);
    }
  }
  CHECK(different == 0);
}
