// MLE, smoothing, intervals and the chi-square tests, against closed forms.
#include <catch2/catch.hpp>
#include <cmath>

#include "journeysim/calibrate/estimate.hpp"

using namespace journeysim;
using Catch::Detail::Approx;

TEST_CASE("MLE is counts over the row total; the prior goes to allowed cells only") {
  // Row 0 of a 4-stage chain: stays 6, moves to 1: 3, to 3: 1 (not allowed by the template).
  const std::vector<std::uint64_t> counts{6, 3, 0, 1};
  const std::vector<bool> allowed{false, true, true, false};
  EstimateOptions options;
  RowEstimate row = estimate_row(0, counts, allowed, options);
  CHECK(row.probability == std::vector<double>{0.6, 0.3, 0.0, 0.1});
  CHECK(row.estimated == std::vector<bool>{true, true, true, true});
  CHECK(row.observations == 10);
  CHECK(row.exits == 4);
  CHECK(row.flagged);  // 4 exits < 30
  // Prior 1 on the stay, cell 1 and cell 2 (allowed); cell 3 is estimated but gets no prior:
  // (6+1, 3+1, 0+1, 1) / (10 + 3).
  options.prior = 1;
  row = estimate_row(0, counts, allowed, options);
  CHECK(row.probability[0] == Approx(7.0 / 13));
  CHECK(row.probability[1] == Approx(4.0 / 13));
  CHECK(row.probability[2] == Approx(1.0 / 13));
  CHECK(row.probability[3] == Approx(1.0 / 13));
  // A row without observations has no estimate.
  CHECK(estimate_row(0, {0, 0, 0, 0}, allowed, {}).probability.empty());
}

TEST_CASE("Dirichlet intervals are Beta marginals of the posterior") {
  // Two allowed cells (stay, move), counts (1, 0), prior 1: posterior Dirichlet(2, 1), so the
  // stay is Beta(2, 1) with CDF x², the move Beta(1, 2) with CDF 1 − (1 − x)².
  EstimateOptions options;
  options.prior = 1;
  const RowEstimate row = estimate_row(0, {1, 0}, {false, true}, options);
  CHECK(row.low[0] == Approx(std::sqrt(0.025)).epsilon(1e-10));
  CHECK(row.high[0] == Approx(std::sqrt(0.975)).epsilon(1e-10));
  CHECK(row.low[1] == Approx(1 - std::sqrt(0.975)).epsilon(1e-10));
  CHECK(row.high[1] == Approx(1 - std::sqrt(0.025)).epsilon(1e-10));
  CHECK(describe(IntervalMethod::dirichlet, 1) == "dirichlet-posterior (counts + prior 1 per allowed cell)");
}

TEST_CASE("Wilson intervals match the textbook 3 of 10") {
  // Wilson score interval for 3/10 at 95%: (0.1078, 0.6032) (Newcombe 1998, table I).
  EstimateOptions options;
  options.interval = IntervalMethod::wilson;
  const RowEstimate row = estimate_row(0, {7, 3}, {false, true}, options);
  CHECK(row.low[1] == Approx(0.1078).margin(5e-5));
  CHECK(row.high[1] == Approx(0.6032).margin(5e-5));
}

TEST_CASE("homogeneity: a hand-computed 2x2 chi-square") {
  // First half (30 stay, 10 move), second half (20, 20): expected 25/15 in each half,
  // chi² = 2·(5²/25 + 5²/15) = 16/3, df 1, p = erfc(√(χ²/2)).
  const HomogeneityResult r = homogeneity_test(0, {30, 10, 0}, {20, 20, 0});
  CHECK(r.statistic == Approx(16.0 / 3));
  CHECK(r.degrees_of_freedom == 1);
  CHECK(r.p_value == Approx(std::erfc(std::sqrt(8.0 / 3))).epsilon(1e-10));
  // Identical halves: chi² 0, p 1. One half empty: untestable.
  CHECK(homogeneity_test(0, {10, 5}, {20, 10}).statistic == Approx(0).margin(1e-12));
  CHECK(homogeneity_test(0, {10, 5}, {0, 0}).degrees_of_freedom == 0);
}

TEST_CASE("goodness of fit: hand-computed") {
  // Counts (50, 30, 20) vs p (0.5, 0.25, 0.25): χ² = 0 + 25/25 + 25/25 = 2, df 2, p = e^{-1}.
  const HomogeneityResult r = goodness_of_fit(0, {50, 30, 20}, {0.5, 0.25, 0.25});
  CHECK(r.statistic == Approx(2));
  CHECK(r.degrees_of_freedom == 2);
  CHECK(r.p_value == Approx(std::exp(-1.0)).epsilon(1e-10));
  CHECK(std::isinf(goodness_of_fit(0, {5, 1}, {1.0, 0.0}).statistic));
}
