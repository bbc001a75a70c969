#pragma once
/// \file Customers who differ (issue #11 §4): in a stage, each customer's probability of one
/// exit per period is its own θ ~ Beta(α, β), drawn when it enters the stage — the shifted-
/// beta-geometric (sBG) model of Fader & Hardie (2007), "How to Project Customer Retention",
/// Journal of Interactive Marketing 21(1): 76–90. Written
/// `heterogeneity: {STAGE: {DEST: {beta: {alpha: a, beta: b}}}}`.
///
/// A customer with propensity θ leaves to DEST with probability θ and otherwise takes the
/// stage's other moves in the proportions of its row: P(j) = (1 − θ)·p_j/(1 − p_DEST). Among the
/// customers still in the stage after k − 1 periods θ is Beta(α, β + k − 1) (the moves that are
/// not DEST carry no information on θ beyond "not DEST"), so the stage's row in its k-th period
/// is exactly the row with DEST's probability replaced by the hazard h(k) = α/(α + β + k − 1).
/// The model is therefore a time-in-stage row with one bucket per period (derive_rows), and the
/// three modes, the exact analytics and fixes run on it as on any bucketed row. Rows are derived
/// up to period P = min(1000, horizon + K) (K: the periods the initial customers are given by,
/// 1 when they have just entered), which covers every period in stage the forecast can reach;
/// past P (analyze's infinite-horizon results only) the survivors keep the hazard of period P.
#include <cstddef>

#include "journeysim/core/error.hpp"

namespace journeysim {

struct Journey;
struct TransitionRow;
struct TimeInStageRows;

/// A Beta-distributed propensity of one exit of one stage.
struct BetaPropensity {
  std::size_t stage = 0;  ///< a StageIndex
  std::size_t to = 0;
  double alpha = 1, beta = 1;
  /// Standard errors of α and β and the correlation of their estimates (calibrate's fit;
  /// 0: known exactly). Replicates draw (ln α, ln β) from the normal they imply.
  double alpha_se = 0, beta_se = 0, correlation = 0;
  /// Periods the initial customers of `stage` are given by (K above; 1: just entered).
  int initial_periods = 1;
  /// The forecast periods its derived rows cover (derive_propensity_rows's horizon).
  int horizon = 0;
  SourceLocation where;  ///< the `beta` key
  bool uncertain() const { return alpha_se > 0 && beta_se > 0; }
};

/// h(k) = α/(α + β + k − 1): the probability that a customer in its k-th period in the stage
/// leaves to the exit, k ≥ 1.
double beta_hazard(double alpha, double beta, int period);

/// The last period with a row of its own: min(1000, horizon + initial_periods), at least 2.
int derived_periods(const BetaPropensity& propensity, int horizon);

/// The stage's rows by period in stage 1 … P (the last one open-ended) from its plain row `base`:
/// DEST's cell the hazard, the other cells scaled by (1 − h(k))/(1 − p_DEST).
TimeInStageRows derive_rows(const BetaPropensity& propensity, const TransitionRow& base, int horizon);

/// Rebuilds every propensity's rows in `journey.time_in_stage` for `horizon` and pads the
/// initial customers by period in stage to them. Idempotent; the reader calls it with the
/// model's horizon, runs longer than that through covering().
void derive_propensity_rows(Journey& journey, int horizon);

/// A copy of `journey` whose propensities' rows cover at least `horizon` forecast periods
/// (derived again when the model's own horizon was shorter).
Journey covering(const Journey& journey, int horizon);

}  // namespace journeysim
