#pragma once
/// \file Writing a calibrated journey model as YAML (SPEC §2) over its template's text.
///
/// The template's text is kept byte for byte (comments, layout, every descriptive field)
/// except what calibration owns: `journey.period` and `journey.horizon` (when the period
/// changed), each stage's `revenue_per_period` (when estimated), and the top-level
/// `transitions`, `population`, `segments` and `calibration` blocks, which are regenerated in
/// place (or appended). The result reads back through read_journey() to the same numbers.
///
/// Example:
///   std::string text = calibrated_journey_yaml(read_yaml_file(path), template_model, fit.journey);
///   write_file_atomically(out, text);
#include <string>

#include "journeysim/model/journey.hpp"

namespace journeysim {

/// The calibrated model as YAML text, spliced into the template's text (see file comment).
/// ConfigError when a stage's revenue cannot be placed (a flow-style stage spanning lines).
std::string calibrated_journey_yaml(const std::string& template_text, const Journey& template_journey,
                                    const Journey& calibrated);

/// The generated blocks alone (transitions, population, segments, calibration), for tests
/// and for models built in code.
std::string calibrated_blocks_yaml(const Journey& calibrated, const std::string& template_text);

}  // namespace journeysim
