// Backtest scores (issue #13) against values worked out by hand for a four-replicate forecast
// {1, 2, 3, 4}, with the definitions of Gneiting & Raftery (2007), "Strictly Proper Scoring
// Rules, Prediction, and Estimation", JASA 102: 359–378 (interval score, CRPS), and Hyndman &
// Fan (1996) type 7 for the quantiles.
#include <catch2/catch.hpp>

#include "journeysim/backtest/scores.hpp"

using namespace journeysim;

TEST_CASE("backtest scores: a four-replicate forecast by hand", "[backtest]") {
  const ForecastScore s = score_forecast({4, 2, 1, 3}, 2.5);
  CHECK(s.mean == 2.5);
  // Type 7: h = (n − 1)p; q05 = 1 + 0.15·(2 − 1), q25 = 1.75, q75 = 3.25, q95 = 3.85.
  CHECK(s.q05 == Approx(1.15).epsilon(1e-15));
  CHECK(s.q25 == Approx(1.75).epsilon(1e-15));
  CHECK(s.q50 == Approx(2.5).epsilon(1e-15));
  CHECK(s.q75 == Approx(3.25).epsilon(1e-15));
  CHECK(s.q95 == Approx(3.85).epsilon(1e-15));
  CHECK(s.in50);
  CHECK(s.in90);
  // CRPS = ∫ (F(x) − 1{x ≥ 2.5})² dx over the empirical CDF, in four pieces:
  // [1,2): 0.25²·1, [2,2.5): 0.5²·0.5, [2.5,3): 0.5²·0.5, [3,4): 0.25²·1 → 0.375.
  CHECK(s.crps == Approx(0.375).epsilon(1e-15));
  CHECK(s.interval_score_90 == Approx(2.7).epsilon(1e-15));  // the width: the actual is inside
  CHECK(s.pit == 0.5);  // two of four below

  const ForecastScore above = score_forecast({1, 2, 3, 4}, 5);
  CHECK_FALSE(above.in90);
  CHECK(above.interval_score_90 == Approx(2.7 + 20 * (5 - 3.85)).epsilon(1e-14));
  // CRPS with the actual above every replicate: E|X − y| − ½E|X − X'| = 2.5 − 0.625.
  CHECK(above.crps == Approx(1.875).epsilon(1e-15));
  CHECK(above.pit == 1);
  CHECK(score_forecast({1, 2, 2, 4}, 2).pit == Approx(0.5).epsilon(1e-15));  // ties count half
}

TEST_CASE("backtest scores: summaries", "[backtest]") {
  std::vector<ForecastScore> scores{score_forecast({1, 2, 3, 4}, 2.5), score_forecast({1, 2, 3, 4}, 5),
                                    score_forecast({10, 10, 10, 10}, 8)};
  const ScoreSummary s = summarize(scores);
  CHECK(s.forecasts == 3);
  CHECK(s.coverage_90 == Approx(1.0 / 3).epsilon(1e-15));
  CHECK(s.coverage_90_se == Approx(std::sqrt((1.0 / 3) * (2.0 / 3) / 3)).epsilon(1e-15));
  // Errors (mean − actual): 0, −2.5, +2; mean −0.5/3, median 0; relative −0.5/15.5.
  CHECK(s.mean_error == Approx(-0.5 / 3).epsilon(1e-15));
  CHECK(s.median_error == 0);
  CHECK(s.mean_relative_error == Approx(-0.5 / 15.5).epsilon(1e-15));
  CHECK(s.mape == Approx((0 + 0.5 + 0.25) / 3).epsilon(1e-15));
  CHECK(s.pit_histogram[5] == 1);  // 0.5
  CHECK(s.pit_histogram[9] == 1);  // 1: the top bin is closed
  CHECK(s.pit_histogram[0] == 1);  // every replicate of the constant forecast is above 8
}
