#include "journeysim/io/model_reader.hpp"

#include <algorithm>

#include "journeysim/core/suggest.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/model/validate.hpp"
#include "model_sections.hpp"
#include "yaml_load.hpp"

namespace journeysim {

Journey parse_journey(const std::string& text, const std::string& file) {
  const YAML::Node root = yaml::load(text, file);
  const yaml::Map top(root, file, "the model file",
                      {"journey", "stages", "transitions", "heterogeneity", "population", "segments", "calibration"});
  Journey journey;
  journey.file = file;
  top.require("journey");
  top.require("stages");
  journey.info = model_io::read_info(yaml::Map(top.get("journey"), file, "the journey block",
                                               model_io::journey_keys()));
  journey.stages = model_io::read_stages(top.get("stages"), file, top.value_where("stages"));
  const std::size_t n = journey.stages.size();
  journey.population.initial.assign(n, 0.0);
  journey.population.inflow.assign(n, 0.0);
  if (top.has("transitions"))
    journey.transitions = model_io::read_transitions(top.get("transitions"), file, journey, "transitions",
                                                     &journey.time_in_stage);
  if (top.has("heterogeneity"))
    model_io::read_heterogeneity(top.get("heterogeneity"), file, journey);
  if (top.has("population"))
    model_io::read_population(top.get("population"), file, journey);
  if (top.has("calibration"))
    journey.calibration = model_io::read_calibration(top.get("calibration"), file, journey);
  if (top.has("segments"))
    journey.segments = model_io::read_segments(top.get("segments"), file, journey);
  validate_journey(journey);
  return journey;
}

Journey read_journey(const std::string& path) { return parse_journey(read_yaml_file(path), path); }

}  // namespace journeysim
