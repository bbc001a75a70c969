#pragma once
/// \file Checks on a JSON text before nlohmann builds a tree of it (summary.json, decision.json).
#include <cstddef>
#include <string>

#include "journeysim/core/error.hpp"

namespace journeysim::json_text {

/// Line and column (1-based, columns count bytes) of byte `offset` (0-based) of `text`.
SourceLocation location_at(const std::string& text, std::size_t offset, const std::string& file);

/// Refuses brackets (outside strings) nested deeper than `limit`, at the bracket that goes past
/// it: a 64 MiB file of '[' would otherwise become 64 million nested arrays. `expected` ends
/// the message ("summary.json has 5").
void check_depth(const std::string& text, const std::string& file, int limit, const std::string& expected);

}  // namespace journeysim::json_text
