#pragma once
/// \file `journeysim decide`: which fixes to fund under a budget. Every feasible portfolio is a
/// scenario simulated jointly with the others on common random numbers (so interactions are
/// simulated, not assumed additive); all are screened on replicates [0, R), the leaders are
/// re-scored on fresh replicates [R, R + R') and the winner is picked on the re-scored values
/// (so it is not merely the luckiest of thousands: the optimizer's curse); the chosen
/// portfolios are then valued on a third fresh set [R + R', R + 2R') that no choice looked at.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "journeysim/model/fix.hpp"
#include "journeysim/model/journey.hpp"
#include "journeysim/run/simulation.hpp"

namespace journeysim {

/// What the decision maximises over the NPV distribution of a portfolio.
struct Objective {
  enum class Kind { mean, p10, cvar };
  Kind kind = Kind::mean;
  double level = 0.1;  ///< cvar: the share of worst replicates averaged
  /// "npv", "p10", "cvar:0.1".
  std::string name() const;
};
/// Parses "npv", "p10" or "cvar:LEVEL" (0 < LEVEL < 1); ConfigError otherwise.
Objective parse_objective(const std::string& text);

/// How a portfolio's cost counts against the budget.
enum class BudgetBasis {
  upfront,          ///< the upfront costs only
  total,            ///< upfront + per-period costs over the horizon, undiscounted (per-customer excluded)
  total_discounted  ///< expected present value of every fix cost as simulated (what NPV subtracts)
};
std::string to_string(BudgetBasis basis);
std::optional<BudgetBasis> parse_budget_basis(const std::string& text);

/// Most candidates the exact search takes, and most portfolios it simulates.
inline constexpr std::size_t max_decide_candidates = 20;
inline constexpr std::size_t max_decide_portfolios = 200000;
/// Most bytes of screening samples held at once (NPV per portfolio and replicate).
inline constexpr double max_decide_bytes = 4e9;

struct DecisionSettings {
  SimulationSettings simulation;  ///< mode, seed, replicates (screening), horizon
  double budget = 0;
  int max_fixes = 0;  ///< 0 = no limit
  Objective objective;
  BudgetBasis basis = BudgetBasis::total_discounted;
  std::optional<double> min_p_positive;  ///< risk constraint P(NPV > 0) ≥ x
  std::int64_t rescore_replicates = 0;   ///< 0 = as many as screening
  std::size_t leaders = 10;              ///< re-scored per budget level
  int budget_levels = 10;                ///< frontier points: budget·k/levels, k = 1..levels
  /// Called after each simulated chunk: (scenario-replicates done, planned).
  std::function<void(double, double)> progress;
};

/// A portfolio's NPV distribution and money over one set of replicates.
struct PortfolioStats {
  double mean = 0, mcse = 0, p10 = 0, p50 = 0, p90 = 0, cvar = 0;
  double p_positive = 0;   ///< share of replicates with NPV > 0
  double cost_pv = 0;      ///< mean PV of the portfolio's fix costs
  double roi = 0;          ///< mean ROI (NaN without cost)
  double payback = 0;      ///< median payback period (horizon + 1 = never)
  double objective = 0;    ///< the objective's value
};

/// One portfolio the search considered.
struct PortfolioResult {
  std::uint32_t mask = 0;     ///< bit i: the i-th candidate (fixes not excluded, in file order)
  std::vector<std::size_t> fixes;
  double budget_cost = 0;     ///< cost on the budget basis
  bool feasible = false;      ///< meets every constraint (risk on the screening replicates)
  PortfolioStats screening;
  std::optional<PortfolioStats> rescored;
  /// Frontier points (the recommendation among them) on a third set of fresh replicates: the
  /// winner is the best of several re-scored leaders, so its re-scored value is itself a little
  /// lucky; these values, on replicates no choice looked at, are unbiased.
  std::optional<PortfolioStats> confirmed;
};

struct FrontierPoint {
  double budget = 0;
  std::size_t portfolio = 0;  ///< index into DecisionResult::portfolios
};

/// Per fix: how it fares in the decision and the prioritisation table's columns.
struct FixDecision {
  std::size_t fix = 0;
  bool candidate = true;         ///< false when excluded
  bool recommended = false;
  double p_in_optimal = 0;       ///< share of screening replicates whose best feasible portfolio holds it
  double replacement_cost = 0;   ///< objective lost (screening) if it were excluded; 0 when not funded
  double forcing_cost = 0;       ///< objective lost (screening) if it were required; 0 when funded
  double budget_cost = 0;        ///< cost alone on the budget basis (effort)
  double reach = 0;              ///< mean customer-periods in its affected stages from its start
  double impact = 0;             ///< incremental margin PV per customer-period reached
  PortfolioStats alone;          ///< the fix alone (screening); confidence = alone.p_positive
};

struct Interaction {
  std::size_t a = 0, b = 0;
  double mean = 0, mcse = 0;  ///< NPV(A+B) − NPV(A) − NPV(B), paired over screening replicates
};

/// One bar of the tornado: the recommendation's mean NPV (confirmation replicates) with one fix
/// effect pinned at its P10 and at its P90, every other draw as it was (common random numbers).
struct TornadoBar {
  std::size_t fix = 0, effect = 0;  ///< indices into FixesFile::fixes and the fix's effects
  /// Empty for an effect; "upfront", "per_period", "per_customer" or "per_trigger" for an uncertain cost of
  /// the fix (then `effect` is unused).
  std::string cost;
  double low = 0, high = 0;         ///< the input's P10 and P90
  double npv_low = 0, npv_high = 0;
};

/// One bar of the tornado's model side: an uncertain input of the model itself (a calibrated
/// transition cell, a propensity's first-period hazard, an inflow level), read off the
/// confirmation replicates: the recommendation's mean NPV over the replicates whose draw of the
/// input is at or below its P10, and at or above its P90 (no re-simulation).
struct ModelSwing {
  std::string input;          ///< "onboarding → adoption (period in stage 2) [smb]"
  double low = 0, high = 0;   ///< the input's P10 and P90 over the replicates
  double npv_low = 0, npv_high = 0;
  double variance_share = 0;  ///< first-order share of the NPV's variance
};

/// One bar of the tornado's economics side: the recommendation's mean NPV (confirmation
/// replicates, re-simulated on the same random numbers) with the model's discount rate or gross
/// margin set to the low and the high end of a range around it (docs/reference/outputs.md,
/// "economics_tornado": the annual rate ± 5 points, at least 0; the margin ± 10 points, within
/// [0, 1]). Neither is uncertain in the model: the range is a scenario, not a distribution.
struct EconomicsSwing {
  std::string input;                     ///< "discount_rate" (annual) or "gross_margin"
  double value = 0, low = 0, high = 0;   ///< the model's value and the range's ends
  double npv_low = 0, npv_high = 0;
};

/// Quantile q of a distribution as the simulator draws it.
double distribution_quantile(const Distribution& distribution, double q);

/// The value of learning one uncertain fix effect before funding: EVPPI over the screening
/// replicates and the best portfolios (decide/value_of_information.hpp), and its first-order
/// share of the variance of the recommendation's NPV (confirmation replicates).
struct EffectInformation {
  std::size_t fix = 0, effect = 0;  ///< indices into FixesFile::fixes and the fix's effects
  /// Empty for an effect; "upfront", "per_period", "per_customer" or "per_trigger" for an
  /// uncertain cost of the fix (then `effect` is unused).
  std::string cost;
  double evppi = 0;
  double variance_share = 0;
};

/// An A/B pilot of one fix's transition effect before funding: `per_arm` customers get the fix
/// and as many do not, enrolled as they enter the effect's stage and each followed `follow`
/// periods; the funding decision then waits `wait` periods (enrolment + follow-up).
struct Pilot {
  std::size_t fix = 0, effect = 0;
  double per_arm = 0;
  int follow = 0, wait = 0;
  double entries_per_period = 0;  ///< customers entering the stage per period (baseline, expected)
  double noise_sd = 0;            ///< standard error of the pilot's estimate of the effect
  double evsi = 0;                ///< expected value of its information, were it free and instant
  double wait_cost = 0;           ///< value lost by funding `wait` periods later
  double direct_cost = 0;         ///< per-customer cost of the fix for the treated arm
  double net = 0;                 ///< expected net benefit: the best plan maximises it
  bool worth_running() const { return net > 0; }
};

struct DecisionResult {
  std::vector<PortfolioResult> portfolios;  ///< every simulated portfolio, by mask
  std::size_t feasible_count = 0;
  std::size_t candidates = 0;
  std::size_t recommended = 0;     ///< index into portfolios
  std::size_t screening_best = 0;  ///< best feasible on screening values
  std::vector<std::size_t> leaders;
  std::vector<FrontierPoint> frontier;
  std::vector<FixDecision> fixes;
  std::vector<Interaction> interactions;  ///< |mean| > 2·MCSE, largest first
  std::vector<TornadoBar> tornado;        ///< widest swing first
  std::vector<ModelSwing> model_tornado;  ///< widest swing first
  std::vector<EconomicsSwing> economics_tornado;  ///< discount rate, then gross margin
  double evpi = 0;                 ///< E[max over feasible of NPV] − max of E[NPV] (screening)
  std::vector<EffectInformation> information;  ///< per uncertain effect of a candidate, largest EVPPI first
  std::optional<Pilot> pilot;      ///< the best pilot of the transition effect with the largest EVPPI
  std::int64_t screening_replicates = 0, rescore_replicates = 0;  ///< confirmation uses rescore_replicates too
  int horizon = 0;
};

/// Fix f's cost on the basis that is known before simulating, uncertain costs at their mean
/// (at their minimum on total-discounted) (upfront; total; for
/// total-discounted the discounted upfront and per-period costs, a lower bound of its PV).
double known_cost(const Fix& fix, BudgetBasis basis, const Economics& economics);

/// "Pilot FIX on N customers entering STAGE …: expected value of that pilot $X (…)." or
/// "Fund without a pilot: …"; empty when no candidate has an uncertain transition effect.
std::string pilot_sentence(const Journey& journey, const FixesFile& fixes, const DecisionResult& result);

/// Runs the decision. ConfigError/InputError for impossible settings (budget ≤ 0 or below
/// every fix, --max-fixes < 1, required fixes over the budget, too many candidates).
DecisionResult decide(const Journey& journey, const FixesFile& fixes, const DecisionSettings& settings);

}  // namespace journeysim
