#pragma once
// Private to io: checked access to YAML nodes with locations, unknown-key and type errors.
#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "journeysim/core/error.hpp"

namespace journeysim::yaml {

/// Location of a node's first character (yaml-cpp marks are 0-based).
SourceLocation location(const YAML::Node& node, const std::string& file);

/// "a map", "a list", "a value", "nothing": for "expected X, got Y" messages.
std::string kind_of(const YAML::Node& node);

/// A finite number; InputError otherwise (non-numbers, NaN, inf, out of range).
double to_number(const YAML::Node& node, const std::string& file, const std::string& what);
/// A whole number in [min, max].
long long to_integer(const YAML::Node& node, const std::string& file, const std::string& what,
                     long long min, long long max);
/// A scalar as text; InputError for maps and lists.
std::string to_string(const YAML::Node& node, const std::string& file, const std::string& what);
/// A list of scalars (a single scalar is taken as a list of one).
std::vector<std::string> to_string_list(const YAML::Node& node, const std::string& file,
                                        const std::string& what);

/// A YAML map whose keys are checked against a known set (unknown keys get "did you mean").
class Map {
 public:
  /// `what` names the map in messages, e.g. "stage 'onboarding'" or "the journey block".
  /// An empty `allowed` list accepts any key (maps keyed by stage ids).
  Map(const YAML::Node& node, std::string file, std::string what,
      std::vector<std::string> allowed = {});

  bool has(const std::string& key) const;
  YAML::Node get(const std::string& key) const;
  SourceLocation where() const;
  SourceLocation value_where(const std::string& key) const;
  SourceLocation key_where(const std::string& key) const;
  /// Keys in file order, with their key nodes (for maps keyed by ids).
  const std::vector<std::pair<std::string, YAML::Node>>& keys() const { return keys_; }

  std::string required_string(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  double number_or(const std::string& key, double fallback) const;
  std::optional<double> optional_number(const std::string& key) const;
  std::vector<std::string> string_list(const std::string& key) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  /// InputError "missing required field" unless the key is present.
  void require(const std::string& key) const;
  /// InputError at the key when it is present with nothing after it (`horizon:`); yaml-cpp
  /// places an empty value at the next token, often on another line, so type errors about it
  /// would point at the wrong place. `expected` completes "expected ...", e.g. "a number".
  void require_value(const std::string& key, const std::string& expected) const;

  const std::string& file() const { return file_; }
  const std::string& what() const { return what_; }

 private:
  YAML::Node node_;
  std::string file_, what_;
  std::vector<std::pair<std::string, YAML::Node>> keys_;
  // Values by key, in file order beside keys_. yaml-cpp's own lookup compares every key of
  // the map (converting each to a string), which is quadratic for maps keyed by stage ids.
  std::vector<YAML::Node> values_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace journeysim::yaml
