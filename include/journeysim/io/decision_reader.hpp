#pragma once
/// \file Reading the decision.json that `decide` writes (docs/reference/outputs.md#decide), for
/// the report's "What to fund" section and headline.
#include <optional>
#include <string>
#include <vector>

namespace journeysim {

/// A portfolio of the decision with its confirmed values (replicates no choice looked at).
struct DecisionPoint {
  std::vector<std::string> fixes;
  double budget = 0;  ///< the frontier's budget level (the whole budget for the recommendation)
  double budget_cost = 0, npv_mean = 0, npv_p10 = 0, npv_p90 = 0, prob_npv_positive = 0;
};

/// One tornado bar: the recommendation's mean NPV with one fix effect (or one uncertain cost of
/// the fix, named in `cost`) at its P10 and P90.
struct DecisionSwing {
  std::string fix, distribution;
  std::string cost;  ///< "" for an effect; "upfront", "per_period" or "per_customer"
  double p10 = 0, p90 = 0, npv_at_p10 = 0, npv_at_p90 = 0;
};

/// One bar of the tornado's model side: the recommendation's mean NPV over the replicates where
/// one drawn model input fell at or below its P10, and at or above its P90.
struct DecisionModelSwing {
  std::string input;
  double p10 = 0, p90 = 0, npv_low = 0, npv_high = 0, variance_share = 0;
};

/// The recommendation's mean NPV with the discount rate or gross margin at each end of a range.
struct DecisionEconomicsSwing {
  std::string input;  ///< "discount_rate" or "gross_margin"
  double value = 0, low = 0, high = 0, npv_low = 0, npv_high = 0;
};

/// What learning one fix effect exactly before funding would be worth (EVPPI).
struct DecisionInformation {
  std::string fix, distribution;
  std::string cost;  ///< empty for an effect, else the cost field ("upfront", …)
  double evppi = 0, variance_share = 0;
};

struct DecisionSummary {
  double budget = 0;
  std::string budget_basis, objective;
  long long candidates = 0, feasible = 0;
  DecisionPoint recommended;
  std::vector<DecisionPoint> frontier;
  std::vector<DecisionSwing> tornado;  ///< widest first
  std::vector<DecisionModelSwing> model_tornado;  ///< widest first (empty in older decision.json files)
  std::vector<DecisionEconomicsSwing> economics_tornado;  ///< empty in older decision.json files
  double evpi = 0;
  std::vector<DecisionInformation> information;  ///< largest EVPPI first (empty in older decision.json files)
  std::string pilot_sentence;                    ///< empty without a pilot
  bool pilot_worth_running = false;
};

/// Parses decision.json text; InputError naming `file` and the JSON pointer of a missing or
/// mistyped value.
DecisionSummary parse_decision_summary(const std::string& text, const std::string& file);

/// DIR/decision.json, or nullopt when DIR has none (a plain simulate run).
std::optional<DecisionSummary> read_decision_summary(const std::string& run_directory);

}  // namespace journeysim
