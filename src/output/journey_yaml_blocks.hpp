#pragma once
// Private to report: each regenerated top-level block of a calibrated model, as YAML text
// ending in a newline ("" when the block is absent).
#include <string>

#include "journeysim/output/journey_yaml_writer.hpp"

namespace journeysim::yaml_blocks {

std::string transitions(const Journey& journey);
std::string population(const Journey& journey);
/// The Beta propensities ("" when the model has none, which removes a template's block).
std::string heterogeneity(const Journey& journey);
/// Segment names and descriptions are copied from the template's text.
std::string segments(const Journey& journey, const std::string& template_text);
std::string calibration(const Journey& journey);

}  // namespace journeysim::yaml_blocks
