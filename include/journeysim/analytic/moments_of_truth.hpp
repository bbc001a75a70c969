#pragma once
/// \file Moments of truth (issue #11 §3): how much the time a customer takes to move on from a
/// stage says about whether it is still a customer later. "Customers who reach adoption within
/// 1 month keep 85%, the others 52%": for a stage whose rows depend on time in stage, and each
/// boundary k between its buckets, the customers entering the stage who first leave it for a
/// non-terminal stage within k periods, against those who leave later, and their retention
/// (not in a terminal stage) `periods` periods after entering. Exact, by a forward pass on the
/// expanded chain (analytic/state_layout.hpp); customers who leave straight into a terminal
/// stage, or are still in the stage at the end, belong to neither group.
#include <vector>

#include "journeysim/analytic/chain.hpp"

namespace journeysim {

struct MomentOfTruth {
  StageIndex stage = 0;
  int within = 0;             ///< k: leaving within k periods in the stage (a bucket's last period)
  int periods = 0;            ///< retention measured this many periods after entering the stage
  double share_within = 0;    ///< of customers entering the stage, those leaving within k periods
  double share_later = 0;     ///< … leaving for a non-terminal stage after k periods (before `periods`)
  double retention_within = 0;  ///< of the first group, share not in a terminal stage at `periods`
  double retention_later = 0;   ///< of the second group (0 when the group is empty)
};

/// Every stage with time-in-stage rows × every boundary between its buckets that lies before
/// `periods`, in the model's order, except stages nobody leaves for a non-terminal stage and
/// rows derived from a propensity (model/heterogeneity.hpp: every period is its own bucket).
/// `periods` ≥ 1.
std::vector<MomentOfTruth> moments_of_truth(const Chain& chain, const Journey& journey, int periods);

}  // namespace journeysim
