// "did you mean" suggestions: the edit distance and when a candidate counts as a typo.
#include <catch2/catch.hpp>

#include "journeysim/core/error.hpp"
#include "journeysim/core/suggest.hpp"

using namespace journeysim;

TEST_CASE("edit_distance is the Levenshtein distance", "[suggest]") {
  // Textbook pair: kitten -> sitting is 2 substitutions and 1 insertion.
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("sitting", "kitten") == 3);
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("abc", "") == 3);
  CHECK(edit_distance("adoption", "adoption") == 0);
  // A swap of two letters is two edits for Levenshtein (no transposition operation).
  CHECK(edit_distance("adoptoin", "adoption") == 2);
  CHECK(edit_distance("revenue_per_perod", "revenue_per_period") == 1);
  CHECK(edit_distance("flaw", "lawn") == 2);
}

TEST_CASE("closest_match picks the nearest plausible typo", "[suggest]") {
  const std::vector<std::string> stages{"awareness", "onboarding", "adoption", "advocacy", "churned"};
  CHECK(closest_match("adoptoin", stages) == "adoption");
  CHECK(closest_match("onbording", stages) == "onboarding");
  CHECK(closest_match("churnd", stages) == "churned");
  // A truncation: 2 edits, allowed because a third of the longer word (7 letters) is 2.
  CHECK(closest_match("churn", stages) == "churned");
}

TEST_CASE("closest_match refuses words that are not typos", "[suggest]") {
  const std::vector<std::string> stages{"awareness", "onboarding", "adoption"};
  // 'renewal' vs 'onboarding': far more than a third of 10 letters differs.
  CHECK(closest_match("renew", {"onboarding"}).empty());
  // 'x' vs 'day' is 3 edits; one is the most allowed for 3 letters.
  CHECK(closest_match("x", {"day"}).empty());
  CHECK(closest_match("renewal", stages).empty());
  CHECK(closest_match("x", {}).empty());
  // At least one edit is always allowed, even for short words.
  CHECK(closest_match("dy", {"day", "week"}) == "day");
}

TEST_CASE("closest_match breaks ties by candidate order", "[suggest]") {
  // 'bat' is one edit from both; the first listed wins, so messages are deterministic.
  CHECK(closest_match("bat", {"cat", "bar"}) == "cat");
  CHECK(closest_match("bat", {"bar", "cat"}) == "bar");
}

TEST_CASE("did_you_mean formats the suggestion or nothing", "[suggest]") {
  CHECK(did_you_mean("montly", {"day", "week", "month", "quarter"}) == ", did you mean 'month'?");
  CHECK(did_you_mean("fortnight", {"day", "week", "month", "quarter"}).empty());
}

TEST_CASE("InputError carries its location", "[error]") {
  const InputError error("bad value", SourceLocation{"model.yaml", 12, 7});
  CHECK(std::string(error.what()) == "bad value");
  CHECK(error.where().file == "model.yaml");
  CHECK(error.where().line == 12);
  CHECK(error.where().column == 7);
  CHECK(error.where().has_position());
  CHECK_FALSE(SourceLocation{"model.yaml", 0, 0}.has_position());
  // Typed errors are all journeysim::Error, so the CLI can catch them by kind.
  CHECK_THROWS_AS(throw ConfigError("x"), Error);
  CHECK_THROWS_AS(throw InternalError("x"), Error);
}
