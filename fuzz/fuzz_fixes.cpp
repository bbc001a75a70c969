// Fuzz target: fixes YAML → parse against a fixed journey, then a tiny simulation in every
// mode (2 replicates), so that drawn effects of any size meet the schedule builder and the
// kernels. Typed input or config errors are expected answers; an escaping exception, a sanitizer
// report, a timeout, or a non-finite metric is a finding.
#include <tbb/global_control.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#include "journeysim/core/error.hpp"
#include "journeysim/io/fixes_reader.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/run/simulation.hpp"

namespace {

// Four stages, two segments, calibration counts: every path of the simulator is reachable.
const char* model_yaml = R"(journey: {name: fuzz, period: month, horizon: 6, discount_rate: 0.1, gross_margin: 0.8}
stages:
  - {id: trial, cost_per_period: 5, pain_points: ["Slow setup"]}
  - {id: paying, revenue_per_period: 100, opportunities: ["Health alerts"]}
  - {id: lost, terminal: true}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, lost: 0.2}
  paying: {churned: 0.05}
population: {initial: {paying: 40, trial: 10}, inflow: {trial: 5}}
segments:
  - {id: smb, share: 0.6, transitions: {paying: {churned: 0.1}}}
calibration:
  counts: {trial: {trial: 50, paying: 30, lost: 20}}
)";

const journeysim::Journey& journey() {
  static const journeysim::Journey model = journeysim::parse_journey(model_yaml, "model.yaml");
  return model;
}

bool finite_metrics(const journeysim::SimulationResult& result) {
  for (std::size_t sc = 0; sc < result.scenarios.size(); ++sc)
    for (const auto& view : result.scenarios[sc].metrics)
      for (const auto& m : view) {
        for (double v : {m.revenue_total, m.revenue_pv, m.arr_end, m.active_end, m.churned_total, m.lost_total})
          if (!std::isfinite(v)) return false;
        if (sc > 0 && (!std::isfinite(m.incremental_revenue) || !std::isfinite(m.incremental_margin_pv)))
          return false;
      }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // One worker: the fuzzer measures coverage per input, and results never depend on threads.
  static tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  (void)journey();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  journeysim::FixesFile fixes;
  try {
    fixes = journeysim::parse_fixes(text, "fuzz-fixes.yaml", journey());
  } catch (const journeysim::InputError&) {
    return 0;
  } catch (const journeysim::ConfigError&) {
    return 0;
  }
  (void)journeysim::fixes_warnings(fixes, journey());
  for (auto mode : {journeysim::Mode::expected, journeysim::Mode::cohort, journeysim::Mode::individual}) {
    journeysim::SimulationSettings settings;
    settings.mode = mode;
    settings.replicates = 2;
    try {
      const auto result = journeysim::run_simulation(journey(), fixes, settings);
      if (!finite_metrics(result)) std::abort();
    } catch (const journeysim::InputError&) {
    } catch (const journeysim::ConfigError&) {
    }
  }
  return 0;
}
