// Expected flows and stage outcomes on the hand-computable tiny journey.
#include <catch2/catch.hpp>

#include "journeysim/analytic/flows.hpp"
#include "journeysim/analytic/stage_outcome.hpp"
#include "journeysim/io/model_reader.hpp"
#include "test_paths.hpp"

using namespace journeysim;

TEST_CASE("compute_flows counts the moves between the horizon's period ends", "[flows]") {
  const Journey j = read_journey(test::source_path("tests/data/report/tiny/journey.yaml"));
  const Chain chain = make_chain(j);
  StageFlows f = compute_flows(chain, compute_trace(chain));
  // x(0) = [100, 0, 0], x(1) = [40, 50, 10], x(2) = [16, 65, 19]; moves during t = 0, 1.
  CHECK(f.moves(0, 1) == Approx(50 + 20));
  CHECK(f.moves(0, 2) == Approx(10 + 4));
  CHECK(f.moves(1, 2) == Approx(0 + 5));
  CHECK(f.moves(0, 0) == 0);
  CHECK(f.entered(0) == 100);
  CHECK(f.at_end(1) == Approx(65));
  // Conservation: what is there at the end came in and did not leave.
  for (Eigen::Index s = 0; s < 3; ++s)
    CHECK(f.at_end(s) == Approx(f.entered(s) + f.moves.col(s).sum() - f.moves.row(s).sum()));
  // Segments add up.
  StageFlows total;
  add_flows(total, f);
  add_flows(total, f);
  CHECK(total.moves(0, 1) == Approx(2 * 70));
  CHECK(total.entered(0) == 200);
}

TEST_CASE("stage_outcome gives conversion, loss and time in stage", "[flows]") {
  const Journey j = read_journey(test::source_path("tests/data/report/tiny/journey.yaml"));
  const auto p = j.transition_matrix();
  Eigen::MatrixXd m(3, 3);
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) m(a, b) = p[a][b];
  const std::vector<bool> terminal{false, false, true};
  const StageOutcome trial = stage_outcome(m, terminal, 0, 3);
  CHECK(trial.conversion == Approx(0.5 * (1 - 0.4 * 0.4 * 0.4) / 0.6));
  REQUIRE(trial.periods);
  CHECK(*trial.periods == Approx(1 / 0.6));
  // Loss within 3 periods by any path = x(3)[churned] from e_trial: 0.1 + 0.04 + 0.05 + … = 0.271.
  CHECK(trial.loss == Approx(0.1 + 0.4 * 0.1 + 0.5 * 0.1 + 0.16 * 0.1 + 0.2 * 0.1 + 0.45 * 0.1));
  const StageOutcome paying = stage_outcome(m, terminal, 1, 3);
  CHECK(paying.conversion == 0);
  CHECK(*paying.periods == Approx(10));
}
