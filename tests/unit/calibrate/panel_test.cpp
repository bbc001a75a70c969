// Panel construction on hand-built logs; every expected count is derived by hand in comments.
#include <catch2/catch.hpp>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/panel.hpp"
#include "journeysim/calibrate/period_clock.hpp"

using namespace journeysim;

namespace {

const std::vector<std::string> ids{"a", "b", "c"};  // c is terminal
const std::vector<bool> terminal{false, false, true};

UtcMillis at(const std::string& text) {
  UtcMillis t = 0;
  std::string problem;
  REQUIRE(parse_as_of(text, t, problem));
  return t;
}

std::uint64_t count(const std::vector<std::uint64_t>& m, int from, int to) { return m[static_cast<std::size_t>(from * 3 + to)]; }

}  // namespace

TEST_CASE("periods are consecutive integers on the UTC calendar") {
  CHECK(period_of(at("2026-03-15T10:00:00Z"), Period::month) == 2026 * 12 + 2);
  CHECK(period_of(at("2026-03-31T23:59:59Z"), Period::quarter) == 2026 * 4);
  CHECK(period_of(at("2026-04-01"), Period::quarter) == 2026 * 4 + 1);
  // 2026-03-02 is a Monday: weeks start there; Sunday 2026-03-01 is in the week before.
  CHECK(period_of(at("2026-03-02T00:00:00Z"), Period::week) == period_of(at("2026-03-08T23:00:00Z"), Period::week));
  CHECK(period_of(at("2026-03-01T23:00:00Z"), Period::week) + 1 == period_of(at("2026-03-02T00:00:00Z"), Period::week));
  for (Period p : {Period::day, Period::week, Period::month, Period::quarter})
    for (std::int64_t i = 20000; i < 20100; ++i) {
      CHECK(period_of(period_start(i, p), p) == i);
      CHECK(period_of(period_start(i, p) - 1, p) == i - 1);
    }
}

TEST_CASE("panel of a hand-built log") {
  // as_of 2024-05-31 (end of day): the last complete month is May; the window is Jan..May.
  // X: a (Jan 5, rev 10), b (Mar 10), a (Mar 20, rev 30). Month ends: Jan a, Feb a, Mar a (the
  //    b inside March collapses), Apr a, May a → a→a into Feb, Mar, Apr, May = 4.
  //    Revenue: 10, 10, 30, 30, 30 in stage a → Σ 110 over 5 customer-months.
  // Y: b (Feb 1), c (Apr 15), a (May 1, after its terminal stage: left out, reported).
  //    Month ends: Feb b, Mar b, Apr c → b→b into Mar, b→c into Apr; stops at c.
  // Z: a (May 20): first seen in May, the last complete month: arrival, no transition.
  // W: b (Jun 2): after as_of, left out entirely.
  // V: a (Jan 10), b (Jan 20), a (Feb 3), b (Feb 25): moves back and forth; month ends Jan b,
  //    Feb b, Mar..May b → b→b into Feb? No: Jan b → Feb b is a stay (net move) = b→b ×4.
  const std::string text = "customer_id,timestamp,stage,revenue\n"
                           "X,2024-01-05,a,10\nX,2024-03-10,b,\nX,2024-03-20T08:00:00+02:00,a,30\n"
                           "Y,2024-04-15,c,\nY,2024-02-01,b,\nY,2024-05-01,a,\n"
                           "Z,2024-05-20,a,\nW,2024-06-02,b,\n"
                           "V,2024-02-25,b,\nV,2024-01-10,a,\nV,2024-01-20,b,\nV,2024-02-03,a,\n";
  const EventLog log = parse_event_log(text, "hand.csv", ids, {});
  PanelOptions options;
  options.as_of = at("2024-05-31");
  const Panel panel = build_panel(log, terminal, options);
  CHECK(panel.first_period == 2024 * 12);
  CHECK(panel.last_complete_period == 2024 * 12 + 4);
  CHECK(panel.customers == 4);  // W has no event by as_of
  CHECK(panel.events_after_as_of == 1);
  CHECK(panel.events_after_terminal == 1);
  REQUIRE(panel.after_terminal_examples.size() == 1);
  CHECK(log.customers[panel.after_terminal_examples[0].customer] == "Y");
  const PanelTally& t = panel.pooled;
  CHECK(count(t.counts, 0, 0) == 4);
  CHECK(count(t.counts, 1, 1) == 1 + 4);
  CHECK(count(t.counts, 1, 2) == 1);
  std::uint64_t total = 0;
  for (auto c : t.counts) total += c;
  CHECK(total == 10);
  // Halves: window Jan..May, transitions into Feb, Mar are the first half, Apr, May the second.
  // X: a→a 2 + 2. Y: b→b into Mar (first), b→c into Apr (second). V: b→b 2 + 2.
  CHECK(count(t.first_half, 0, 0) == 2);
  CHECK(count(t.second_half, 0, 0) == 2);
  CHECK(count(t.first_half, 1, 1) == 3);
  CHECK(count(t.second_half, 1, 1) == 2);
  CHECK(count(t.second_half, 1, 2) == 1);
  CHECK(t.revenue_sum[0] == 110);
  CHECK(t.revenue_periods[0] == 5);
  CHECK(t.revenue_periods[1] == 0);
  // Stage at as_of: X a, Y c, Z a, V b.
  CHECK(t.at_as_of == std::vector<std::uint64_t>{2, 1, 1});
  // Arrivals by the stage at the end of the first month: Jan X a, V b; Feb Y b; May Z a.
  REQUIRE(t.arrivals.size() == 5);
  CHECK(t.arrivals[0] == std::vector<std::uint64_t>{1, 1, 0});
  CHECK(t.arrivals[1] == std::vector<std::uint64_t>{0, 1, 0});
  CHECK(t.arrivals[4] == std::vector<std::uint64_t>{1, 0, 0});
}

