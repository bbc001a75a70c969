// Rows by time in stage: the list parser, the tallies by period in stage on a hand-built log
// (every count derived by hand below) and the likelihood-ratio statistic of a hand table.
#include <catch2/catch.hpp>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/panel.hpp"
#include "journeysim/calibrate/time_in_stage_fit.hpp"

using namespace journeysim;

namespace {

UtcMillis at(const std::string& text) {
  UtcMillis t = 0;
  std::string problem;
  REQUIRE(parse_as_of(text, t, problem));
  return t;
}

std::vector<std::uint64_t> row3(std::uint64_t a, std::uint64_t b, std::uint64_t c) { return {a, b, c}; }

Journey two_stages() {
  Journey journey;
  journey.stages.resize(2);
  journey.stages[0].id = "x";
  journey.stages[1].id = "y";
  journey.stages[1].terminal = true;
  return journey;
}

}  // namespace

TEST_CASE("lists of time-in-stage buckets (calibrate --time-in-stage)") {
  std::string problem;
  const auto list = parse_time_in_stage("1, 2-3,4-12,13+", problem);
  REQUIRE(list);
  CHECK(list->mode == TimeInStageChoice::Mode::list);
  REQUIRE(list->buckets.size() == 4);
  CHECK(list->buckets[1].first == 2);
  CHECK(list->buckets[1].last == 3);
  CHECK(list->buckets[3].open());
  CHECK(tenure_periods_needed(*list) == 13);
  CHECK(parse_time_in_stage("auto", problem)->mode == TimeInStageChoice::Mode::automatic);
  CHECK(tenure_periods_needed(*parse_time_in_stage("auto", problem)) == 13);
  CHECK(parse_time_in_stage("1+", problem));
  for (const char* bad : {"", "1,3+", "2+", "1,2-3", "1,2+,5+", "1,x,3+", "1,,2+", "0+", "1-0,2+"}) {
    INFO(bad);
    problem.clear();
    CHECK_FALSE(parse_time_in_stage(bad, problem));
    CHECK_FALSE(problem.empty());
  }
}

TEST_CASE("tallies by period in stage, with the left-truncated first spell left out") {
  // Stages a, b, c (terminal); window Jan..Jun 2024 (first event in January, as_of June 30).
  // P: a Jan 3, b Mar 5, c May 2. First seen in the log's first month: its spell in a has no
  //    known start. Month ends Jan a, Feb a, Mar b, Apr b, May c. Steps a→a (into Feb) and
  //    a→b (into Mar) are truncated (2 steps, 1 spell of a); b entered in March: b→b from
  //    period 1 (Mar→Apr), b→c from period 2 (Apr→May).
  // Q: b Feb 10: entered b in February (period 1). Month ends Feb..Jun b: stays from periods
  //    1, 2, 3, 4; with T = 3, periods 3 and 4 share the last cell (2).
  // R: a Feb 1, a Apr 1 (the same stage again: time in stage goes on), b Apr 20 (April's last
  //    event). Month ends Feb a, Mar a, Apr b, May b, Jun b: a→a from 1, a→b from 2, then b
  //    entered in April: b→b from 1, b→b from 2.
  const std::string text = "customer_id,timestamp,stage\n"
                           "P,2024-01-03,a\nP,2024-03-05,b\nP,2024-05-02,c\n"
                           "Q,2024-02-10,b\n"
                           "R,2024-02-01,a\nR,2024-04-01,a\nR,2024-04-20,b\n";
  const EventLog log = parse_event_log(text, "hand.csv", {"a", "b", "c"}, {});
  PanelOptions options;
  options.as_of = at("2024-06-30");
  options.tenure_periods = 3;
  const Panel panel = build_panel(log, {false, false, true}, options);
  const PanelTally& t = panel.pooled;
  CHECK(t.truncated_spells == std::vector<std::uint64_t>{1, 0, 0});
  CHECK(t.truncated_steps == std::vector<std::uint64_t>{2, 0, 0});
  CHECK(t.tenure_row(0, 1) == row3(1, 0, 0));  // R a→a
  CHECK(t.tenure_row(0, 2) == row3(0, 1, 0));  // R a→b
  CHECK(t.tenure_row(0, 3) == row3(0, 0, 0));
  CHECK(t.tenure_row(1, 1) == row3(0, 3, 0));  // P, Q, R
  CHECK(t.tenure_row(1, 2) == row3(0, 2, 1));  // Q, R stay; P leaves to c
  CHECK(t.tenure_row(1, 3) == row3(0, 2, 0));  // Q's periods 3 and 4
  // The plain counts keep the truncated steps: a→a P + R, a→b P + R.
  CHECK(t.counts[0 * 3 + 0] == 2);
  CHECK(t.counts[0 * 3 + 1] == 2);
  // The default panel has no tenure tallies.
  options.tenure_periods = 0;
  CHECK(build_panel(log, {false, false, true}, options).pooled.tenure.empty());
}

TEST_CASE("likelihood-ratio test of two buckets against one row (hand table)") {
  // Period 1: 80 stay, 20 leave; period 2 and later: 90 stay, 10 leave. Pooled 170/30 of 200.
  // G = 2 [80 ln(.8/.85) + 20 ln(.2/.15) + 90 ln(.9/.85) + 10 ln(.1/.15)] = 3.98655574 on
  // (2 − 1) × (2 − 1) = 1 df; P(χ²₁ > G) = erfc(√(G/2)) = 0.0458647 (computed by hand with
  // Python's math.erfc). The candidates 3 … 13+ are empty and merge into "2" → buckets 1, 2+.
  const Journey journey = two_stages();
  PanelTally tally;
  tally.resize(2, 1, true, 13);
  tally.tenure[0] = 80;      // (x, period 1, x)
  tally.tenure[1] = 20;      // (x, period 1, y)
  tally.tenure[2 + 0] = 90;  // (x, period 2, x)
  tally.tenure[2 + 1] = 10;  // (x, period 2, y)
  TimeInStageChoice automatic;
  automatic.mode = TimeInStageChoice::Mode::automatic;
  const std::vector<std::vector<bool>> allowed{{true, true}, {false, false}};
  const auto fits = fit_time_in_stage(journey, tally, allowed, automatic, {});
  REQUIRE(fits.size() == 1);
  const StageTenureFit& fit = fits.front();
  REQUIRE(fit.buckets.size() == 2);
  CHECK(fit.buckets[0].label() == "1");
  CHECK(fit.buckets[1].label() == "2+");
  CHECK(fit.statistic == Approx(3.9865557364691497).epsilon(1e-12));
  CHECK(fit.degrees_of_freedom == 1);
  CHECK(fit.p_value == Approx(0.045864727719610685).epsilon(1e-9));
  CHECK(fit.adjusted_p_value == fit.p_value);  // one stage tested: Holm changes nothing
  CHECK(fit.kept);                             // 0.046 < 0.05
  CHECK(fit.rows[0].probability[1] == Approx(0.2));
  CHECK(fit.rows[1].probability[1] == Approx(0.1));
}
