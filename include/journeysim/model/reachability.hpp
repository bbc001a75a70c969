#pragma once
/// \file Graph questions about the chain: who can be reached, who is never absorbed.
#include <vector>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// For each stage, whether customers can ever be there (initial, inflow or a path into it).
std::vector<bool> stages_reachable_from_population(const Journey& journey,
                                                   const std::vector<std::vector<double>>& p);

/// Non-terminal stages from which no terminal stage can be reached, in stage order.
/// Empty when the journey has no terminal stage at all (then the chain has a stationary law).
std::vector<StageIndex> stages_never_absorbed(const Journey& journey,
                                              const std::vector<std::vector<double>>& p);

}  // namespace journeysim
