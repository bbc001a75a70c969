#include "journeysim/io/fixes_reader.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

#include "decision_block.hpp"
#include "distribution_reader.hpp"
#include "trigger_reader.hpp"
#include "journeysim/core/number_text.hpp"
#include "journeysim/core/suggest.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/model/limits.hpp"
#include "yaml_load.hpp"
#include "yaml_map.hpp"

namespace journeysim {
namespace {

/// A stage named inside a text value ("onboarding -> adoption"): the error points at the name.
StageIndex stage_in_text(const std::string& id, std::size_t offset, const YAML::Node& node,
                         const std::string& file, const Journey& journey, const std::string& context) {
  if (auto index = journey.find_stage(id)) return *index;
  SourceLocation where = yaml::location(node, file);
  // Point at the name itself (plain scalars start at the mark; quoted ones one column later).
  const bool quoted = node.Tag() == "!";
  where.column += static_cast<int>(offset) + (quoted ? 1 : 0);
  throw InputError("unknown stage '" + id + "' in " + context + did_you_mean(id, journey.stage_ids()), where);
}

std::string trim(const std::string& text, std::size_t& offset) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  offset += first;
  return text.substr(first, last - first + 1);
}

std::vector<std::string> pain_points_and_opportunities(const Journey& journey) {
  std::vector<std::string> all;
  for (const auto& stage : journey.stages) {
    all.insert(all.end(), stage.pain_points.begin(), stage.pain_points.end());
    all.insert(all.end(), stage.opportunities.begin(), stage.opportunities.end());
  }
  return all;
}

Effect read_effect(const YAML::Node& node, const std::string& file, const Journey& journey, const std::string& fix_id) {
  const std::string what = "an effect of fix '" + fix_id + "'";
  const yaml::Map map(node, file, what, {"transition", "inflow", "revenue", "relative", "absolute", "to", "balance"});
  Effect effect;
  effect.where = map.where();
  const int targets = map.has("transition") + map.has("inflow") + map.has("revenue");
  if (targets != 1)
    throw InputError(what + " must name exactly one of transition, inflow or revenue", map.where());
  const int modes = map.has("relative") + map.has("absolute") + map.has("to");
  if (modes != 1) throw InputError(what + " must give exactly one of relative, absolute or to", map.where());
  if (map.has("transition")) {
    effect.target = EffectTarget::transition;
    const YAML::Node value = map.get("transition");
    const std::string text = yaml::to_string(value, file, "transition");
    const auto arrow = text.find("->");
    if (arrow == std::string::npos)
      throw InputError("transition must read 'FROM -> TO', got '" + text + "'", map.value_where("transition"));
    std::size_t from_offset = 0, to_offset = arrow + 2;
    const std::string from = trim(text.substr(0, arrow), from_offset);
    const std::string to = trim(text.substr(arrow + 2), to_offset);
    effect.from = stage_in_text(from, from_offset, value, file, journey, "transition of fix '" + fix_id + "'");
    effect.to = stage_in_text(to, to_offset, value, file, journey, "transition of fix '" + fix_id + "'");
    if (journey.stages[effect.from].terminal)
      throw InputError("fix '" + fix_id + "' changes a transition out of terminal stage '" + from +
                           "': customers never leave it",
                       map.value_where("transition"));
    if (effect.from == effect.to)
      throw InputError("transition " + from + " -> " + to +
                           " is the stay; change a move to another stage (with balance: " + from + ")",
                       map.value_where("transition"));
  } else {
    const std::string key = map.has("inflow") ? "inflow" : "revenue";
    effect.target = key == "inflow" ? EffectTarget::inflow : EffectTarget::revenue;
    std::size_t offset = 0;
    const std::string id = trim(yaml::to_string(map.get(key), file, key), offset);
    effect.from = stage_in_text(id, offset, map.get(key), file, journey, key + " of fix '" + fix_id + "'");
    effect.to = effect.from;
    if (map.has("to")) throw InputError("'to' applies to transitions only; use relative or absolute", map.key_where("to"));
    if (map.has("balance")) throw InputError("'balance' applies to transitions only", map.key_where("balance"));
  }
  const std::string mode = map.has("relative") ? "relative" : map.has("absolute") ? "absolute" : "to";
  effect.mode = mode == "relative" ? EffectMode::relative : mode == "absolute" ? EffectMode::absolute : EffectMode::to;
  effect.value = fixes_io::read_distribution(map.get(mode), file, "the " + mode + " effect of fix '" + fix_id + "'");
  if (map.has("balance")) {
    std::size_t offset = 0;
    const std::string id = trim(yaml::to_string(map.get("balance"), file, "balance"), offset);
    effect.balance = stage_in_text(id, offset, map.get("balance"), file, journey, "balance of fix '" + fix_id + "'");
    if (*effect.balance == effect.to)
      throw InputError("balance must differ from the transition's destination '" + id + "'", map.value_where("balance"));
  }
  return effect;
}

/// Pain points and opportunities of the model, listed for suggestions and hashed for lookups.
struct KnownAddresses {
  std::vector<std::string> list;
  std::unordered_set<std::string> set;
};

/// `segments: [ID, ...]`: each a segment of the model, at most once.
std::vector<std::string> read_fix_segments(const yaml::Map& map, const std::string& file, const Journey& journey,
                                           const std::string& fix_id) {
  const YAML::Node list = map.get("segments");
  if (!list.IsSequence() || list.size() == 0)
    throw InputError("segments of fix '" + fix_id + "' must be a non-empty list of segment ids", map.value_where("segments"));
  std::vector<std::string> known;
  for (const auto& segment : journey.segments) known.push_back(segment.id);
  if (known.empty())
    throw InputError("fix '" + fix_id + "' is limited to segments, but the model has none (add `segments:` to the "
                         "model, or remove this list)",
                     map.value_where("segments"));
  std::vector<std::string> ids;
  for (const auto& item : list) {
    const std::string id = yaml::to_string(item, file, "a segment id");
    if (std::find(known.begin(), known.end(), id) == known.end())
      throw InputError("fix '" + fix_id + "' names segment '" + id + "', which the model lacks" + did_you_mean(id, known),
                       yaml::location(item, file));
    if (std::find(ids.begin(), ids.end(), id) != ids.end())
      throw InputError("segment '" + id + "' is listed twice in fix '" + fix_id + "'", yaml::location(item, file));
    ids.push_back(id);
  }
  return ids;
}

Fix read_fix(const YAML::Node& node, const std::string& file, const Journey& journey,
             const KnownAddresses& known_addresses) {
  const std::vector<std::string> keys{"id",    "name",    "owner",   "addresses",  "cost",
                                      "start", "ramp",    "effects", "description", "segments",
                                      "trigger", "time_in_stage"};
  const yaml::Map probe(node, file, "a fix", keys);
  Fix fix;
  fix.id = probe.required_string("id");
  fix.where = probe.value_where("id");
  const yaml::Map map(node, file, "fix '" + fix.id + "'", keys);
  fix.name = map.string_or("name", fix.id);
  fix.owner = map.string_or("owner", "");
  fix.addresses = map.string_list("addresses");
  if (map.has("addresses")) {
    const YAML::Node list = map.get("addresses");
    for (std::size_t i = 0; i < fix.addresses.size(); ++i) {
      const auto& text = fix.addresses[i];
      if (known_addresses.set.count(text) == 0)
        throw InputError("fix '" + fix.id + "' addresses '" + text +
                             "', which is no pain point or opportunity of the model" + did_you_mean(text, known_addresses.list),
                         yaml::location(list.IsSequence() ? list[i] : list, file));
    }
  }
  if (map.has("cost")) {
    const yaml::Map cost(map.get("cost"), file, "cost of fix '" + fix.id + "'", {"upfront", "per_period", "per_customer", "per_trigger"});
    for (const auto& [key, key_node] : cost.keys()) {
      fix.cost.field(key) = fixes_io::read_cost_distribution(cost.get(key), file, key + " cost of fix '" + fix.id + "'");
    }
  }
  if (map.has("segments")) fix.segments = read_fix_segments(map, file, journey, fix.id);
  if (map.has("start"))
    fix.start = static_cast<int>(yaml::to_integer(map.get("start"), file, "start of fix '" + fix.id + "'", 0, 1000000000));
  if (map.has("ramp"))
    fix.ramp = static_cast<int>(yaml::to_integer(map.get("ramp"), file, "ramp of fix '" + fix.id + "'", 0, 1000000000));
  map.require("effects");
  const YAML::Node effects = map.get("effects");
  if (!effects.IsSequence() || effects.size() == 0)
    throw InputError("effects of fix '" + fix.id + "' must be a non-empty list", map.value_where("effects"));
  for (const auto& effect : effects) fix.effects.push_back(read_effect(effect, file, journey, fix.id));
  if (map.has("trigger")) {
    fix.trigger = fixes_io::read_trigger(map.get("trigger"), file, journey, fix.id);
    fixes_io::check_triggered_effects(fix, journey);
  }
  if (map.has("time_in_stage")) fix.time_in_stage = fixes_io::read_stage_periods(map.get("time_in_stage"), file, journey, fix);
  if (!fix.trigger && (fix.cost.per_trigger.kind != Distribution::Kind::constant || fix.cost.per_trigger.mean() != 0)) {
    throw InputError("fix '" + fix.id + "' has a per_trigger cost but no trigger (add `trigger:`, or pay per customer in its stages "
                     "with per_customer)", map.value_where("cost"));
  }
  return fix;
}

Portfolio read_portfolio(const YAML::Node& node, const std::string& file, const FixesFile& fixes) {
  const std::vector<std::string> keys{"id", "name", "fixes", "description"};
  const yaml::Map map(node, file, "a portfolio", keys);
  Portfolio portfolio;
  portfolio.id = map.required_string("id");
  portfolio.where = map.value_where("id");
  portfolio.name = map.string_or("name", portfolio.id);
  map.require("fixes");
  const YAML::Node list = map.get("fixes");
  if (!list.IsSequence() || list.size() == 0)
    throw InputError("fixes of portfolio '" + portfolio.id + "' must be a non-empty list of fix ids", map.value_where("fixes"));
  std::vector<std::string> ids;
  for (const auto& fix : fixes.fixes) ids.push_back(fix.id);
  for (const auto& item : list) {
    const std::string id = yaml::to_string(item, file, "a fix id");
    const auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end())
      throw InputError("unknown fix '" + id + "' in portfolio '" + portfolio.id + "'" + did_you_mean(id, ids),
                       yaml::location(item, file));
    const auto index = static_cast<std::size_t>(it - ids.begin());
    if (std::find(portfolio.fixes.begin(), portfolio.fixes.end(), index) != portfolio.fixes.end())
      throw InputError("fix '" + id + "' is listed twice in portfolio '" + portfolio.id + "'", yaml::location(item, file));
    portfolio.fixes.push_back(index);
  }
  return portfolio;
}

