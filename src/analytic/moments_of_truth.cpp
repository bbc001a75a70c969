#include "journeysim/analytic/moments_of_truth.hpp"

namespace journeysim {
namespace {

/// Retention of the two groups for one stage and one boundary k: `inside` carries the mass that
/// has not left the stage since entering (by state of the stage), `early` and `late` the mass
/// whose first exit to a non-terminal stage came at period ≤ k or > k, moved on by P.
MomentOfTruth split_at(const Chain& chain, StageIndex stage, int within, int periods) {
  const StateLayout& layout = chain.states;
  const auto n = chain.transition.rows();
  Eigen::RowVectorXd inside = Eigen::RowVectorXd::Zero(n), early = inside, late = inside;
  inside(static_cast<Eigen::Index>(layout.first_state(stage))) = 1;
  for (int t = 1; t <= periods; ++t) {  // the move at the end of the t-th period in the stage
    early = early * chain.transition;
    late = late * chain.transition;
    Eigen::RowVectorXd still = Eigen::RowVectorXd::Zero(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      if (inside(i) == 0) continue;
      for (Eigen::Index j = 0; j < n; ++j) {
        const double moved = inside(i) * chain.transition(i, j);
        if (moved == 0) continue;
        const auto to = static_cast<std::size_t>(j);
        if (layout.stage_of(to) == stage) still(j) += moved;
        else if (!chain.terminal[to]) (t <= within ? early : late)(j) += moved;
      }
    }
    inside = still;
  }
  auto retained = [&](const Eigen::RowVectorXd& x) {
    double alive = 0;
    for (Eigen::Index j = 0; j < n; ++j)
      if (!chain.terminal[static_cast<std::size_t>(j)]) alive += x(j);
    return alive;
  };
  MomentOfTruth m;
  m.stage = stage;
  m.within = within;
  m.periods = periods;
  m.share_within = early.sum();
  m.share_later = late.sum();
  m.retention_within = m.share_within > 0 ? retained(early) / m.share_within : 0;
  m.retention_later = m.share_later > 0 ? retained(late) / m.share_later : 0;
  return m;
}

}  // namespace

std::vector<MomentOfTruth> moments_of_truth(const Chain& chain, const Journey& journey, int periods) {
  std::vector<MomentOfTruth> out;
  for (const auto& rows : journey.time_in_stage) {
    if (rows.derived) continue;  // a propensity's rows: one bucket per period, no boundary the model names
    for (std::size_t b = 0; b + 1 < rows.buckets.size(); ++b)
      if (rows.buckets[b].last < periods) {
        const MomentOfTruth m = split_at(chain, rows.stage, rows.buckets[b].last, periods);
        // A stage left only for terminal stages (a subscriber who can only cancel) has no
        // customers who move on: nothing to compare.
        if (m.share_within + m.share_later > 0) out.push_back(m);
      }
  }
  return out;
}

}  // namespace journeysim
