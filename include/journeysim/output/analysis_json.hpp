#pragma once
/// \file The JSON document of `analyze --json` (keys are binding, see issue #2 / SPEC §5).
#include <nlohmann/json.hpp>

#include "journeysim/analytic/moments_of_truth.hpp"
#include "journeysim/analytic/absorption.hpp"
#include "journeysim/analytic/leverage.hpp"
#include "journeysim/analytic/trace.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// Everything `analyze` computes for one journey.
/// With segments, `chain` and `absorption` describe the journey's own (pooled) parameters,
/// `segments` holds each segment's absorption results, and `trace` and `leverage` are totals
/// over the segments' populations — the same population `simulate` projects.
struct JourneyAnalysis {
  Chain chain;
  AbsorptionAnalysis absorption;
  Trace trace;
  std::vector<Leverage> leverage;
  /// Stages with time-in-stage rows: retention a year after entering, by how soon customers
  /// moved on (analytic/moments_of_truth.hpp); empty without such rows.
  std::vector<MomentOfTruth> moments_of_truth;
  struct SegmentAnalysis {
    std::string id;
    Chain chain;
    AbsorptionAnalysis absorption;
    Trace trace;
  };
  std::vector<SegmentAnalysis> segments;
};

/// Runs the analytic core on a validated journey.
JourneyAnalysis analyze_journey(const Journey& journey);

/// The binding JSON form; infinite quantities are null, never NaN. Top-level keys, in order:
/// - `stages`, `transient`, `terminal`: stage ids in file order.
/// - `never_absorbed` (only when some non-terminal stage cannot reach a terminal stage).
/// - `fundamental_matrix`: {`rows`: stages N is taken over, `values`: N row by row}.
/// - `expected_periods_to_absorption`, `expected_revenue_per_customer`,
///   `expected_revenue_per_customer_pv`: by stage id, null when unbounded.
/// - `absorption_probabilities`: stage id → terminal id → probability.
/// - `stationary` and `stationary_note` (only without terminal stages; null plus the note
///   when the chain has several closed classes).
/// - `trace`: [{`period`, `stages`: id → customers, `revenue`, `revenue_pv`}], t = 0..horizon−1.
/// - `leverage`: ranked [{`from`, `to`, `delta_revenue_pv`, `step`, `limited`}].
/// - `moments_of_truth` (only with time-in-stage rows): [{`stage`, `within_periods`,
///   `retention_after_periods`, `share_within`, `retention_within`, `share_later`,
///   `retention_later`}].
/// tests/cli/analyze_json_test.py holds this list; change both together.
nlohmann::ordered_json analysis_to_json(const Journey& journey, const JourneyAnalysis& analysis);

}  // namespace journeysim