/// Ids seen so far with the line of their first definition (hashed: files may list thousands).
using SeenIds = std::unordered_map<std::string, int>;

void check_unique(const std::string& id, const SourceLocation& where, SeenIds& seen) {
  if (id == "baseline") throw InputError("'baseline' is reserved for the scenario without fixes", where);
  const auto [first, inserted] = seen.emplace(id, where.line);
  if (!inserted)
    throw InputError("duplicate id '" + id + "' (first defined on line " + std::to_string(first->second) + ")", where);
}

/// Every fix and portfolio is a scenario simulated in every replicate: bound their number.
void check_count(const YAML::Node& list, const std::string& file, const std::string& what) {
  if (list.size() > limits::fixes)
    throw InputError("the file lists " + std::to_string(list.size()) + " " + what + "; at most " +
                         std::to_string(limits::fixes) + " are supported",
                     yaml::location(list[limits::fixes], file));
}

/// Whether two fixes' segment lists share a segment (an empty list is every segment).
bool segments_meet(const Fix& a, const Fix& b) {
  if (a.segments.empty() || b.segments.empty()) return true;
  return std::any_of(a.segments.begin(), a.segments.end(), [&](const std::string& s) { return b.reaches(s); });
}

/// Rules on one stage that can act on the same customers follow one another: each earlier
/// rule's effect must end before the next one fires, so that no customer is treated by two at
/// once (that would need a state for every combination, and an order for effects that meet).
/// `fixes` are the rules that may run together (a portfolio, or the whole file); pairs in
/// disjoint segments never meet, nor, when `exclusive` is given, pairs of one exclusive group.
void check_rules_follow(const std::vector<const Fix*>& fixes, const Journey& journey,
                        const std::vector<std::vector<std::size_t>>* exclusive, const FixesFile& file) {
  const auto index_of = [&](const Fix* fix) { return static_cast<std::size_t>(fix - file.fixes.data()); };
  const auto exclusive_pair = [&](const Fix* a, const Fix* b) {
    if (!exclusive) return false;
    for (const auto& group : *exclusive)
      if (std::find(group.begin(), group.end(), index_of(a)) != group.end() &&
          std::find(group.begin(), group.end(), index_of(b)) != group.end())
        return true;
    return false;
  };
  std::vector<const Fix*> rules;
  for (const Fix* fix : fixes)
    if (fix->trigger) rules.push_back(fix);
  std::stable_sort(rules.begin(), rules.end(), [](const Fix* a, const Fix* b) {
    return a->trigger->stage != b->trigger->stage ? a->trigger->stage < b->trigger->stage
                                                  : a->trigger->after < b->trigger->after;
  });
  for (std::size_t j = 0; j < rules.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const Fix& earlier = *rules[i];
      const Fix& later = *rules[j];
      const Trigger& a = *earlier.trigger;
      const Trigger& b = *later.trigger;
      if (a.stage != b.stage || !segments_meet(earlier, later) || exclusive_pair(&earlier, &later)) continue;
      const std::string both = "fixes '" + earlier.id + "' (line " + std::to_string(earlier.where.line) + ") and '" +
                               later.id + "' are both triggered in stage '" + journey.stages[a.stage].id + "'";
      const Trigger& repeating = a.cooldown > 0 ? a : b;
      if (a.cooldown > 0 || b.cooldown > 0)
        throw InputError(both + ", and '" + (&repeating == &a ? earlier.id : later.id) +
                             "' fires again after a cooldown: a rule with a cooldown must be the only rule on its stage",
                         b.where);
      if (a.after == b.after)
        throw InputError(both + " after " + std::to_string(a.after) + " periods: merge them into one rule, or let one "
                             "fire later",
                         b.where);
      if (a.lasts == 0 || a.after + a.lasts > b.after)
        throw InputError(both + ", and '" + earlier.id + "' still acts on a customer when '" + later.id +
                             "' fires: give '" + earlier.id + "' `lasts:` of at most " + std::to_string(b.after - a.after) +
                             " (rules on one stage must follow one another; rules in disjoint `segments:` or in one "
                             "`exclusive` group of the decision block never meet)",
                         b.where);
    }
}

}  // namespace

