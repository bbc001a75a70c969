#pragma once
/// \file `journeysim synth`: a realistic event log simulated, customer by customer, from a
/// model — for demos, round-trip tests of calibration and benchmarks.
///
/// Customers arrive over the periods uniformly at random (so about N/T per period); each one's
/// segment and entry stage are drawn in proportion to the segments' inflow, then it moves by
/// the segment's transition matrix once per period until a terminal stage or the last period.
/// Each stage entry is a row with a timestamp uniform within its period; the `revenue` column
/// (when any stage earns revenue) holds the stage's revenue per period for that segment.
/// Customer i's rows depend only on (seed, i): the output is byte-identical for any thread count.
///
/// Example: write_synthetic_events(read_journey("journey.yaml"), {10000, 24, 1}, std::cout);
#include <cstdint>
#include <ostream>

#include "journeysim/core/civil_time.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// What to simulate.
struct SynthOptions {
  std::uint64_t customers = 1000;
  int periods = 12;
  std::uint64_t seed = 1;
  UtcMillis start = 1704067200000;  ///< 2024-01-01; rounded down to the start of its period
  bool segment_column = false;      ///< write each customer's segment id
};

/// What was written.
struct SynthSummary {
  std::uint64_t customers = 0;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

/// Writes the event log (CSV with header) to `out`. ConfigError when the model has no inflow
/// (new customers are drawn from population.inflow) or the options are out of range.
SynthSummary write_synthetic_events(const Journey& journey, const SynthOptions& options, std::ostream& out);

}  // namespace journeysim
