#pragma once
// Aligned plain-text tables for terminal output.
#include <ostream>
#include <string>
#include <vector>

namespace journeysim::cli {

/// Collects rows, then prints them with columns padded to their widest cell.
/// The first column is left-aligned, the others right-aligned (they hold numbers).
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  /// Left-aligns the given columns (text); the others stay right-aligned (numbers).
  Table& left_align(std::vector<std::size_t> columns) {
    left_ = std::move(columns);
    return *this;
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
  std::vector<std::size_t> left_{0};
};

/// Display width of UTF-8 text (counts code points, which is right for our symbols).
std::size_t display_width(const std::string& text);

}  // namespace journeysim::cli
