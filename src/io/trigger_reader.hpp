#pragma once
// Private to io: the `trigger:` block of a fix (docs/reference/fixes-file.md#triggers).
#include "journeysim/model/fix.hpp"
#include "yaml_map.hpp"

namespace journeysim::fixes_io {

/// Reads and checks a fix's trigger against the model: a known, non-terminal stage; `after`
/// and `lasts` in whole periods (a number, or "14 days" and the like in the model's unit);
/// hold_out in [0, 1); capacity a whole number ≥ 0.
Trigger read_trigger(const YAML::Node& node, const std::string& file, const Journey& journey, const std::string& fix_id);

/// A triggered fix's effects must be transitions out of its trigger's stage (they act on the
/// customers it serves, while they are there): InputError at the first that is not.
void check_triggered_effects(const Fix& fix, const Journey& journey);

/// Reads a fix's `time_in_stage:` range ("1-2", "3", "4+") after its effects, which must all
/// be transitions out of one stage (the range's stage); InputError otherwise, or beside a trigger.
StagePeriods read_stage_periods(const YAML::Node& node, const std::string& file, const Journey& journey, const Fix& fix);

}  // namespace journeysim::fixes_io
