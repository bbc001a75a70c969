// A CRM export read as it is (issue #15 §4, §2): stage aliases, stages the model lacks,
// labels that differ only in case, the revenue column's period, exact duplicate rows and ties
// of timestamps. Every expectation is counted by hand from the few rows of each case.
#include <tbb/global_control.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/io/model_reader.hpp"

using namespace journeysim;

namespace {

const std::vector<std::string> crm_stages{"trial", "first_login", "paying", "churned"};

EventLog parse(const std::string& text, const EventLogOptions& options) {
  return parse_event_log(text, "crm.csv", crm_stages, options);
}

std::string error_of(const std::string& text, const EventLogOptions& options) {
  try {
    parse(text, options);
  } catch (const InputError& e) {
    return std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + ": " + e.what();
  }
  return "no error";
}

EventLogOptions with_aliases() {
  EventLogOptions options;
  options.stage_aliases = {{"First Login", 1}, {"first-login", 1}};
  return options;
}

}  // namespace

TEST_CASE("stage aliases: a row's label is read as the stage that lists it") {
  const EventLog log = parse("customer_id,timestamp,stage\n"
                             "c1,2026-01-01,trial\n"
                             "c1,2026-01-02,First Login\n"
                             "c2,2026-01-03,first-login\n",
                             with_aliases());
  REQUIRE(log.events.size() == 3);
  CHECK(log.events[1].stage == 1);
  CHECK(log.events[2].stage == 1);
  CHECK(log.case_matches.empty());  // exact alias matches need no note
}

TEST_CASE("stage labels: exact first, then the one stage a case-insensitive match names") {
  const EventLog log = parse("customer_id,timestamp,stage\n"
                             "c1,2026-01-01,Trial\n"
                             "c2,2026-01-02,FIRST LOGIN\n"
                             "c3,2026-01-03,TRIAL\n"
                             "c4,2026-01-04,Trial\n",
                             with_aliases());
  REQUIRE(log.events.size() == 4);
  CHECK(log.events[0].stage == 0);
  CHECK(log.events[1].stage == 1);
  REQUIRE(log.case_matches.size() == 3);  // one per distinct label, in order of first appearance
  CHECK(log.case_matches[0].label == "Trial");
  CHECK(log.case_matches[0].id == "trial");
  CHECK(log.case_matches[0].rows == 2);
  CHECK(log.case_matches[0].first.line == 2);
  CHECK(log.case_matches[1].id == "first_login");
  CHECK(log.case_matches[2].label == "TRIAL");
  // A label that two stages answer ignoring case is not guessed: unknown, as before.
  EventLogOptions ambiguous;
  ambiguous.stage_aliases = {{"Paid", 2}, {"PAID", 3}};
  CHECK(error_of("customer_id,timestamp,stage\nc1,2026-01-01,paid\n", ambiguous).find("2:15: unknown stage 'paid'") ==
        0);
}

TEST_CASE("ignore_stages: rows of stages the model lacks are counted, not bad") {
  EventLogOptions options;
  options.ignore_stages = {"Webinar", "Newsletter"};
  const EventLog log = parse("customer_id,timestamp,stage\n"
                             "c1,2026-01-01,trial\n"
                             "c1,2026-01-02,Webinar\n"
                             "c1,2026-01-03,webinar\n"
                             "c2,2026-01-03,Newsletter\n"
                             "c2,2026-01-04,paying\n",
                             options);
  CHECK(log.events.size() == 2);
  CHECK(log.skipped.empty());
  CHECK(log.rows == 5);
  CHECK(log.ignored_rows == 3);
  REQUIRE(log.ignored_stages.size() == 2);
  CHECK(log.ignored_stages[0].label == "Webinar");
  CHECK(log.ignored_stages[0].rows == 2);
  CHECK(log.ignored_stages[1].rows == 1);
  // A stage neither in the model nor in the list is still an error, pointing at the option.
  CHECK(error_of("customer_id,timestamp,stage\nc1,2026-01-01,Podcast\n", options) ==
        "2:15: unknown stage 'Podcast' (the model's stages: trial, first_login, paying, churned); if the model does "
        "not have it, skip its rows with --ignore-stages \"Podcast\"");
}

