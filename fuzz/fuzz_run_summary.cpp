// Fuzz target: a run directory's summary.json, which `report` reads from a directory anyone may
// have written (issue #15 §1: "report trusts summary.json" — a horizon of -1 crashed it). Typed
// input or config errors are expected answers; an escaping exception, a sanitizer report or a
// timeout is a finding, and so is a parsed summary that breaks what the parser promises.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "journeysim/core/error.hpp"
#include "journeysim/io/run_reader.hpp"
#include "journeysim/model/limits.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  journeysim::RunSummary run;
  try {
    run = journeysim::parse_run_summary(text, "summary.json");
  } catch (const journeysim::InputError&) {
    return 0;
  } catch (const journeysim::ConfigError&) {
    return 0;
  }
  // What parse_run_summary guarantees to report and anyone reading a run.
  if (run.horizon < 1 || run.replicates < 1) std::abort();
  if (run.quantiles.empty() || !std::is_sorted(run.quantiles.begin(), run.quantiles.end()) ||
      std::find(run.quantiles.begin(), run.quantiles.end(), 0.5) == run.quantiles.end())
    std::abort();
  if (run.model_sha256.size() != 64) std::abort();
  try {
    (void)run.baseline();  // exactly one baseline
  } catch (const journeysim::ConfigError&) {
    std::abort();
  }
  return 0;
}
