#pragma once
/// \file "did you mean …?" suggestions for misspelled ids and keys.
#include <string>
#include <string_view>
#include <vector>

namespace journeysim {

/// Levenshtein distance between two strings (bytes).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest candidate to `word`, or "" when none is close enough to be a plausible typo:
/// at most a third of the longer of the two words differs (one edit is always allowed).
/// Ties go to the candidate listed first.
/// Example: closest_match("adoptoin", {"adoption", "advocacy"}) == "adoption".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// ", did you mean 'x'?" when there is a close candidate, otherwise "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace journeysim