TEST_CASE("ignore_stages: the --ignore-stages list is parsed and checked") {
  CHECK(parse_ignore_stages("Webinar, Newsletter") == std::vector<std::string>{"Webinar", "Newsletter"});
  CHECK_THROWS_WITH(parse_ignore_stages("Webinar,,Newsletter"),
                    "--ignore-stages: an empty stage label (expected LABEL[,LABEL...], e.g. \"Webinar,Newsletter\")");
  CHECK_THROWS_WITH(parse_ignore_stages("Webinar,WEBINAR"),
                    "--ignore-stages: 'WEBINAR' is listed twice (labels are matched ignoring case)");
}

TEST_CASE("segments: the model's id matches ignoring case; a near miss is suggested") {
  EventLogOptions options;
  options.known_segments = {"smb", "enterprise"};
  const EventLog log = parse("customer_id,timestamp,stage,segment\n"
                             "c1,2026-01-01,trial,Enterprise\n"
                             "c2,2026-01-01,trial,enterprise\n"
                             "c3,2026-01-01,trial,SMB\n",
                             options);
  REQUIRE(log.events.size() == 3);
  CHECK(log.events[0].segment == 1);
  CHECK(log.events[2].segment == 0);
  REQUIRE(log.case_matches.size() == 2);
  CHECK(log.case_matches[0].kind == "segment");
  CHECK(log.case_matches[0].label == "Enterprise");
  CHECK(log.case_matches[0].first.column == 21);  // c1,2026-01-01,trial, is 20 characters
  CHECK(error_of("customer_id,timestamp,stage,segment\nc1,2026-01-01,trial,enterprize\n", options) ==
        "2:21: unknown segment 'enterprize', did you mean 'enterprise'?");
}

TEST_CASE("revenue_scale multiplies each revenue value; blanks stay blank") {
  EventLogOptions options;
  options.revenue_scale = 12.0 / 52.0;  // a monthly column read into a weekly model
  const EventLog log = parse("customer_id,timestamp,stage,revenue\nc1,2026-01-01,paying,520\nc1,2026-01-09,paying,\n",
                             options);
  REQUIRE(log.revenue.size() == 2);
  CHECK(log.revenue[0] == Approx(120.0).epsilon(1e-15));
  CHECK(std::isnan(log.revenue[1]));
}

TEST_CASE("exact duplicate rows are dropped, the first copy kept, and reported by line") {
  // Line 3 repeats line 2; line 5 repeats line 2 (the same blank revenue); line 6 differs in
  // revenue from line 4 and stays; line 7 is another customer.
  const std::string text = "customer_id,timestamp,stage,revenue\n"
                           "c1,2026-01-01,trial,\n"
                           "c1,2026-01-01T00:00:00Z,trial,\n"
                           "c1,2026-02-01,paying,100\n"
                           "c1,2026-01-01,trial,\n"
                           "c1,2026-02-01,paying,120\n"
                           "c2,2026-01-01,trial,\n";
  const EventLog log = parse(text, {});
  CHECK(log.good_rows == 6);
  REQUIRE(log.events.size() == 4);
  CHECK(log.lines == std::vector<std::uint32_t>{2, 4, 6, 7});
  CHECK(log.revenue[1] == 100);
  CHECK(log.revenue[2] == 120);
  CHECK(log.duplicates.count == 2);
  CHECK(log.duplicates.examples == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{3, 2}, {5, 2}});
  // Lines 4 and 6 are one customer at one time in one stage: not a tie between stages.
  CHECK(log.ties.count == 0);
}

