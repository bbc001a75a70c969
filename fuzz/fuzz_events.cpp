// Fuzz target: event-log CSV → reader → panel → calibration (what `calibrate` does), against
// a fixed template with a terminal stage and segments. A typed input or config error is the
// expected answer to bad input; an escaping exception (InternalError included), a sanitizer
// report, a timeout, or a calibrated model that fails validation is a finding.
#include <tbb/global_control.h>

#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "journeysim/calibrate/calibrate.hpp"
#include "journeysim/calibrate/panel.hpp"
#include "journeysim/core/error.hpp"
#include "journeysim/io/event_log.hpp"
#include "journeysim/io/model_reader.hpp"
#include "journeysim/model/validate.hpp"

namespace {

const char* template_yaml = R"(journey: {name: fuzz template, period: month, horizon: 12}
stages:
  - {id: trial}
  - {id: paying, revenue_per_period: 100}
  - {id: lost, terminal: true}
  - {id: churned, terminal: true}
transitions:
  trial: {paying: 0.3, lost: 0.2}
  paying: {churned: 0.05}
)";

const journeysim::Journey& model() {
  static const journeysim::Journey journey = journeysim::parse_journey(template_yaml, "template.yaml");
  return journey;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  static tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
  (void)model();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  journeysim::EventLogOptions options;
  options.max_bad_rows = 2;  // exercises both the skip path and the error past the limit
  options.block_bytes = 4096;  // several blocks even for small inputs: the cut logic is fuzzed too
  options.piece_bytes = 512;
  journeysim::CalibrationResult fit;
  std::size_t events = 0;
  try {
    const journeysim::EventLog log = journeysim::parse_event_log(text, "fuzz.csv", model().stage_ids(), options);
    events = log.events.size();
    fit = journeysim::calibrate_journey(model(), log, {});
  } catch (const journeysim::InputError&) {
    return 0;
  } catch (const journeysim::ConfigError&) {
    return 0;
  }
  // Differential: read in batches of about a third of the events (a few passes), the panel
  // must be the same as the whole log's.
  options.max_event_bytes = std::max<std::size_t>(events * 24 / 3, 1);
  std::unique_ptr<journeysim::PanelBuilder> builder;
  std::vector<bool> terminal;
  for (const auto& stage : model().stages) terminal.push_back(stage.terminal);
  journeysim::PanelOptions panel_options;
  panel_options.period = model().info.period;
  journeysim::parse_event_log_in_batches(text, "fuzz.csv", model().stage_ids(), options,
                                         [&](const journeysim::EventBatch& batch) {
                                           if (!builder)
                                             builder = std::make_unique<journeysim::PanelBuilder>(batch.log, terminal,
                                                                                                  panel_options);
                                           builder->add(batch);
                                         });
  const journeysim::Panel batched = builder->finish();
  const journeysim::Panel& whole = fit.panel;
  if (batched.pooled.counts != whole.pooled.counts || batched.pooled.arrivals != whole.pooled.arrivals ||
      batched.events_used != whole.events_used || batched.events_after_terminal != whole.events_after_terminal ||
      std::memcmp(batched.pooled.revenue_sum.data(), whole.pooled.revenue_sum.data(),
                  whole.pooled.revenue_sum.size() * sizeof(double)) != 0)
    std::abort();
  // What calibrate writes must always be a valid model for simulate.
  try {
    journeysim::validate_journey(fit.journey);
  } catch (const journeysim::Error&) {
    std::abort();
  }
  return 0;
}