TEST_CASE("default as_of is the latest timestamp and its month is incomplete") {
  const EventLog log = parse_event_log("customer_id,timestamp,stage\nX,2024-01-05,a\nX,2024-03-10,b\n", "x.csv", ids, {});
  const Panel panel = build_panel(log, terminal, {});
  CHECK(panel.as_of == at("2024-03-10T00:00:00Z"));
  CHECK(panel.last_complete_period == 2024 * 12 + 1);  // February
  // Month ends Jan a, Feb a: one stay; the move to b in March is not complete yet.
  CHECK(count(panel.pooled.counts, 0, 0) == 1);
  CHECK(count(panel.pooled.counts, 0, 1) == 0);
  CHECK(panel.pooled.at_as_of == std::vector<std::uint64_t>{0, 1, 0});
}

TEST_CASE("weekly periods and segments") {
  // Weeks start on Monday. 2024-01-01 is a Monday. X (smb): a Mon Jan 1, b Wed Jan 10, a Jan 22.
  // Week ends: W1 a, W2 b, W3 b, W4 a → a→b, b→b, b→a. as_of Sunday Jan 28: W4 complete.
  const EventLog log = parse_event_log("customer_id,timestamp,stage,segment\nX,2024-01-01,a,smb\n"
                                       "X,2024-01-10,b,smb\nX,2024-01-22,a,smb\nY,2024-01-02,b,ent\n",
                                       "w.csv", ids, {});
  PanelOptions options;
  options.period = Period::week;
  options.as_of = at("2024-01-28");
  const Panel panel = build_panel(log, terminal, options);
  CHECK(panel.complete_periods() == 4);
  REQUIRE(panel.segments.size() == 2);
  const PanelTally& smb = panel.segments[0];
  CHECK(count(smb.counts, 0, 1) == 1);
  CHECK(count(smb.counts, 1, 1) == 1);
  CHECK(count(smb.counts, 1, 0) == 1);
  CHECK(smb.customers == 1);
  CHECK(count(panel.segments[1].counts, 1, 1) == 3);  // Y stays in b through weeks 2..4
  CHECK(count(panel.pooled.counts, 1, 1) == 4);
}
