// Backtest of the as-of convention (issue #11 item 1): on event logs drawn from a correctly
// specified chain, calibrate to as_of, forecast the held-out periods with `simulate`'s runner,
// and check that the held-out paying-customer counts fall inside the 90% band at close to the
// nominal rate. Oracle: the log's own held-out truth, computed here by the test's generator
// (a direct simulation that shares no code with the library: std::mt19937_64 and Knuth's
// Poisson). With the old convention (x(0) = initial + inflow) the bands covered far below 85%.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/core/civil_time.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/run/simulation.hpp"

using namespace journeysim;

namespace {

// trial → paying 0.3, trial → lost 0.2; paying → churned 0.05; 150 new trials a month.
const char* const template_yaml = R"(journey: {name: backtest, period: month, horizon: 12, discount_rate: 0}
stages:
  - {id: trial}
  - {id: paying, revenue_per_period: 50}
  - {id: lost, terminal: true}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, lost: 0.2}
  paying: {churned: 0.05}
population:
  inflow: {trial: 150}
)";

constexpr int trial = 0, paying = 1, lost = 2, churned = 3;
constexpr int fitted_periods = 24;  // periods 0..23 are calibrated on; as_of = end of period 23
constexpr int held_out = 12;        // periods 24..35 are forecast
constexpr double arrivals_per_period = 150;

int knuth_poisson(double mean, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  const double limit = std::exp(-mean);
  int k = 0;
  for (double product = u(rng); product > limit; product *= u(rng)) ++k;
  return k;
}

int next_stage(int stage, double u) {
  if (stage == trial) return u < 0.3 ? paying : u < 0.5 ? lost : trial;
  if (stage == paying) return u < 0.05 ? churned : paying;
  return stage;
}

/// The event log of 36 monthly periods from 2024-01 and the paying customers at the end of
/// each period (the truth the forecast is checked against).
struct SyntheticLog {
  std::string csv;
  std::vector<int> paying_at_end;
};

SyntheticLog make_log(std::uint64_t seed) {
  const int periods = fitted_periods + held_out;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<UtcMillis> starts;
  for (int t = 0; t <= periods; ++t)
    starts.push_back(days_from_civil(CivilDate{2024 + t / 12, t % 12 + 1, 1}) * millis_per_day);
  SyntheticLog log;
  log.paying_at_end.assign(static_cast<std::size_t>(periods), 0);
  std::ostringstream csv;
  csv << "customer_id,timestamp,stage\n";
  const char* const ids[] = {"trial", "paying", "lost", "churned"};
  auto event = [&](long customer, int t, int stage) {
    const auto begin = starts[static_cast<std::size_t>(t)], length = starts[static_cast<std::size_t>(t) + 1] - begin;
    const UtcMillis when = begin + static_cast<UtcMillis>(u(rng) * static_cast<double>(length / 1000)) * 1000;
    csv << 'c' << customer << ',' << format_iso_timestamp(when) << ',' << ids[stage] << '\n';
  };
  long customer = 0;
  for (int arrival = 0; arrival < periods; ++arrival) {
    const int arriving = knuth_poisson(arrivals_per_period, rng);
    for (int i = 0; i < arriving; ++i, ++customer) {
      int stage = trial;
      event(customer, arrival, stage);
      for (int t = arrival; t < periods; ++t) {
        if (t > arrival) {  // one step per period boundary, as the chain moves
          const int next = next_stage(stage, u(rng));
          if (next != stage) event(customer, t, next);
          stage = next;
        }
        if (stage == paying) ++log.paying_at_end[static_cast<std::size_t>(t)];
      }
    }
  }
  log.csv = csv.str();
  return log;
}

/// Quantile q of `values` (sorted in place), linear between order statistics.
double quantile(std::vector<double>& values, double q) {
  std::sort(values.begin(), values.end());
  const double position = q * static_cast<double>(values.size() - 1);
  const auto low = static_cast<std::size_t>(position);
  const std::size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (position - static_cast<double>(low)) * (values[high] - values[low]);
}

}  // namespace

TEST_CASE("backtest: held-out paying customers fall in the 90% band at ~90% (as-of convention)", "[backtest]") {
  const Journey template_journey = parse_journey(template_yaml, "backtest.yaml");
  const auto n = template_journey.stage_count();
  int cases = 0, covered = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const SyntheticLog truth = make_log(seed);
    const EventLog log = parse_event_log(truth.csv, "backtest.csv", template_journey.stage_ids(), {});
    CalibrateOptions options;
    UtcMillis as_of = 0;
    std::string problem;
    REQUIRE(parse_as_of("2025-12-31", as_of, problem));  // the last day of period 23
    options.as_of = as_of;
    const CalibrationResult fit = calibrate_journey(template_journey, log, options);
    // The forecast's period 0 is the as-of state itself, so it equals the truth at period 23.
    REQUIRE(fit.journey.population.initial[paying] == truth.paying_at_end[fitted_periods - 1]);
    REQUIRE(fit.journey.calibration.inflow_periods == fitted_periods - 1);

    SimulationSettings settings;
    settings.mode = Mode::cohort;
    settings.seed = seed;
    settings.replicates = 400;
    settings.horizon = held_out + 1;
    const SimulationResult run = run_simulation(fit.journey, FixesFile{}, settings);
    const ScenarioOutcome& baseline = run.scenarios.front();
    for (int h = 1; h <= held_out; ++h) {
      std::vector<double> draws = baseline.trajectory_column(0, static_cast<std::size_t>(h) * (n + 1) + paying);
      const double low = quantile(draws, 0.05), high = quantile(draws, 0.95);
      const int actual = truth.paying_at_end[static_cast<std::size_t>(fitted_periods - 1 + h)];
      ++cases;
      covered += low <= actual && actual <= high;
    }
  }
  const double coverage = static_cast<double>(covered) / cases;
  INFO("coverage " << coverage << " over " << cases << " held-out periods");
  // The issue's acceptance band for a correctly specified chain (fixed seed set).
  CHECK(coverage >= 0.85);
  CHECK(coverage <= 0.95);
}
