#include "decision_block.hpp"

#include <algorithm>

#include "journeysim/core/suggest.hpp"
#include "yaml_map.hpp"

namespace journeysim::fixes_io {
namespace {

std::vector<std::string> fix_ids(const FixesFile& fixes) {
  std::vector<std::string> ids;
  for (const auto& fix : fixes.fixes) ids.push_back(fix.id);
  return ids;
}

std::size_t fix_index(const YAML::Node& item, const std::string& file, const std::vector<std::string>& ids,
                      const std::string& context) {
  const std::string id = yaml::to_string(item, file, "a fix id");
  const auto it = std::find(ids.begin(), ids.end(), id);
  if (it == ids.end())
    throw InputError("unknown fix '" + id + "' in " + context + did_you_mean(id, ids), yaml::location(item, file));
  return static_cast<std::size_t>(it - ids.begin());
}

/// A list of distinct fix ids (a single id is a list of one).
std::vector<std::size_t> fix_list(const YAML::Node& node, const std::string& file, const std::vector<std::string>& ids,
                                  const std::string& context) {
  std::vector<std::size_t> out;
  if (node.IsNull()) return out;
  if (!node.IsScalar() && !node.IsSequence())
    throw InputError(context + " must be a list of fix ids, got " + yaml::kind_of(node), yaml::location(node, file));
  const auto add = [&](const YAML::Node& item) {
    const std::size_t f = fix_index(item, file, ids, context);
    if (std::find(out.begin(), out.end(), f) != out.end())
      throw InputError("fix '" + ids[f] + "' is listed twice in " + context, yaml::location(item, file));
    out.push_back(f);
  };
  if (node.IsScalar()) add(node);
  else
    for (const auto& item : node) add(item);
  return out;
}

YAML::Node item_of(const YAML::Node& list, std::size_t i) { return list.IsSequence() ? list[i] : list; }

void read_exclusive(const yaml::Map& map, const std::vector<std::string>& ids, DecisionRules& rules) {
  const YAML::Node groups = map.get("exclusive");
  if (!groups.IsSequence())
    throw InputError("exclusive must be a list of groups of fix ids, e.g. [[onboarding-a, onboarding-b]]",
                     map.value_where("exclusive"));
  for (const auto& group : groups) {
    if (!group.IsSequence() || group.size() < 2)
      throw InputError("each exclusive group must list at least two fix ids", yaml::location(group, map.file()));
    rules.exclusive.push_back(fix_list(group, map.file(), ids, "an exclusive group of the decision block"));
  }
}

void read_capacity(const yaml::Map& map, const FixesFile& fixes, DecisionRules& rules) {
  const yaml::Map capacity(map.get("capacity"), map.file(), "capacity of the decision block");
  std::vector<std::string> owners;
  for (const auto& fix : fixes.fixes)
    if (!fix.owner.empty() && std::find(owners.begin(), owners.end(), fix.owner) == owners.end())
      owners.push_back(fix.owner);
  for (const auto& [owner, key_node] : capacity.keys()) {
    if (std::find(owners.begin(), owners.end(), owner) == owners.end())
      throw InputError("capacity names owner '" + owner + "', who owns no fix in this file" +
                           did_you_mean(owner, owners),
                       capacity.key_where(owner));
    const auto limit = yaml::to_integer(capacity.get(owner), map.file(), "capacity of '" + owner + "'", 1, 1000000);
    rules.capacity.push_back({owner, static_cast<int>(limit), capacity.value_where(owner)});
  }
}

/// Contradictions visible in the file alone; budget and --max-fixes are checked by decide.
void check_contradictions(const yaml::Map& map, const FixesFile& fixes, const DecisionRules& rules) {
  const auto required = [&](std::size_t f) {
    return std::find(rules.required.begin(), rules.required.end(), f) != rules.required.end();
  };
  if (map.has("excluded"))
    for (std::size_t i = 0; i < rules.excluded.size(); ++i)
      if (required(rules.excluded[i]))
        throw InputError("fix '" + fixes.fixes[rules.excluded[i]].id + "' is both required and excluded",
                         yaml::location(item_of(map.get("excluded"), i), map.file()));
  for (std::size_t g = 0; g < rules.exclusive.size(); ++g) {
    std::vector<std::string> held;
    for (auto f : rules.exclusive[g])
      if (required(f)) held.push_back(fixes.fixes[f].id);
    if (held.size() > 1)
      throw InputError("required fixes '" + held[0] + "' and '" + held[1] + "' are in one exclusive group",
                       yaml::location(map.get("exclusive")[g], map.file()));
  }
  for (const auto& cap : rules.capacity) {
    int count = 0;
    for (auto f : rules.required) count += fixes.fixes[f].owner == cap.owner ? 1 : 0;
    if (count > cap.limit)
      throw InputError(std::to_string(count) + " required fixes are owned by '" + cap.owner +
                           "', above its capacity of " + std::to_string(cap.limit),
                       cap.where);
  }
}

}  // namespace

DecisionRules read_decision_block(const YAML::Node& node, const std::string& file, const FixesFile& fixes) {
  const yaml::Map map(node, file, "the decision block", {"exclusive", "required", "excluded", "capacity"});
  const std::vector<std::string> ids = fix_ids(fixes);
  DecisionRules rules;
  rules.present = true;
  rules.where = map.where();
  if (map.has("exclusive")) read_exclusive(map, ids, rules);
  if (map.has("required")) {
    rules.required = fix_list(map.get("required"), file, ids, "required of the decision block");
    rules.required_where = map.value_where("required");
  }
  if (map.has("excluded")) rules.excluded = fix_list(map.get("excluded"), file, ids, "excluded of the decision block");
  if (map.has("capacity")) read_capacity(map, fixes, rules);
  check_contradictions(map, fixes, rules);
  return rules;
}

}  // namespace journeysim::fixes_io
