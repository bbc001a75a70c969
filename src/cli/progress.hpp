#pragma once
// A progress bar with ETA on stderr, shown only on a terminal and only once a run has taken
// longer than a second (short runs stay quiet).
#include <chrono>
#include <cstdint>
#include <string>

namespace journeysim::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  /// Redraws the bar (at most ~10 times a second).
  void update(std::int64_t done, std::int64_t total);
  /// Clears the bar's line.
  void finish();

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace journeysim::cli
