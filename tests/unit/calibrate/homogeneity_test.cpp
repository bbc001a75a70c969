// The first-half/second-half homogeneity test (issue #11 item 5): Fisher's exact test for
// sparse tables against published values, Holm's correction against a hand computation, and
// end to end: the demo's own time-homogeneous synthetic data is not flagged, while a log whose
// conversion really halves in the middle of the window is (fixed seeds).
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/estimate.hpp"
#include "journeysim/core/civil_time.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/synth/synth.hpp"
#include "test_paths.hpp"

using namespace journeysim;

TEST_CASE("sparse rows use Fisher's exact test: published 2x2 values", "[homogeneity]") {
  // Fisher's lady tasting tea (Fisher 1935; Agresti, Categorical Data Analysis, 2nd ed.,
  // §3.5.1): [[3, 1], [1, 3]], two-sided p = 34/70 = 0.4857.
  const HomogeneityResult tea = homogeneity_test(0, {3, 1}, {1, 3});
  CHECK(tea.method == HomogeneityMethod::exact);
  CHECK(tea.p_value == Approx(34.0 / 70.0).epsilon(1e-9));
  // Wikipedia, "Fisher's exact test", the dieting example: [[1, 9], [11, 3]] has two-sided
  // p = 0.002759 (R: fisher.test(matrix(c(1, 11, 9, 3), 2))$p.value = 0.002759456). Its
  // expected counts are 5 and 7, so the row test keeps the chi-square law (Cochran's rule);
  // the exact test itself is checked directly.
  const auto diet = fisher_exact_p({1, 9}, {12, 12}, 10, 24);
  REQUIRE(diet.has_value());
  CHECK(*diet == Approx(0.002759456).epsilon(1e-5));
  CHECK(homogeneity_test(0, {1, 9}, {11, 3}).method == HomogeneityMethod::chi_square);
}

TEST_CASE("2xk exact test equals a brute-force sum over the hypergeometric law", "[homogeneity]") {
  // Row (stay, a, b) = (40, 2, 0) in the first half and (38, 1, 4) in the second: expected
  // counts of b are 2.0 and 2.0 (< 5), so the exact test applies. Oracle: every first row
  // (x, y, z) with the column totals (78, 3, 4) and row total 42, probability
  // C(78,x)C(3,y)C(4,z)/C(85,42), summed over those no more likely than the observed table.
  auto log_choose = [](double n, double k) { return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1); };
  auto log_p = [&](int y, int z) {
    const int x = 42 - y - z;
    return log_choose(78, x) + log_choose(3, y) + log_choose(4, z) - log_choose(85, 42);
  };
  const double observed = log_p(2, 0);
  double want = 0;
  for (int y = 0; y <= 3; ++y)
    for (int z = 0; z <= 4; ++z)
      if (log_p(y, z) <= observed + 1e-7) want += std::exp(log_p(y, z));
  const HomogeneityResult test = homogeneity_test(0, {40, 2, 0}, {38, 1, 4});
  CHECK(test.method == HomogeneityMethod::exact);
  CHECK(test.degrees_of_freedom == 2);
  CHECK(test.p_value == Approx(want).epsilon(1e-9));
  // Large counts keep the chi-square law.
  CHECK(homogeneity_test(0, {400, 200, 100}, {410, 190, 100}).method == HomogeneityMethod::chi_square);
}

TEST_CASE("Holm's step-down adjustment, by hand", "[homogeneity]") {
  // p = (0.01, 0.04, 0.03, 0.005), m = 4. Sorted: 0.005·4 = 0.02; 0.01·3 = 0.03; 0.03·2 = 0.06;
  // 0.04·1 = 0.04 → max(0.06, 0.04) = 0.06 (adjusted values never decrease).
  std::vector<HomogeneityResult> tests(4);
  const double p[] = {0.01, 0.04, 0.03, 0.005};
  for (std::size_t i = 0; i < 4; ++i) tests[i].p_value = p[i];
  holm_adjust(tests);
  CHECK(tests[0].adjusted_p_value == Approx(0.03));
  CHECK(tests[1].adjusted_p_value == Approx(0.06));
  CHECK(tests[2].adjusted_p_value == Approx(0.06));
  CHECK(tests[3].adjusted_p_value == Approx(0.02));
  for (auto& test : tests) test.p_value = 0.5;  // 4·0.5 = 2, capped at 1
  holm_adjust(tests);
  for (const auto& test : tests) CHECK(test.adjusted_p_value == 1.0);
}

