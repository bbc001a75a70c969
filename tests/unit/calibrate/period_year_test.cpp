// The `year` period (issue #11 item 2): the calendar-year clock, `period: year` in a model,
// annual discounting and ARR, and calibrate --period year on a monthly template restating the
// template's money per year (the bug: 50 a month stayed 50, now a year). Oracles: the calendar,
// and amounts worked out by hand below.
#include <catch2/catch.hpp>

#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/period_clock.hpp"
#include "journeysim/core/civil_time.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/model/economics.hpp"
#include "journeysim/output/journey_yaml_writer.hpp"
#include "journeysim/roi/metrics.hpp"

using namespace journeysim;

namespace {

UtcMillis at(int year, int month, int day) { return days_from_civil(CivilDate{year, month, day}) * millis_per_day; }

const char* const monthly_template = R"(journey: {name: annual, period: month, horizon: 36, discount_rate: 0.1}
stages:
  - {id: trial, cost_per_period: 2}
  - {id: paying, revenue_per_period: 50, cost_per_period: 5, targets: {periods: 24}}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.5}
  paying: {churned: 0.1}
population:
  inflow: {trial: 10}
)";

}  // namespace

TEST_CASE("the year clock is the calendar year", "[period]") {
  CHECK(period_of(at(2024, 7, 15) + 3600 * 1000, Period::year) == 2024);
  CHECK(period_of(at(2024, 12, 31) + millis_per_day - 1, Period::year) == 2024);
  CHECK(period_of(at(2025, 1, 1), Period::year) == 2025);
  CHECK(period_of(at(1969, 6, 1), Period::year) == 1969);
  CHECK(period_start(2024, Period::year) == at(2024, 1, 1));
  CHECK(period_start(2025, Period::year) - period_start(2024, Period::year) == 366 * millis_per_day);  // leap year
}

TEST_CASE("period: year in a model discounts and annualises per year", "[period]") {
  std::string text = monthly_template;
  text.replace(text.find("period: month"), 13, "period: year");
  const Journey journey = parse_journey(text, "annual.yaml");
  CHECK(journey.info.period == Period::year);
  Economics economics = economics_of(journey, 3);
  CHECK(economics.periods_per_year == 1);
  economics.prepare();
  CHECK(economics.discount(1) == Approx(1 / 1.1).epsilon(1e-12));  // one period = one year
  CHECK(economics.discount(2) == Approx(1 / 1.21).epsilon(1e-12));
  // ARR is the last period's revenue × periods per year: one year's revenue for a year.
  ScenarioSeries series;
  series.revenue = {600, 660, 720};
  series.cost_to_serve = series.fix_cost = {0, 0, 0};
  const ReplicateMetrics m = absolute_metrics(series, economics);
  CHECK(m.arr_end == 720);
  CHECK(m.revenue_pv == Approx(600 + 660 / 1.1 + 720 / 1.21).epsilon(1e-12));
  // The same run rate kept monthly: 60 a month in the last month is the same ARR.
  Economics monthly = economics_of(parse_journey(monthly_template, "m.yaml"), 1);
  ScenarioSeries month;
  month.revenue = {60};
  month.cost_to_serve = month.fix_cost = {0};
  CHECK(absolute_metrics(month, monthly).arr_end == 720);
}

TEST_CASE("calibrate --period year restates a monthly template's money per year", "[period][calibrate]") {
  const Journey template_journey = parse_journey(monthly_template, "annual.yaml");
  // Three customers over 2021–2024, no revenue column: the template's amounts are kept, so they
  // must be converted. c1 trial 2021 → paying 2022; c2 trial 2021 → paying 2022 → churned 2024;
  // c3 trial 2023.
  const std::string csv =
      "customer_id,timestamp,stage\n"
      "c1,2021-03-01T00:00:00Z,trial\nc1,2022-02-01T00:00:00Z,paying\n"
      "c2,2021-05-01T00:00:00Z,trial\nc2,2022-06-01T00:00:00Z,paying\nc2,2024-03-01T00:00:00Z,churned\n"
      "c3,2023-04-01T00:00:00Z,trial\n";
  const EventLog log = parse_event_log(csv, "annual.csv", template_journey.stage_ids(), {});
  CalibrateOptions options;
  options.period = Period::year;
  UtcMillis as_of = 0;
  std::string problem;
  REQUIRE(parse_as_of("2024-12-31", as_of, problem));  // 2024 complete: its transitions count
  options.as_of = as_of;
  const CalibrationResult fit = calibrate_journey(template_journey, log, options);
  const Journey& j = fit.journey;
  CHECK(j.info.period == Period::year);
  CHECK(j.info.horizon == 3);                         // 36 months
  CHECK(j.stages[1].revenue_per_period == 600);      // 50 a month × 12
  CHECK(j.stages[1].cost_per_period == 60);          // 5 a month × 12
  CHECK(j.stages[0].cost_per_period == 24);          // 2 a month × 12
  CHECK(j.stages[1].targets.at("periods") == 2);     // 24 months = 2 years
  REQUIRE(j.calibration.period);
  CHECK(*j.calibration.period == Period::year);
  // Transitions are counted year end to year end: 2021→22 trial → paying twice.
  CHECK(j.calibration.counts.counts[0][1] == 2);
  CHECK(j.calibration.counts.counts[1][2] == 1);     // c2 churned in 2024 (2023 → 2024)
  // The written model (the template's text kept) says the same once read back.
  const Journey written = parse_journey(calibrated_journey_yaml(monthly_template, template_journey, j), "out.yaml");
  CHECK(written.info.period == Period::year);
  CHECK(written.info.horizon == 3);
  CHECK(written.stages[1].revenue_per_period == 600);
  CHECK(written.stages[1].cost_per_period == 60);
  CHECK(written.stages[0].cost_per_period == 24);
  CHECK(written.stages[1].targets.at("periods") == 2);
  // The calibration block's new fields read back as written.
  CHECK(written.calibration.inflow_periods == j.calibration.inflow_periods);
  CHECK(j.calibration.inflow_periods == 3);  // complete years 2021–2024 after the first
  REQUIRE(written.calibration.homogeneity.size() == j.calibration.homogeneity.size());
  for (std::size_t i = 0; i < j.calibration.homogeneity.size(); ++i) {
    CHECK(written.calibration.homogeneity[i].method == j.calibration.homogeneity[i].method);
    CHECK(written.calibration.homogeneity[i].adjusted_p_value ==
          Approx(j.calibration.homogeneity[i].adjusted_p_value).epsilon(1e-3));
  }
}
