#include <catch2/catch.hpp>

#include <cmath>

#include "journeysim/sim/parameters.hpp"
#include "small_models.hpp"

using namespace journeysim;

TEST_CASE("rows with calibration counts are drawn from Dirichlet(counts + prior)", "[sim][statistical]") {
  const std::string yaml = std::string(test::trial_model_yaml()) + R"(calibration:
  prior: 1
  counts:
    trial: {trial: 49, paying: 29, lost: 19}
)";
  const Journey journey = test::journey_from(yaml);
  const SimulationModel model = prepare_simulation_model(journey, 12);
  // α = counts + 1 over the allowed cells (stay, paying, lost); 'churned' is not allowed.
  REQUIRE(model.alpha[0][0] == std::vector<double>{50, 30, 20, 0});
  CHECK(model.alpha[0][1].empty());  // 'paying' has no counts: exact
  const int n = 4000;
  double sum = 0, sum_sq = 0, sum_4th = 0;
  std::vector<Chain> drawn;
  for (int r = 0; r < n; ++r) {
    draw_segment_parameters(model, 77, static_cast<std::uint64_t>(r), drawn);
    const double p = drawn[0].transition(0, 1);
    sum += p;
    sum_sq += (p - 0.3) * (p - 0.3);
    sum_4th += (p - 0.3) * (p - 0.3) * (p - 0.3) * (p - 0.3);
    REQUIRE(drawn[0].transition.row(0).sum() == Approx(1.0).epsilon(1e-12));
    REQUIRE(drawn[0].transition(0, 3) == 0.0);
    REQUIRE(drawn[0].transition(1, 3) == 0.05);  // exact row untouched
  }
  const double variance = 30.0 * 70.0 / (100.0 * 100.0 * 101.0);
  CHECK(std::abs(sum / n - 0.3) < 4 * std::sqrt(variance / n));
  // Variance about the known mean, bounded by 4 standard errors: sqrt((μ4 − σ⁴)/n).
  CHECK(std::abs(sum_sq / n - variance) < 4 * std::sqrt((sum_4th / n - variance * variance) / n));
}

TEST_CASE("parameter draws depend on seed and replicate only", "[sim]") {
  const std::string yaml = std::string(test::trial_model_yaml()) + "calibration: {counts: {trial: {trial: 5, paying: 3, lost: 2}}}\n";
  const SimulationModel model = prepare_simulation_model(test::journey_from(yaml), 12);
  std::vector<Chain> a, b, c;
  draw_segment_parameters(model, 1, 4, a);
  draw_segment_parameters(model, 1, 4, b);
  draw_segment_parameters(model, 1, 5, c);
  CHECK(a[0].transition == b[0].transition);
  CHECK(a[0].transition != c[0].transition);
}

TEST_CASE("the inflow level is drawn per replicate: gamma, mean 1, sd = relative SE of the mean", "[sim][statistical]") {
  // inflow 50 a month with sd 20 over 16 periods: the mean's standard error is 20/√16 = 5, a
  // relative 0.1. Every segment's inflow is multiplied by one level L per replicate.
  const std::string yaml = std::string(test::trial_model_yaml()) + R"(calibration:
  inflow_sd: {trial: 20}
  inflow_periods: 16
)";
  const Journey journey = test::journey_from(yaml);
  REQUIRE(journey.calibration.inflow_periods == 16);
  const SimulationModel model = prepare_simulation_model(journey, 12);
  CHECK(model.inflow_level_sd == Approx(0.1).epsilon(1e-12));
  const int n = 4000;
  double sum = 0, sum_sq = 0;
  std::vector<Chain> drawn, again;
  for (int r = 0; r < n; ++r) {
    draw_segment_parameters(model, 5, static_cast<std::uint64_t>(r), drawn);
    const double level = drawn[0].inflow(0) / 50;
    CHECK(drawn[0].inflow(1) == 0);  // only stages with inflow change
    sum += level;
    sum_sq += (level - 1) * (level - 1);
    if (r < 3) {  // keyed streams: the same replicate draws the same level again
      draw_segment_parameters(model, 5, static_cast<std::uint64_t>(r), again);
      CHECK(again[0].inflow(0) == drawn[0].inflow(0));
    }
  }
  const double mean = sum / n, sd = std::sqrt(sum_sq / n);
  // SE of the mean is 0.1/√4000 = 0.0016; of the sd about 0.1/√(2·4000) = 0.0011 (gamma with
  // shape 100 is close to normal); bounds at 4 SE.
  CHECK(std::abs(mean - 1) < 4 * 0.1 / std::sqrt(n));
  CHECK(std::abs(sd - 0.1) < 4 * 0.1 / std::sqrt(2.0 * n) * 1.05);
  // Without inflow_periods (hand-written or older calibrated models) the inflow stays exact.
  const Journey exact = test::journey_from(std::string(test::trial_model_yaml()) + "calibration:\n  inflow_sd: {trial: 20}\n");
  const SimulationModel exact_model = prepare_simulation_model(exact, 12);
  CHECK(exact_model.inflow_level_sd == 0);
  draw_segment_parameters(exact_model, 5, 0, drawn);
  CHECK(drawn[0].inflow(0) == 50);
}
