// The reader's guards against broken files (issue #6) at their boundaries: what is just
// accepted and what is just refused. The CLI corpus in tests/data/bad covers the messages.
#include <catch2/catch.hpp>

#include <string>

#include "journeysim/io/model_reader.hpp"
#include "journeysim/io/source_file.hpp"
#include "journeysim/model/limits.hpp"
#include "small_models.hpp"

using namespace journeysim;

namespace {

const std::string base = R"(journey: {name: guards, horizon: 12}
stages:
  - {id: a, revenue_per_period: 1}
  - {id: end, terminal: true}
transitions:
  a: {end: 0.1}
)";

std::string with_as_of(const std::string& date) {
  return base + "calibration: {as_of: '" + date + "'}\n";
}

/// The message of the InputError that parsing `text` throws, "" when it parses.
std::string hardening_error_of(const std::string& text) {
  try {
    (void)parse_journey(text, "m.yaml");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("calibration.as_of: real calendar dates only, 1970 to 9999", "[io]") {
  // One timestamp grammar for the event log, --as-of and the calibration block (civil_time):
  // offsets and fractional seconds, which calibrate may write, read back.
  for (const char* good : {"2024-02-29", "2000-02-29", "1970-01-01", "9999-12-31", "2026-03-01T23:59:59",
                           "2026-03-01T00:00:00Z", "2026-03-01 12:00:00", "2026-01-01T12:00:00+02:00",
                           "2026-03-01T12:00:00.5Z"})
    CHECK(hardening_error_of(with_as_of(good)) == "");
  CHECK(hardening_error_of(with_as_of("2100-02-29")).find("day 29 does not exist in February 2100") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("2026-04-31")).find("day 31 does not exist in April 2026") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("2026-13-01")).find("month 13") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("2026-01-01T12:60:00")).find("minute 60") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("2026-01-01T12:00:60")).find("second 60") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("1969-12-31T23:00:00-02:00")) == "");  // 1970-01-01T01:00Z: the UTC year counts
  CHECK(hardening_error_of(with_as_of("1969-12-31")).find("year 1969 is outside 1970-9999") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("2026-1-1")).find("expected an ISO 8601 date") != std::string::npos);
  CHECK(hardening_error_of(with_as_of("")).find("empty timestamp") != std::string::npos);
}

TEST_CASE("encodings: a UTF-8 BOM and UTF-8 text are read, anything else is refused", "[io]") {
  CHECK(hardening_error_of("\xEF\xBB\xBF" + base) == "");
  CHECK(hardening_error_of(base + "# caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\n") == "");  // é € 😀
  CHECK(hardening_error_of(base + "# \xF4\x90\x80\x80\n").find("invalid UTF-8 (byte 0xF4)") != std::string::npos);  // > U+10FFFF
  CHECK(hardening_error_of(base + "# \xE2\x82\n").find("invalid UTF-8") != std::string::npos);  // cut sequence
  CHECK(hardening_error_of(base + "# \x7F\n").find("control character 0x7F") != std::string::npos);
  CHECK(hardening_error_of(base + "#\tcomment\r\n") == "");  // tab and CRLF are text
}

TEST_CASE("size: a file over the limit is refused before parsing", "[io]") {
  std::string text = base + "# ";
  text.append(limits::yaml_file_bytes - text.size() - 1, 'x');
  text += "\n";
  CHECK(text.size() == limits::yaml_file_bytes);
  CHECK(hardening_error_of(text) == "");
  CHECK(hardening_error_of(text + "\n").find("limited to 1048576 bytes") != std::string::npos);
}

TEST_CASE("documents: one is read, a trailing --- is fine, two are refused", "[io]") {
  CHECK(hardening_error_of(base + "---\n") == "");
  CHECK(hardening_error_of("%YAML 1.2\n---\n" + base + "...\n# the end\n") == "");
  // The marker that fuzz_model found to hang YAML::LoadAll: refused, and quickly.
  CHECK(hardening_error_of(",\n\n").find("no content") != std::string::npos);
  CHECK(hardening_error_of(base + "---\n" + base).find("a second YAML document starts here") != std::string::npos);
}

TEST_CASE("limits: 1000 stages and horizon 100000 are read, one more is refused", "[io]") {
  std::string stages = "journey: {name: many, horizon: 100000}\nstages:\n";
  for (std::size_t s = 0; s < limits::stages; ++s) stages += "  - {id: s" + std::to_string(s) + "}\n";
  CHECK(hardening_error_of(stages) == "");
  CHECK(hardening_error_of(stages + "  - {id: one-more}\n").find("1001 stages; at most 1000") != std::string::npos);
  std::string horizon = base;
  horizon.replace(horizon.find("horizon: 12"), 11, "horizon: 100001");
  CHECK(hardening_error_of(horizon).find("horizon must be at most 100000 periods") != std::string::npos);
}

TEST_CASE("source lines print unprintable bytes as '?', byte for byte", "[io]") {
  const std::string path = std::string(JOURNEYSIM_SOURCE_DIR) + "/tests/data/bad/model_latin1.yaml";
  const std::string line = source_line(path, 1);
  CHECK(line == "journey: {name: caf? journey, period: month, horizon: 12}");
}
