#pragma once
/// \file The JSON document of `analyze --json` (keys are binding, see issue #2 / SPEC §5).
#include <nlohmann/json.hpp>

#include "journeysim/analytic/absorption.hpp"
#include "journeysim/analytic/leverage.hpp"
#include "journeysim/analytic/trace.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Everything `analyze` computes for one journey.
struct JourneyAnalysis {
  Chain chain;
  AbsorptionAnalysis absorption;
  Trace trace;
  std::vector<Leverage> leverage;
};

/// Runs the analytic core on a validated journey.
JourneyAnalysis analyze_journey(const Journey& journey);

/// The binding JSON form; infinite quantities are null, never NaN.
nlohmann::ordered_json analysis_to_json(const Journey& journey, const JourneyAnalysis& analysis);

}  // namespace journeysim
