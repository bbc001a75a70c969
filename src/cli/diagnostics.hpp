#pragma once
// Printing errors the way compilers do: "journeysim: FILE:LINE:COL: error: …", line, caret.
#include <ostream>
#include <string>

#include "journeysim/core/error.hpp"

namespace journeysim::cli {

/// The full diagnostic for an input error, including the source line and a caret.
std::string format_input_error(const InputError& error);

/// "journeysim: error: MESSAGE".
std::string format_error(const std::string& message);

/// "journeysim: warning: MESSAGE".
std::string format_warning(const std::string& message);

}  // namespace journeysim::cli
