// Customers who differ (issue #11 §4): each paying customer's monthly churn is its own
// θ ~ Beta(α, β), the shifted-beta-geometric model of Fader & Hardie (2007), "How to Project
// Customer Retention", Journal of Interactive Marketing 21(1): 76–90 (α = 0.704, β = 1.182: their
// fit of the "Regular" cohort, section 4). Oracles: the closed form S(t) = B(α, β + t)/B(α, β)
// by lgamma (not the hazard recursion the model uses), a Monte Carlo written here in which every
// customer draws its own θ once (std::gamma_distribution, not the engine's streams), and the
// three modes agreeing within 4 Monte Carlo standard errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "journeysim/analytic/absorption.hpp"
#include "journeysim/analytic/trace.hpp"
#include "journeysim/run/simulation.hpp"
#include "journeysim/sim/parameters.hpp"
#include "mc_moments.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

constexpr double alpha = 0.704, beta = 1.182;
constexpr double upgrade = 0.02;  // of the customers who do not churn in a month
constexpr int het_horizon = 13;

std::string model_yaml(const std::string& beta_extra = "") {
  // The row's churn (0.3) is the propensity's base: a customer whose θ were 0.3 would upgrade
  // 0.02·(1 − 0.3), so the row lists 0.014.
  return R"(journey: {name: sbg, period: month, horizon: 13, discount_rate: 0}
stages:
  - {id: paying, revenue_per_period: 100}
  - {id: premium, revenue_per_period: 150}
  - {id: churned, terminal: true}
transitions:
  paying: {churned: 0.3, premium: 0.014}
  premium: {churned: 0.01}
heterogeneity:
  paying: {churned: {beta: {alpha: 0.704, beta: 1.182)" +
         beta_extra + R"(}}}
population: {initial: {paying: 1000}}
)";
}

double log_beta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

/// P(a customer who entered paying is still there after t months) = E[((1 − θ)(1 − u))^t].
double still_paying(int t) {
  return std::pow(1 - upgrade, t) * std::exp(log_beta(alpha, beta + t) - log_beta(alpha, beta));
}

SimulationResult run_heterogeneous(const Journey& journey, Mode mode, std::int64_t replicates, std::uint64_t seed) {
  SimulationSettings settings;
  settings.mode = mode;
  settings.replicates = replicates;
  settings.seed = seed;
  return run_simulation(journey, FixesFile{}, settings);
}

using test::Moments;
using test::moments;

}  // namespace

TEST_CASE("heterogeneity: the rows by month in stage are the sBG hazard", "[sim]") {
  const Journey journey = test::journey_from(model_yaml());
  const Chain chain = make_chain(journey);
  // Paying gets one state per month up to het_horizon + 1 (14), then premium and churned.
  REQUIRE(chain.transition.rows() == 16);
  for (int k = 1; k <= 14; ++k) {
    const auto s = static_cast<Eigen::Index>(k - 1);
    const double h = alpha / (alpha + beta + k - 1);
    INFO("month " << k);
    CHECK(chain.transition(s, 15) == Approx(h).epsilon(1e-15));
    CHECK(chain.transition(s, 14) == Approx((1 - h) * upgrade).epsilon(1e-14));
    CHECK(chain.transition.row(s).sum() == Approx(1).epsilon(1e-15));
  }
}

TEST_CASE("heterogeneity: the expected path is the closed-form sBG survival", "[sim]") {
  const Journey journey = test::journey_from(model_yaml());
  const Trace trace = compute_trace(make_chain(journey));
  REQUIRE(trace.counts.cols() == 3);  // summed back into stages
  for (int t = 0; t < het_horizon; ++t) {
    INFO("month " << t);
    CHECK(trace.counts(t, 0) == Approx(1000 * still_paying(t)).epsilon(1e-12));
  }
  // Without the upgrade this is Fader & Hardie's Regular projection: S(12) = B(α, β+12)/B(α, β).
  CHECK(std::exp(log_beta(alpha, beta + 12) - log_beta(alpha, beta)) == Approx(0.170).margin(0.0015));
}

