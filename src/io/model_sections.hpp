#pragma once
// Private to io: readers for each block of the model file. Each checks keys, types and
// references and records value locations; ranges are checked by validate_journey().
#include <string>
#include <vector>

#include "journeysim/model/journey.hpp"
#include "yaml_map.hpp"

namespace journeysim::model_io {

const std::vector<std::string>& journey_keys();
JourneyInfo read_info(const yaml::Map& block);
/// The stage list; `where` is the list's value (or its key when the value is empty).
std::vector<Stage> read_stages(const YAML::Node& node, const std::string& file,
                               const SourceLocation& where);
/// A stage id used as a key or value; "did you mean" for near misses.
StageIndex stage_ref(const YAML::Node& node, const std::string& file, const Journey& journey,
                     const std::string& context);
/// Rows `{from: {to: p}}`; a row `{from: {time_in_stage: {...}}}` goes to `time_in_stage`, and
/// is refused where that is null (segments' overrides).
std::vector<TransitionRow> read_transitions(const YAML::Node& node, const std::string& file,
                                            const Journey& journey, const std::string& context,
                                            std::vector<TimeInStageRows>* time_in_stage = nullptr);
/// A map stage -> number into `values` (one per stage), with locations.
void read_stage_numbers(const YAML::Node& node, const std::string& file, const Journey& journey,
                        const std::string& context, std::vector<double>& values,
                        std::map<StageIndex, SourceLocation>* where);
/// The `heterogeneity` block: Beta propensities, their stages' rows derived by period in stage
/// for the model's horizon (after read_transitions, before read_population).
void read_heterogeneity(const YAML::Node& node, const std::string& file, Journey& journey);
void read_population(const YAML::Node& node, const std::string& file, Journey& journey);
/// Counts `{from: {to: n}}`; a row `{from: {time_in_stage: {"1": {to: n}, ...}}}` fills the
/// counts of `from`'s time-in-stage rows in `time_in_stage` (refused where that is null).
TransitionCounts read_counts(const YAML::Node& node, const std::string& file, const Journey& journey,
                             const std::string& context, std::vector<TimeInStageRows>* time_in_stage = nullptr);
/// The calibration block; counts by time in stage go to journey.time_in_stage.
Calibration read_calibration(const YAML::Node& node, const std::string& file, Journey& journey);
std::vector<Segment> read_segments(const YAML::Node& node, const std::string& file,
                                   const Journey& journey);

}  // namespace journeysim::model_io
