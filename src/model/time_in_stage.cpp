#include "journeysim/model/time_in_stage.hpp"

#include <charconv>

namespace journeysim {
namespace {

/// A whole number 1..max_time_in_stage_period, nothing else.
std::optional<int> period_number(std::string_view text) {
  int value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  // "01" is refused: a label must read back as itself (labels name buckets in counts too).
  if (text.empty() || text.front() == '0' || ec != std::errc{} || ptr != end || value < 1 ||
      value > max_time_in_stage_period)
    return std::nullopt;
  return value;
}

}  // namespace

std::string TenureBucket::label() const {
  if (open()) return std::to_string(first) + "+";
  if (first == last) return std::to_string(first);
  return std::to_string(first) + "-" + std::to_string(last);
}

std::optional<TenureBucket> parse_tenure_bucket(std::string_view text) {
  TenureBucket bucket;
  if (!text.empty() && text.back() == '+') {
    const auto first = period_number(text.substr(0, text.size() - 1));
    if (!first) return std::nullopt;
    bucket.first = *first;
    return bucket;
  }
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    const auto only = period_number(text);
    if (!only) return std::nullopt;
    bucket.first = bucket.last = *only;
    return bucket;
  }
  const auto first = period_number(text.substr(0, dash));
  const auto last = period_number(text.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  bucket.first = *first;
  bucket.last = *last;
  return bucket;
}

}  // namespace journeysim
