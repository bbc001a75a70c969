#include "trigger_reader.hpp"

#include <cmath>
#include <sstream>

#include "journeysim/core/number_text.hpp"
#include "journeysim/core/suggest.hpp"
#include "journeysim/model/time_in_stage.hpp"

namespace journeysim::fixes_io {
namespace {

/// Days in one unit. Months and quarters are average calendar lengths, so 3 months make a
/// quarter and 12 a year exactly; weeks and months never convert into each other exactly.
double days_in(Period unit) {
  switch (unit) {
    case Period::day: return 1;
    case Period::week: return 7;
    case Period::month: return 365.25 / 12;
    case Period::quarter: return 365.25 / 4;
    case Period::year: return 365.25;
  }
  return 1;
}

/// "14 days" → Period::day; plural or singular, "periods" → nullopt with `periods` set.
std::optional<Period> unit_named(std::string name, bool& periods) {
  periods = false;
  if (name.size() > 1 && name.back() == 's') name.pop_back();
  if (name == "period") {
    periods = true;
    return std::nullopt;
  }
  return parse_period(name);
}

/// A duration in whole periods of the model: a whole number (periods) or "N UNIT".
int read_periods(const yaml::Map& map, const std::string& key, const Journey& journey, const std::string& what) {
  const YAML::Node node = map.get(key);
  const std::string text = yaml::to_string(node, map.file(), what);
  std::istringstream in(text);
  double amount = 0;
  std::string unit_text, rest;
  in >> amount;
  const bool number_read = !in.fail();
  if (number_read) in >> unit_text >> rest;
  const std::string form = " must be a whole number of periods or read like '14 days' (day, week, month, quarter, year or "
                           "period), got '" + text + "'";
  if (!number_read || !rest.empty() || !std::isfinite(amount) || amount < 0)
    throw InputError(what + form, map.value_where(key));
  double periods = amount;
  if (!unit_text.empty()) {
    bool in_periods = false;
    const auto unit = unit_named(unit_text, in_periods);
    if (!unit && !in_periods)
      throw InputError(what + ": unknown unit '" + unit_text + "' (days, weeks, months, quarters, years or periods)" +
                           did_you_mean(unit_text, {"days", "weeks", "months", "quarters", "years", "periods"}),
                       map.value_where(key));
    if (unit) periods = amount * days_in(*unit) / days_in(journey.info.period);
  }
  const double whole = std::round(periods);
  if (std::abs(periods - whole) > 1e-9 * std::max(1.0, whole))
    throw InputError(what + " is " + format_significant(periods, 4) + " " + to_string(journey.info.period) +
                         "s; triggers act at whole periods of the model: write " +
                         format_significant(std::floor(periods), 6) + " or " + format_significant(std::ceil(periods), 6),
                     map.value_where(key));
  if (whole > max_time_in_stage_period)
    throw InputError(what + " is " + format_significant(whole, 6) + " periods; at most " +
                         std::to_string(max_time_in_stage_period) + " are supported",
                     map.value_where(key));
  return static_cast<int>(whole);
}

}  // namespace

Trigger read_trigger(const YAML::Node& node, const std::string& file, const Journey& journey, const std::string& fix_id) {
  const std::string what = "the trigger of fix '" + fix_id + "'";
  const yaml::Map map(node, file, what, {"stage", "after", "lasts", "fade", "hold_out", "capacity", "cooldown", "once_per"});
  Trigger trigger;
  trigger.where = map.where();
  map.require("stage");
  const std::string stage = yaml::to_string(map.get("stage"), file, "stage");
  const auto index = journey.find_stage(stage);
  if (!index)
    throw InputError("unknown stage '" + stage + "' in " + what + did_you_mean(stage, journey.stage_ids()),
                     map.value_where("stage"));
  if (journey.stages[*index].terminal)
    throw InputError(what + " watches terminal stage '" + stage + "': its customers never leave it, so no effect "
                         "can change their path",
                     map.value_where("stage"));
  trigger.stage = *index;
  if (map.has("after")) trigger.after = read_periods(map, "after", journey, "'after' of " + what);
  if (map.has("lasts")) {
    trigger.lasts = read_periods(map, "lasts", journey, "'lasts' of " + what);
    if (trigger.lasts == 0)
      throw InputError("'lasts' of " + what + " must be at least 1 period (leave it out: the effect lasts while the "
                           "customer stays in the stage)",
                       map.value_where("lasts"));
  }
  if (map.has("cooldown")) {
    trigger.cooldown = read_periods(map, "cooldown", journey, "'cooldown' of " + what);
    if (trigger.cooldown == 0)
      throw InputError("'cooldown' of " + what + " must be at least 1 period (leave it out: the rule fires once per stay)",
                       map.value_where("cooldown"));
    if (trigger.lasts == 0 || trigger.lasts > trigger.cooldown)
      throw InputError(what + " fires again every " + std::to_string(trigger.cooldown) +
                           " periods, so its effect must end before that: add `lasts:` of at most " +
                           std::to_string(trigger.cooldown),
                       map.key_where("cooldown"));
  }
  if (map.has("once_per")) {
    const std::string once = yaml::to_string(map.get("once_per"), file, "once_per of " + what);
    if (once != "customer" && once != "stay")
      throw InputError("once_per of " + what + " must be 'customer' (it fires at most once in a customer's life) or 'stay' "
                           "(once each time the customer enters the stage), got '" + once + "'" +
                           did_you_mean(once, {"customer", "stay"}),
                       map.value_where("once_per"));
    trigger.once_per_customer = once == "customer";
    if (trigger.cooldown > 0)
      throw InputError(what + " fires once per " + once + ", but also again after a cooldown: keep one of `once_per: " +
                           once + "` and `cooldown`",
                       map.key_where("once_per"));
  }
  trigger.fade = map.boolean_or("fade", false);
  if (trigger.fade && trigger.lasts == 0)
    throw InputError(what + " fades, but over how long? Add 'lasts: N' (periods until the effect is gone)",
                     map.key_where("fade"));
  if (map.has("hold_out")) {
    trigger.hold_out = yaml::to_number(map.get("hold_out"), file, "hold_out of " + what);
    if (trigger.hold_out < 0 || trigger.hold_out >= 1)
      throw InputError("hold_out of " + what + " must be in [0, 1) (a share of triggered customers kept as control), got " +
                           format_significant(trigger.hold_out, 6),
                       map.value_where("hold_out"));
  }
  if (map.has("capacity")) {
    const YAML::Node value = map.get("capacity");
    const double capacity = yaml::to_number(value, file, "capacity of " + what);
    if (capacity < 0 || capacity != std::floor(capacity))
      throw InputError("capacity of " + what + " must be a whole number of customers served per period, at least 0; got " +
                           format_significant(capacity, 6),
                       map.value_where("capacity"));
    trigger.capacity = capacity;
  }
  return trigger;
}

void check_triggered_effects(const Fix& fix, const Journey& journey) {
  const std::string& stage = journey.stages[fix.trigger->stage].id;
  for (const Effect& effect : fix.effects)
    if (effect.target != EffectTarget::transition || effect.from != fix.trigger->stage)
      throw InputError("fix '" + fix.id + "' is triggered in stage '" + stage +
                           "': its effects must be transitions out of it ('" + stage +
                           " -> ...'), acting on the customers it serves while they are there",
                       effect.where);
}

StagePeriods read_stage_periods(const YAML::Node& node, const std::string& file, const Journey& journey, const Fix& fix) {
  const std::string what = "time_in_stage of fix '" + fix.id + "'";
  const SourceLocation where = yaml::location(node, file);
  if (fix.trigger)
    throw InputError("fix '" + fix.id + "' has both `trigger` and `time_in_stage`: a rule acts from its trigger's `after` "
                     "for `lasts` periods; write the timing there",
                     where);
  const std::string text = yaml::to_string(node, file, what);
  const auto periods = parse_tenure_bucket(text);
  if (!periods)
    throw InputError(what + " must be the periods in stage it acts in: \"1-2\" (the first two), \"3\" or \"4+\" (from the "
                     "fourth on), periods from 1 to " + std::to_string(max_time_in_stage_period) + "; got '" + text + "'",
                     where);
  StagePeriods out{fix.effects.front().from, *periods};
  const std::string& stage = journey.stages[out.stage].id;
  for (const Effect& effect : fix.effects)
    if (effect.target != EffectTarget::transition || effect.from != out.stage)
      throw InputError("fix '" + fix.id + "' acts in periods " + periods->label() + " of time in stage '" + stage +
                           "': its effects must all be transitions out of '" + stage + "' ('" + stage + " -> ...')",
                       effect.where);
  return out;
}

}  // namespace journeysim::fixes_io
