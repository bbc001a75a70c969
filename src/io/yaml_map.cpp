#include "yaml_map.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "journeysim/core/suggest.hpp"

namespace journeysim::yaml {

SourceLocation location(const YAML::Node& node, const std::string& file) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null() || mark.line < 0) return SourceLocation{file, 0, 0};
  return SourceLocation{file, mark.line + 1, mark.column + 1};
}

std::string kind_of(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "nothing";
  }
}

namespace {

bool looks_like_nan_or_inf(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) text.erase(0, 1);
  return text == ".nan" || text == "nan" || text == ".inf" || text == "inf" || text == "infinity";
}

/// ", did you mean 'x'?" for a plausible typo, otherwise the keys that are allowed, so that a
/// key from another block or an invented one gets a useful answer too.
std::string unknown_key_hint(const std::string& key, const std::vector<std::string>& allowed) {
  std::string hint = did_you_mean(key, allowed);
  if (!hint.empty()) return hint;
  hint = " (expected one of: ";
  for (std::size_t i = 0; i < allowed.size(); ++i) hint += (i ? ", " : "") + allowed[i];
  return hint + ")";
}

}  // namespace

double to_number(const YAML::Node& node, const std::string& file, const std::string& what) {
  if (!node.IsScalar())
    throw InputError(what + " must be a number, got " + kind_of(node), location(node, file));
  const std::string& text = node.Scalar();
  if (looks_like_nan_or_inf(text))
    throw InputError(what + " must be a finite number, got '" + text + "'", location(node, file));
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (begin != end && *begin == '+') ++begin;
  double value = 0;
  const auto [stop, ec] = std::from_chars(begin, end, value, std::chars_format::general);
  if (ec == std::errc::result_out_of_range)
    throw InputError(what + " is out of range: '" + text + "'", location(node, file));
  if (ec != std::errc{} || stop != end || begin == end)
    throw InputError(what + " must be a number, got '" + text + "'", location(node, file));
  if (!std::isfinite(value))
    throw InputError(what + " must be a finite number, got '" + text + "'", location(node, file));
  return value == 0 ? 0.0 : value;  // -0 reads as 0
}

long long to_integer(const YAML::Node& node, const std::string& file, const std::string& what,
                     long long min, long long max) {
  const double value = to_number(node, file, what);
  if (value != std::floor(value))
    throw InputError(what + " must be a whole number, got '" + node.Scalar() + "'",
                     location(node, file));
  if (value < static_cast<double>(min) || value > static_cast<double>(max))
    throw InputError(what + " must be between " + std::to_string(min) + " and " +
                         std::to_string(max) + ", got '" + node.Scalar() + "'",
                     location(node, file));
  return static_cast<long long>(value);
}

std::string to_string(const YAML::Node& node, const std::string& file, const std::string& what) {
  if (node.IsNull()) return {};
  if (!node.IsScalar())
    throw InputError(what + " must be text, got " + kind_of(node), location(node, file));
  return node.Scalar();
}

std::vector<std::string> to_string_list(const YAML::Node& node, const std::string& file,
                                        const std::string& what) {
  std::vector<std::string> out;
  if (node.IsNull()) return out;
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence())
    throw InputError(what + " must be a list of text, got " + kind_of(node), location(node, file));
  for (const auto& item : node) out.push_back(to_string(item, file, what + " item"));
  return out;
}

Map::Map(const YAML::Node& node, std::string file, std::string what, std::vector<std::string> allowed)
    : node_(node), file_(std::move(file)), what_(std::move(what)) {
  if (!node.IsMap())
    throw InputError(what_ + " must be a map of key: value, got " + kind_of(node),
                     location(node, file_));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node key_node = it->first;
    if (!key_node.IsScalar())
      throw InputError("keys of " + what_ + " must be plain names, got " + kind_of(key_node),
                       location(key_node, file_));
    const std::string key = key_node.Scalar();
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      throw InputError("unknown key '" + key + "' in " + what_ + unknown_key_hint(key, allowed),
                       location(key_node, file_));
    const auto [seen, inserted] = index_.emplace(key, keys_.size());
    if (!inserted)
      throw InputError("duplicate key '" + key + "' in " + what_ + " (first given on line " +
                           std::to_string(location(keys_[seen->second].second, file_).line) + ")",
                       location(key_node, file_));
    keys_.emplace_back(key, key_node);
    values_.push_back(it->second);
  }
}

bool Map::has(const std::string& key) const { return index_.count(key) > 0; }

YAML::Node Map::get(const std::string& key) const {
  const auto found = index_.find(key);
  return found == index_.end() ? node_[key] : values_[found->second];
}

SourceLocation Map::where() const { return location(node_, file_); }

SourceLocation Map::key_where(const std::string& key) const {
  const auto found = index_.find(key);
  return found == index_.end() ? where() : location(keys_[found->second].second, file_);
}

SourceLocation Map::value_where(const std::string& key) const {
  const YAML::Node value = get(key);
  if (!value || value.IsNull()) return key_where(key);
  const SourceLocation loc = location(value, file_);
  return loc.has_position() ? loc : key_where(key);
}

void Map::require(const std::string& key) const {
  if (!has(key)) throw InputError("missing required field '" + key + "' in " + what_, where());
}

void Map::require_value(const std::string& key, const std::string& expected) const {
  if (has(key) && get(key).IsNull())
    throw InputError("'" + key + "' of " + what_ + " has no value (expected " + expected + ")",
                     key_where(key));
}

std::string Map::required_string(const std::string& key) const {
  require(key);
  std::string value = to_string(get(key), file_, "'" + key + "' of " + what_);
  if (value.empty())
    throw InputError("'" + key + "' of " + what_ + " must not be empty", value_where(key));
  return value;
}

std::string Map::string_or(const std::string& key, const std::string& fallback) const {
  return has(key) ? to_string(get(key), file_, "'" + key + "' of " + what_) : fallback;
}

double Map::number_or(const std::string& key, double fallback) const {
  return optional_number(key).value_or(fallback);
}

std::optional<double> Map::optional_number(const std::string& key) const {
  if (!has(key)) return std::nullopt;
  require_value(key, "a number");
  return to_number(get(key), file_, "'" + key + "' of " + what_);
}

std::vector<std::string> Map::string_list(const std::string& key) const {
  if (!has(key)) return {};
  return to_string_list(get(key), file_, "'" + key + "' of " + what_);
}

bool Map::boolean_or(const std::string& key, bool fallback) const {
  if (!has(key)) return fallback;
  require_value(key, "true or false");
  const YAML::Node value = get(key);
  const std::string text = to_string(value, file_, "'" + key + "' of " + what_);
  if (text == "true" || text == "yes") return true;
  if (text == "false" || text == "no") return false;
  throw InputError("'" + key + "' of " + what_ + " must be true or false, got '" + text + "'",
                   value_where(key));
}

}  // namespace journeysim::yaml
