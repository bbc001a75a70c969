#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace journeysim::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && ::isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

void ProgressBar::update(std::int64_t done, std::int64_t total) {
  if (!enabled_ || total <= 0) return;
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  if (elapsed < 1.0 || (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done < total)) return;
  last_draw_ = now;
  drawn_ = true;
  const double share = static_cast<double>(done) / static_cast<double>(total);
  const int width = 30;
  const int filled = static_cast<int>(share * width);
  const double eta = share > 0 ? elapsed * (1 - share) / share : 0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% %lld/%lld, ETA %.0fs ", label_.c_str(), filled,
               "##############################", width - filled, "", static_cast<int>(share * 100),
               static_cast<long long>(done), static_cast<long long>(total), eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

}  // namespace journeysim::cli
