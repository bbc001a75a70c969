#pragma once
/// \file Semantic checks of a journey model, and the warnings worth telling a user.
#include <string>
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Row sums may exceed 1 by this much (rounding in hand-written or calibrated files).
inline constexpr double row_sum_tolerance = 1e-9;

/// The longest horizon accepted: 100 years of days and then some. The trace holds every
/// period in memory, so an absurd horizon is an input error, not an allocation failure.
inline constexpr int max_horizon = 100000;

/// Throws InputError at the offending value's location when an invariant of SPEC §2 fails:
/// probabilities in [0,1], rows summing to ≤ 1, terminal stages without rows, non-negative
/// money and population, horizon > 0, segment shares, and the same for every segment.
void validate_journey(const Journey& journey);

/// Things that are legal but probably not meant, e.g. stages nobody can reach.
std::vector<std::string> journey_warnings(const Journey& journey);

}  // namespace journeysim