FixesFile parse_fixes(const std::string& text, const std::string& file, const Journey& journey) {
  const YAML::Node root = yaml::load(text, file);
  const yaml::Map top(root, file, "the fixes file", {"model", "fixes", "portfolios", "decision"});
  FixesFile fixes;
  fixes.file = file;
  if (top.has("model")) {
    const std::string model = yaml::to_string(top.get("model"), file, "model");
    fixes.model_path = (std::filesystem::path(file).parent_path() / model).lexically_normal().string();
  }
  top.require("fixes");
  const YAML::Node list = top.get("fixes");
  if (!list.IsSequence()) throw InputError("fixes must be a list, got " + yaml::kind_of(list), top.value_where("fixes"));
  check_count(list, file, "fixes");
  KnownAddresses addresses;
  addresses.list = pain_points_and_opportunities(journey);
  addresses.set.insert(addresses.list.begin(), addresses.list.end());
  SeenIds seen;
  for (const auto& node : list) {
    fixes.fixes.push_back(read_fix(node, file, journey, addresses));
    check_unique(fixes.fixes.back().id, fixes.fixes.back().where, seen);
  }
  if (top.has("portfolios")) {
    const YAML::Node portfolios = top.get("portfolios");
    if (!portfolios.IsSequence())
      throw InputError("portfolios must be a list, got " + yaml::kind_of(portfolios), top.value_where("portfolios"));
    check_count(portfolios, file, "portfolios");
    for (const auto& node : portfolios) {
      fixes.portfolios.push_back(read_portfolio(node, file, fixes));
      check_unique(fixes.portfolios.back().id, fixes.portfolios.back().where, seen);
    }
  }
  if (top.has("decision")) fixes.decision = fixes_io::read_decision_block(top.get("decision"), file, fixes);
  // Rules that may run together: any two of the file (decide combines them) unless segments or
  // an exclusive group keep them apart, and every declared portfolio's, whatever its groups.
  std::vector<const Fix*> all;
  for (const Fix& fix : fixes.fixes) all.push_back(&fix);
  check_rules_follow(all, journey, &fixes.decision.exclusive, fixes);
  for (const Portfolio& portfolio : fixes.portfolios) {
    std::vector<const Fix*> members;
    for (const std::size_t f : portfolio.fixes) members.push_back(&fixes.fixes[f]);
    check_rules_follow(members, journey, nullptr, fixes);
  }
  return fixes;
}