TEST_CASE("heterogeneity: customers drawing their own propensity give the same path as every mode",
          "[sim][statistical]") {
  const Journey journey = test::journey_from(model_yaml());
  const Trace trace = compute_trace(make_chain(journey));
  // The oracle: 1000 customers, each draws θ once and keeps it; 400 replicates.
  std::mt19937_64 rng(2007);
  std::gamma_distribution<double> ga(alpha, 1.0), gb(beta, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int replicates = 400;
  std::vector<std::vector<double>> paying(het_horizon, std::vector<double>(replicates, 0.0));
  for (int r = 0; r < replicates; ++r)
    for (int c = 0; c < 1000; ++c) {
      const double x = ga(rng), y = gb(rng);
      const double theta = x / (x + y);
      for (int t = 0; t < het_horizon; ++t) {
        paying[static_cast<std::size_t>(t)][static_cast<std::size_t>(r)] += 1;
        if (u(rng) < theta || u(rng) < upgrade) break;
      }
    }
  for (int t : {1, 2, 6, 12}) {
    const Moments m = moments(paying[static_cast<std::size_t>(t)]);
    INFO("own propensity, month " << t);
    CHECK(std::abs(m.mean - trace.counts(t, 0)) < 4 * m.mcse);
  }
  for (Mode mode : {Mode::cohort, Mode::individual}) {
    const SimulationResult result = run_heterogeneous(journey, mode, 400, 11);
    for (int t : {1, 2, 6, 12})
      for (int s = 0; s < 3; ++s) {
        // trajectories: 3 stages and revenue per month
        const Moments m = moments(result.scenarios[0].trajectory_column(0, static_cast<std::size_t>(t * 4 + s)));
        INFO(to_string(mode) << " month " << t << " stage " << s);
        CHECK(m.mcse > 0);
        CHECK(std::abs(m.mean - trace.counts(t, s)) < 4 * m.mcse);
      }
  }
}

TEST_CASE("heterogeneity: analyze's exact results follow the documented truncation", "[sim]") {
  const Journey journey = test::journey_from(model_yaml());
  const AbsorptionAnalysis a = analyze_absorption(make_chain(journey));
  // Months in paying for a customer entering it: Σ_{k=1}^{P} S_k + S_P·g/(1 − g), S_k the share
  // still there at the start of its k-th month, P = 14 and g = (1 − h(P))(1 − u) the stay of the
  // last state (model/heterogeneity.hpp: past P survivors keep month P's hazard).
  double months = 0, s = 1;
  for (int k = 1; k <= 14; ++k) {
    months += s;
    if (k < 14) s *= (1 - alpha / (alpha + beta + k - 1)) * (1 - upgrade);
  }
  const double g = (1 - alpha / (alpha + beta + 13)) * (1 - upgrade);
  months += s * g / (1 - g);
  CHECK(a.fundamental(0, 0) == Approx(months).epsilon(1e-12));
}

TEST_CASE("heterogeneity: replicates draw ln alpha and ln beta with the fit's errors", "[sim][statistical]") {
  const Journey journey = test::journey_from(model_yaml(", alpha_se: 0.05, beta_se: 0.1, correlation: 0.8"));
  const SimulationModel model = prepare_simulation_model(journey, het_horizon);
  const int replicates = 4000;
  std::vector<double> la, lb;
  std::vector<Chain> chains;
  for (int r = 0; r < replicates; ++r) {
    draw_segment_parameters(model, 5, static_cast<std::uint64_t>(r), chains);
    // From the hazards of months 1 and 2: 1/h(2) − 1/h(1) = 1/α, and β = α/h(1) − α.
    const double h1 = chains[0].transition(0, 15), h2 = chains[0].transition(1, 15);
    const double a = 1 / (1 / h2 - 1 / h1);
    la.push_back(std::log(a));
    lb.push_back(std::log(a / h1 - a));
    // Every month's row is the drawn shapes' hazard, the others scaled to fill the row.
    CHECK(chains[0].transition(5, 15) == Approx(a / (a + (a / h1 - a) + 5)).epsilon(1e-9));
    CHECK(chains[0].transition.row(5).sum() == Approx(1).epsilon(1e-14));
  }
  const Moments ma = moments(la), mb = moments(lb);
  CHECK(std::abs(ma.mean - std::log(alpha)) < 4 * ma.mcse);
  CHECK(std::abs(mb.mean - std::log(beta)) < 4 * mb.mcse);
  // sd(ln α) = se/α; the sample sd of n normals has sd ≈ σ/√(2n): 4 of those is 4.5%.
  const double sd_a = ma.mcse * std::sqrt(replicates), sd_b = mb.mcse * std::sqrt(replicates);
  CHECK(std::abs(sd_a / (0.05 / alpha) - 1) < 4 / std::sqrt(2.0 * replicates));
  CHECK(std::abs(sd_b / (0.1 / beta) - 1) < 4 / std::sqrt(2.0 * replicates));
  double cov = 0;
  for (int r = 0; r < replicates; ++r) cov += (la[r] - ma.mean) * (lb[r] - mb.mean);
  const double corr = cov / (replicates - 1) / (sd_a * sd_b);
  // The sample correlation's sd is ≈ (1 − ρ²)/√n = 0.0057.
  CHECK(std::abs(corr - 0.8) < 4 * (1 - 0.64) / std::sqrt(replicates));
  // Without standard errors the rows are exact in every replicate.
  const SimulationModel exact = prepare_simulation_model(test::journey_from(model_yaml()), het_horizon);
  draw_segment_parameters(exact, 5, 3, chains);
  CHECK(chains[0].transition(0, 15) == Approx(alpha / (alpha + beta)).epsilon(1e-15));
}

TEST_CASE("heterogeneity: a longer run derives rows for its horizon, and initial customers by month start there", "[sim]") {
  Journey journey = test::journey_from(model_yaml());
  const SimulationModel model = prepare_simulation_model(journey, 40);
  CHECK(model.segments[0].states.state_count(0) == 41);  // het_horizon + 1
  // Customers given by month in stage start there: 100 in their 3rd month survive the next
  // month with (1 − h(3))(1 − u).
  journey = test::journey_from(R"(journey: {name: sbg, period: month, horizon: 4}
stages:
  - {id: paying}
  - {id: churned, terminal: true}
transitions:
  paying: {churned: 0.3}
heterogeneity:
  paying: {churned: {beta: {alpha: 0.704, beta: 1.182}}}
population: {initial: {paying: {time_in_stage: {"3": 100, "5+": 10}}}}
)");
  const Chain chain = make_chain(journey);
  REQUIRE(chain.states.state_count(0) == 9);  // 4 + 5 periods given
  CHECK(chain.initial(2) == 100);
  CHECK(chain.initial(4) == 10);
  const Trace trace = compute_trace(chain);
  const double h3 = alpha / (alpha + beta + 2), h5 = alpha / (alpha + beta + 4);
  CHECK(trace.counts(1, 0) == Approx(100 * (1 - h3) + 10 * (1 - h5)).epsilon(1e-12));
}

TEST_CASE("heterogeneity: segments override the base row, or make the exit one probability", "[sim]") {
  const Journey journey = test::journey_from(model_yaml() + R"(segments:
  - id: loyal
    share: 0.5
    transitions: {paying: {premium: 0.1}}
  - id: flat
    share: 0.5
    transitions: {paying: {churned: 0.05}}
)");
  const auto views = segment_journeys(journey);
  REQUIRE(views.size() == 2);
  const Chain loyal = make_chain(views[0].journey), flat = make_chain(views[1].journey);
  // loyal: the propensity stays, the others are the new base row scaled by (1 − h)/(1 − 0.3).
  const double h2 = alpha / (alpha + beta + 1);
  CHECK(loyal.transition(1, 15) == Approx(h2).epsilon(1e-15));
  CHECK(loyal.transition(1, 14) == Approx(0.1 * (1 - h2) / 0.7).epsilon(1e-14));
  // flat: one churn probability, one state for paying.
  REQUIRE(flat.transition.rows() == 3);
  CHECK(flat.transition(0, 2) == 0.05);
  CHECK(flat.transition(0, 1) == 0.014);
}
