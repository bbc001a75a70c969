#pragma once
/// \file Reading input files whole, with errors that name the file.
#include <string>

namespace journeysim {

/// The whole content of an input file. InputError when it does not exist, is a directory,
/// cannot be read, or is empty.
std::string read_input_file(const std::string& path);

/// Line `line` (1-based) of a file, without its newline; "" when unavailable. For carets.
std::string source_line(const std::string& path, int line);

}  // namespace journeysim
