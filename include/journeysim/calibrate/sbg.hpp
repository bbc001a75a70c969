#pragma once
/// \file The shifted-beta-geometric (sBG) model of Fader & Hardie (2007), "How to Project
/// Customer Retention", Journal of Interactive Marketing 21(1): 76–90: each customer churns
/// each period with its own probability θ ~ Beta(α, β), so a cohort's retention flattens as
/// the likelier churners leave. A first piece of issue #11 item 4 (customers who differ): the
/// estimator and its projection; calibrate does not call it yet.
#include <vector>

namespace journeysim {

/// A fitted sBG: shape parameters, their standard errors (from the observed information at
/// the optimum, by the delta method on log α and log β), and the log-likelihood.
struct SbgFit {
  double alpha = 0, beta = 0;
  double alpha_se = 0, beta_se = 0;
  double log_likelihood = 0;
};

/// P(T = t) for t = 1 … periods (T: the period in which a customer churns):
/// P(T = 1) = α/(α+β), P(T = t) = P(T = t−1)·(β+t−2)/(α+β+t−1).
std::vector<double> sbg_churn_probabilities(double alpha, double beta, int periods);

/// S(t) = P(T > t) for t = 0 … periods: S(0) = 1, S(t) = S(t−1)·(β+t−1)/(α+β+t−1).
std::vector<double> sbg_survival(double alpha, double beta, int periods);

/// Log-likelihood of a cohort: `alive[t]` customers still active at the start of period t + 1
/// for t = 0 … n (alive[0] the cohort size); those lost in period t contribute ln P(T = t),
/// those alive at the end ln S(n) (right censoring).
double sbg_log_likelihood(double alpha, double beta, const std::vector<double>& alive);

/// Maximum-likelihood fit of α and β to a cohort's survivors (at least two counts, not
/// increasing); throws std::invalid_argument otherwise.
SbgFit fit_sbg(const std::vector<double>& alive);

}  // namespace journeysim
