#pragma once
/// \file Moments of truth from the data (issue #11 §3): the model's moments of truth
/// (analytic/moments_of_truth.hpp) counted on the event log. Of the spells of known start in a
/// stage whose H periods are observed (H: a year of periods), those whose customer first left
/// for a non-terminal stage within k periods, and those who did so after k (before H), and how
/// many of each were still customers (not in a terminal stage) H periods after entering.
/// Tallied by the panel (PanelTally::moments) with the rules of the rows by time in stage: a
/// spell under way when the log began has no known start and is left out.
#include <cstdint>
#include <vector>

#include "journeysim/calibrate/panel.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

struct ObservedMoment {
  StageIndex stage = 0;
  int within = 0;   ///< k
  int periods = 0;  ///< H
  std::uint64_t entrants = 0;  ///< spells of known start whose H periods are observed
  std::uint64_t within_customers = 0, within_alive = 0;
  std::uint64_t later_customers = 0, later_alive = 0;
};

/// For every stage of `journey` with rows by time in stage named in the model (not derived
/// from a propensity) and every boundary k < H between its buckets, from `tally` (built with
/// PanelOptions::moments_periods = H). Stages nobody left for a non-terminal stage are left out.
std::vector<ObservedMoment> observed_moments(const Journey& journey, const PanelTally& tally);

}  // namespace journeysim
