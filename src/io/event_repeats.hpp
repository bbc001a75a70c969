#pragma once
// Private to io: rows of one customer that share a timestamp (see RepeatedRows in event_log.hpp).
#include <cstdint>
#include <vector>

#include "journeysim/io/event_log.hpp"

namespace journeysim::event_io {

/// Drops exact duplicates from `events` (same customer, time, stage, segment and revenue —
/// blank revenues are equal; the copy that comes first in the file stays), and counts the
/// customers' timestamps that events of different stages share. `revenue` is parallel to
/// `events` or empty, `lines` parallel; the kept events stay in their order. Adds to
/// `duplicates` and `ties`.
void drop_repeats(std::vector<EventRecord>& events, std::vector<double>& revenue, std::vector<std::uint32_t>& lines,
                  RepeatedRows& duplicates, RepeatedRows& ties);

}  // namespace journeysim::event_io