FixesFile read_fixes(const std::string& path, const Journey& journey) {
  return parse_fixes(read_yaml_file(path), path, journey);
}

namespace {

/// A transition effect at its mean on one row: the cell before and after, and what its balance
/// cell has left; clamped when after leaves [0, 1] or left goes below 0.
struct AtMean {
  double before = 0, after = 0, left = 0;
  bool clamped() const { return after < 0 || after > 1 || left < 0; }
};

AtMean at_mean(const Effect& effect, const std::vector<double>& row) {
  AtMean m;
  m.before = row[effect.to];
  const double x = effect.value.mean();
  m.after = effect.mode == EffectMode::relative ? m.before * (1 + x)
            : effect.mode == EffectMode::absolute ? m.before + x
                                                  : x;
  m.left = row[effect.balance.value_or(effect.from)] - (m.after - m.before);
  return m;
}

}  // namespace

std::vector<std::string> fixes_warnings(const FixesFile& fixes, const Journey& journey, int horizon) {
  if (horizon <= 0) horizon = journey.info.horizon;
  std::vector<std::string> warnings;
  const auto p = journey.transition_matrix();
  for (const auto& fix : fixes.fixes) {
    if (fix.start >= horizon)
      warnings.push_back("fix '" + fix.id + "' starts in period " + std::to_string(fix.start) +
                         ", at or after the horizon (" + std::to_string(horizon) + "): it has no effect");
    // A customer in its period P of a stay has been in the stage P − 1 periods; within the
    // horizon H nobody entering after as_of reaches period H + 1 (as_of customers by period in
    // stage aside, whose periods the model states).
    const auto reachable = [&](int first_period, StageIndex stage) {
      int known = 1;
      if (const auto by = journey.population.initial_by_period.find(stage); by != journey.population.initial_by_period.end())
        known = static_cast<int>(by->second.size());
      return first_period <= horizon + known - 1;
    };
    if (fix.time_in_stage && !reachable(fix.time_in_stage->periods.first, fix.time_in_stage->stage))
      warnings.push_back("fix '" + fix.id + "' acts in periods " + fix.time_in_stage->periods.label() + " of a stay in '" +
                         journey.stages[fix.time_in_stage->stage].id + "', which no customer reaches within the horizon (" +
                         std::to_string(horizon) + "): it has no effect");
    if (fix.trigger && !reachable(fix.trigger->after + 1, fix.trigger->stage))
      warnings.push_back("rule '" + fix.id + "' fires in period " + std::to_string(fix.trigger->after + 1) + " of a stay in '" +
                         journey.stages[fix.trigger->stage].id + "', which no customer reaches within the horizon (" +
                         std::to_string(horizon) + "): it never fires");
    // An effect that is invalid at its own mean is clamped in most replicates: the simulated
    // fix is then smaller than the file says (simulate counts the clamps; say it up front).
    for (const auto& effect : fix.effects) {
      if (effect.target != EffectTarget::transition) continue;
      // The row the effect changes; with rows by time in stage, the first bucket where the
      // effect at its mean would be clamped (the fix changes every bucket alike).
      std::vector<double> row = p[effect.from];
      if (const TimeInStageRows* rows = journey.time_in_stage_of(effect.from))
        for (std::size_t b = 0; b < rows->buckets.size(); ++b) {
          row = journey.bucket_row(*rows, b);
          if (at_mean(effect, row).clamped()) break;
        }
      const auto [before, after, left] = at_mean(effect, row);
      const StageIndex source = effect.balance.value_or(effect.from);
      if (after < 0 || after > 1 || left < 0)
        warnings.push_back("fix '" + fix.id + "': at its mean the effect on " + journey.stages[effect.from].id + " → " +
                           journey.stages[effect.to].id + " makes it " + format_significant(after, 4) + " (from " +
                           format_significant(before, 4) + ")" +
                           (left < 0 && after >= 0 && after <= 1
                                ? ", more than " + journey.stages[source].id + " has to give"
                                : ", outside [0, 1]") +
                           ": it is clamped in most replicates, so the simulated fix is smaller than written");
    }
  }
  return warnings;
}

}  // namespace journeysim
