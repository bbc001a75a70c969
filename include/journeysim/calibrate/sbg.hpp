#pragma once
/// \file The shifted-beta-geometric (sBG) model of Fader & Hardie (2007), "How to Project
/// Customer Retention", Journal of Interactive Marketing 21(1): 76–90: each customer churns
/// each period with its own probability θ ~ Beta(α, β), so a cohort's retention flattens as
/// the likelier churners leave. A first piece of issue #11 item 4 (customers who differ): the
/// estimator and its projection; calibrate --heterogeneity beta fits it per stage
/// (calibrate/heterogeneity_fit.hpp).
#include <vector>

namespace journeysim {

/// Past α + β = 1e6 a fit only says "no heterogeneity": Beta(α, β) is then within 0.1% of its
/// mean for any mean, the likelihood is flat along the ridge α/(α+β) = const, and the
/// standard errors are left at 0.
inline constexpr double sbg_geometric_limit = 1e6;

/// A fitted sBG: shape parameters, their standard errors (from the observed information at
/// the optimum, by the delta method on log α and log β), and the log-likelihood.
struct SbgFit {
  double alpha = 0, beta = 0;
  double alpha_se = 0, beta_se = 0;  ///< 0 when the information is singular or a shape is at its bound
  double correlation = 0;            ///< of the two estimates (of ln α and ln β)
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

/// The same likelihood from per-period tallies, the form spells of any start and censoring give:
/// `exits[t−1]` customers left during their t-th period in the stage, `survivals[t−1]` were there
/// through it; Σ exits·ln h(t) + survivals·ln(1 − h(t)), h(t) = α/(α+β+t−1). A cohort's
/// survivors are the special case exits = alive[t−1] − alive[t], survivals = alive[t].
double sbg_hazard_log_likelihood(double alpha, double beta, const std::vector<double>& exits,
                                 const std::vector<double>& survivals);

/// Maximum-likelihood fit of α and β to a cohort's survivors (at least two counts, not
/// increasing); throws std::invalid_argument otherwise.
SbgFit fit_sbg(const std::vector<double>& alive);

/// Maximum-likelihood fit to per-period tallies (same length, at least one, not negative).
/// Data without heterogeneity drive α and β towards infinity at the geometric rate; past
/// sbg_geometric_limit the standard errors are 0.
SbgFit fit_sbg_hazard(const std::vector<double>& exits, const std::vector<double>& survivals);

}  // namespace journeysim
