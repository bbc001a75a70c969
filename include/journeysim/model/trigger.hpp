#pragma once
/// \file Triggered fixes (issue #12 §1; docs/reference/fixes-file.md#triggers): a fix that acts
/// only on the customers who meet a condition, at the moment they meet it, the way
/// customer-success teams run playbook rules ("after 2 weeks in onboarding without leaving →
/// rescue call"), with a hold-out group and a team capacity.
#include <limits>

#include "journeysim/core/error.hpp"
#include "journeysim/model/journey.hpp"

namespace journeysim {

/// When a triggered fix fires and on whom it acts.
struct Trigger {
  StageIndex stage = 0;  ///< the stage whose customers it watches (never terminal)
  /// Periods in the stage before it fires: a customer fires in its period `after + 1` in the
  /// stage, once per stay (0: in the period it enters, or at as_of for customers observed there).
  int after = 0;
  /// Periods the effect lasts, the firing period included; 0: as long as the customer stays.
  int lasts = 0;
  /// The effect falls linearly over `lasts`: share 1 in the firing period, then 1 − j/lasts.
  bool fade = false;
  /// Periods after a firing when a customer still in the stage fires again (at after + 1 +
  /// m·cooldown for m = 1, 2, …); 0: once per stay. At least `lasts` (never two at once).
  int cooldown = 0;
  /// `once_per: customer`: a customer who fired (served, held out or unserved) never fires
  /// again, also when it leaves the stage and comes back; by default (`stay`) it fires again in
  /// each new stay. Never with a cooldown.
  bool once_per_customer = false;
  /// Share of triggered customers kept as a control group (random, per customer): they follow
  /// the baseline rows and cost nothing.
  double hold_out = 0;
  /// Customers served per period; the rest of the eligible are unserved and follow the
  /// baseline rows. Unlimited by default.
  double capacity = std::numeric_limits<double>::infinity();
  SourceLocation where;

  bool limited() const { return capacity != std::numeric_limits<double>::infinity(); }
};

}  // namespace journeysim
