#pragma once
/// \file Customers who differ, from the panel (`calibrate --heterogeneity beta`, issue #11 §4):
/// per stage, a Beta-distributed propensity of its exit to a terminal stage (the sBG model,
/// calibrate/sbg.hpp), fitted by maximum likelihood from the tallies by period in stage.
///
/// A spell in the stage contributes, for each of its periods t, "left to the exit" or "did not"
/// (stayed or moved elsewhere): the likelihood Π h(t)^exits (1 − h(t))^survivals with
/// h(t) = α/(α+β+t−1). That is the sBG likelihood for spells of any length, so right censoring at
/// as_of (a spell still open adds the periods it survived) and moves to other stages (a spell
/// ends without the exit) need nothing more. Left truncation: spells under way when the log
/// began have no known period in stage and are left out, as for rows by time in stage.
///
/// Test against the homogeneous row (one exit probability for every period, the geometric
/// model, which is sBG's limit α, β → ∞ at fixed α/(α+β)): G = 2(ℓ_sBG − ℓ_geometric). The
/// homogeneous model sits on the boundary of sBG's parameter space, so G is referred to the
/// 50:50 mixture of χ²₀ and χ²₁ (Self & Liang 1987, JASA 82: 605–610): p = ½·P(χ²₁ > G).
/// Holm-corrected across the stages tested; a stage keeps its propensity when the adjusted p
/// is below heterogeneity_level.
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "journeysim/calibrate/panel.hpp"
#include "journeysim/calibrate/sbg.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// What `--heterogeneity` asked for.
struct HeterogeneityChoice {
  enum class Mode { none, beta, classes };
  Mode mode = Mode::none;
  int classes = 0;  ///< classes:K
};

/// Reads "none", "beta" or "classes:K" (K from 2 to 10); nullopt with `problem` otherwise.
std::optional<HeterogeneityChoice> parse_heterogeneity(const std::string& text, std::string& problem);

/// Family-wise level of the test against the homogeneous row.
inline constexpr double heterogeneity_level = 0.05;

/// A stage's exit needs this many observed exits of known period in stage to be fitted.
inline constexpr double heterogeneity_min_exits = 10;

/// One stage's fit.
struct StagePropensityFit {
  StageIndex stage = 0, to = 0;
  std::vector<double> exits, survivals;  ///< per period in stage t = 1 … (last with data)
  SbgFit sbg;
  double geometric = 0;                  ///< the homogeneous exit probability Σexits/Σ(exits + survivals)
  double geometric_log_likelihood = 0;
  double statistic = 0, p_value = 1, adjusted_p_value = 1;
  bool kept = false;  ///< written as a propensity (the test was significant)
};

/// Tallies by period in stage the fit needs for a log of `complete_periods` periods: every
/// period a spell can last (at most the model's limit of periods in stage).
std::size_t heterogeneity_tenure_periods(std::size_t complete_periods);

/// Fits every non-terminal stage outside `skip` (stages written by time in stage) whose most
/// frequent exit to a terminal stage has at least heterogeneity_min_exits exits of known period
/// in stage; tests and Holm-corrects across them.
std::vector<StagePropensityFit> fit_heterogeneity(const Journey& journey, const PanelTally& tally,
                                                  const std::set<StageIndex>& skip);

}  // namespace journeysim
