#pragma once
/// \file Transitions that depend on time in stage (issue #11 §3): a stage's row may change with
/// the periods a customer has spent in it, in buckets the model names ("1", "2-3", "4-12",
/// "13+"; the last one open-ended). Period 1 is a customer's first period in the stage: the
/// period it entered (or arrived, or was observed in at as_of when written by hand).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/core/error.hpp"

namespace journeysim {

/// A range of periods spent in a stage, first..last (last 0: open-ended, "13+").
struct TenureBucket {
  int first = 1;
  int last = 0;
  SourceLocation where;
  bool open() const { return last == 0; }
  bool contains(int period) const { return period >= first && (open() || period <= last); }
  /// "1", "2-3", "13+": the form the model file uses.
  std::string label() const;
};

/// Reads "4", "2-3" or "13+" (periods from 1); nullopt when `text` is not one of these forms.
std::optional<TenureBucket> parse_tenure_bucket(std::string_view text);

/// The most periods a bucket boundary may name: each period up to the open-ended bucket is a
/// state of the expanded chain (analytic/state_layout.hpp), whose size limits::stages bounds.
inline constexpr int max_time_in_stage_period = 1000;

}  // namespace journeysim
