#pragma once
// The event-log options calibrate and backtest share (--columns, --ignore-stages, --revenue-per,
// --max-bad-rows, --event-memory): one definition of the flags, their checks and the
// EventLogOptions they make.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

#include "journeysim/io/event_log.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim::cli {

struct EventLogFlags {
  std::string columns, ignore_stages, revenue_per;
  std::size_t max_bad_rows = 0;
  std::size_t event_memory_mb = 1024;
};

/// Adds the flags to `command`; `read_in_passes`: --event-memory batches the log (calibrate)
/// rather than bounding the whole of it (backtest).
void add_event_log_flags(CLI::App& command, EventLogFlags& flags, bool read_in_passes);

/// The options to read a log for `model` calibrated per `period`: the model's segments and stage
/// aliases, the flags checked (ConfigError: an --ignore-stages label that is a stage or alias, an
/// unknown --revenue-per period, --event-memory out of range), bad rows printed a few per reason.
EventLogOptions event_log_options(const Journey& model, const EventLogFlags& flags, Period period);

}  // namespace journeysim::cli
