// With segments, analyze projects the same population as simulate: the sum of the segments.
#include <catch2/catch.hpp>

#include "journeysim/output/analysis_json.hpp"
#include "journeysim/run/simulation.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

const std::string segmented = test::segmented_trial_model_yaml();

}  // namespace

TEST_CASE("analyze: trace totals equal simulate's expected-mode baseline", "[analytic]") {
  const Journey journey = test::journey_from(segmented);
  const JourneyAnalysis analysis = analyze_journey(journey);
  REQUIRE(analysis.segments.size() == 2);
  SimulationSettings settings;
  settings.mode = Mode::expected;
  settings.replicates = 1;
  const SimulationResult result = run_simulation(journey, FixesFile{}, settings);
  const ReplicateMetrics& total = result.scenarios[0].metrics.back()[0];
  CHECK(analysis.trace.revenue_total == Approx(total.revenue_total).epsilon(1e-12));
  CHECK(analysis.trace.revenue_pv_total == Approx(total.revenue_pv).epsilon(1e-12));
}

TEST_CASE("analyze: segment leverage is the sum of each segment's leverage", "[analytic]") {
  const Journey journey = test::journey_from(segmented);
  const JourneyAnalysis analysis = analyze_journey(journey);
  const auto small = compute_leverage(analysis.segments[0].chain);
  const auto large = compute_leverage(analysis.segments[1].chain);
  for (const auto& lever : analysis.leverage) {
    double expected = 0;
    for (const auto* list : {&small, &large})
      for (const auto& one : *list)
        if (one.from == lever.from && one.to == lever.to) expected += one.delta_revenue_pv;
    CHECK(lever.delta_revenue_pv == Approx(expected).epsilon(1e-12));
  }
  CHECK(analysis.leverage.size() == small.size());
}