namespace {

bool any_row_changed(const CalibrationResult& fit) {
  for (const auto& group : fit.groups)
    for (const auto& test : group.homogeneity)
      if (row_changed(test)) return true;
  return false;
}

}  // namespace

TEST_CASE("the demo's time-homogeneous synthetic data is not flagged", "[homogeneity]") {
  // scripts/demo: synth --customers 48000 --periods 24 --seed 1 --segment-column, then calibrate.
  // Before Holm and the exact test, rows consideration (p = 0.0014) and advocacy (chi-square
  // p = 6.6e-05 on a row with 60 exits) were called "changed".
  const Journey model = read_journey(test::source_path("scenarios/b2b-saas/journey.yaml"));
  SynthOptions options;
  options.customers = 48000;
  options.periods = 24;
  options.seed = 1;
  options.segment_column = true;
  std::ostringstream out;
  write_synthetic_events(model, options, out);
  EventLogOptions log_options;
  for (const auto& s : model.segments) log_options.known_segments.push_back(s.id);
  const EventLog log = parse_event_log(out.str(), "events.csv", model.stage_ids(), log_options);
  const CalibrationResult fit = calibrate_journey(model, log, {});
  std::size_t tests = 0;
  for (const auto& group : fit.groups) tests += group.homogeneity.size();
  CHECK(tests == 21);  // 7 rows of all customers and of each of the two segments
  CHECK_FALSE(any_row_changed(fit));
}

TEST_CASE("a log whose conversion halves mid-window is flagged", "[homogeneity]") {
  const Journey model = parse_journey(R"(journey: {name: change, period: month, horizon: 12}
stages:
  - {id: trial}
  - {id: paying, revenue_per_period: 50}
  - {id: lost, terminal: true}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, lost: 0.2}
  paying: {churned: 0.05}
population:
  inflow: {trial: 100}
)", "change.yaml");
  // 24 months from 2024-01, 100 new trials a month; trial → paying is 0.3 before period 12 and
  // 0.15 from then on (lost stays 0.2). Direct simulation, std::mt19937_64 (fixed seeds).
  for (std::uint64_t seed : {1, 2, 3}) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::ostringstream csv;
    csv << "customer_id,timestamp,stage\n";
    auto at = [](int t) {
      return format_iso_timestamp(days_from_civil(CivilDate{2024 + t / 12, t % 12 + 1, 1}) * millis_per_day +
                                  12 * 3600 * 1000);
    };
    long id = 0;
    for (int arrival = 0; arrival < 24; ++arrival)
      for (int i = 0; i < 100; ++i, ++id) {
        csv << 'c' << id << ',' << at(arrival) << ",trial\n";
        for (int t = arrival + 1; t < 24; ++t) {
          const double convert = t < 12 ? 0.3 : 0.15, v = u(rng);
          if (v < convert) {
            csv << 'c' << id << ',' << at(t) << ",paying\n";
            break;  // paying customers never churn in this log: only the trial row changes
          }
          if (v < convert + 0.2) {
            csv << 'c' << id << ',' << at(t) << ",lost\n";
            break;
          }
        }
      }
    const EventLog log = parse_event_log(csv.str(), "change.csv", model.stage_ids(), {});
    const CalibrationResult fit = calibrate_journey(model, log, {});
    bool trial_changed = false;
    for (const auto& test : fit.groups.front().homogeneity)
      if (test.from == 0) trial_changed = row_changed(test);
    INFO("seed " << seed);
    CHECK(trial_changed);
  }
}