TEST_CASE("ties between different stages at one customer's timestamp are counted by group") {
  const std::string text = "customer_id,timestamp,stage\n"
                           "c1,2026-01-01,trial\n"
                           "c1,2026-01-01,paying\n"
                           "c1,2026-01-01,churned\n"
                           "c2,2026-01-01,trial\n"
                           "c3,2026-03-01,paying\n"
                           "c3,2026-03-01,trial\n";
  const EventLog log = parse(text, {});
  CHECK(log.events.size() == 6);
  CHECK(log.duplicates.count == 0);
  CHECK(log.ties.count == 2);  // c1 at 2026-01-01 and c3 at 2026-03-01
  CHECK(log.ties.examples == std::vector<std::pair<std::uint32_t, std::uint32_t>>{{3, 2}, {7, 6}});
}

TEST_CASE("duplicates and ties: the same in batches, any memory limit and thread count, as whole") {
  std::string text = "customer_id,timestamp,stage,revenue\n";
  for (int c = 0; c < 300; ++c) {
    const std::string id = "c" + std::to_string(c);
    text += id + ",2026-01-01,trial,\n";
    if (c % 7 == 0) text += id + ",2026-01-01,trial,\n";        // a duplicate
    text += id + ",2026-02-0" + std::to_string(1 + c % 9) + ",paying,50\n";
    if (c % 11 == 0) text += id + ",2026-01-01,churned,\n";    // a tie with trial
    if (c % 5 == 0) text += id + ",2026-01-01,Webinar,\n";     // ignored, not an event
  }
  EventLogOptions ignoring;
  ignoring.ignore_stages = {"webinar"};
  const EventLog whole = parse(text, ignoring);
  CHECK(whole.ignored_rows == 60);
  CHECK(whole.duplicates.count == 43);  // c = 0, 7, …, 294
  CHECK(whole.ties.count == 28);        // c = 0, 11, …, 297
  for (const std::size_t limit : {std::size_t{0}, std::size_t{2000}, std::size_t{1}})
    for (const int threads : {1, 3}) {
      tbb::global_control control(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
      EventLogOptions options = ignoring;
      options.max_event_bytes = limit;
      std::size_t events = 0;
      const EventLog streamed = parse_event_log_in_batches(text, "crm.csv", crm_stages, options, [&](const EventBatch& b) {
        for (std::uint32_t k = b.first_bucket; k < b.last_bucket; ++k) events += b.buckets[k - b.first_bucket].events.size();
      });
      INFO("limit " << limit << ", " << threads << " threads, " << streamed.passes << " passes");
      CHECK(events == whole.events.size());
      CHECK(streamed.duplicates.count == whole.duplicates.count);
      CHECK(streamed.duplicates.examples == whole.duplicates.examples);
      CHECK(streamed.ties.count == whole.ties.count);
      CHECK(streamed.ties.examples == whole.ties.examples);
      CHECK(streamed.ignored_rows == whole.ignored_rows);
      CHECK(streamed.rows == whole.rows);
    }
}

TEST_CASE("model aliases are read with their places and checked") {
  const std::string head = "journey: {name: crm, horizon: 12}\nstages:\n";
  const std::string tail = "transitions:\n  trial: {paying: 0.2}\n";
  const Journey ok = parse_journey(head + "  - {id: trial, aliases: [\"Free Trial\", free-trial]}\n"
                                          "  - {id: paying, aliases: Paid}\n" + tail,
                                   "m.yaml");
  CHECK(ok.stages[0].aliases == std::vector<std::string>{"Free Trial", "free-trial"});
  CHECK(ok.stages[1].aliases == std::vector<std::string>{"Paid"});
  auto error = [&](const std::string& stage_lines) {
    try {
      (void)parse_journey(head + stage_lines + tail, "m.yaml");
    } catch (const InputError& e) {
      return std::to_string(e.where().line) + ":" + std::to_string(e.where().column) + ": " + e.what();
    }
    return std::string("no error");
  };
  CHECK(error("  - {id: trial, aliases: [paying]}\n  - {id: paying}\n") ==
        "3:27: alias 'paying' of stage 'trial' is the id of stage 'paying': an event-log label must name one stage");
  CHECK(error("  - {id: trial, aliases: [Paid]}\n  - {id: paying, aliases: [Paid]}\n") ==
        "4:28: alias 'Paid' names both stage 'trial' (line 3) and stage 'paying': an event-log label must name one "
        "stage");
}
