#pragma once
/// \file Typed errors. The library throws these; only the CLI prints or exits.
#include <stdexcept>
#include <string>

namespace journeysim {

/// A position in an input file, 1-based. line == 0 means "the file as a whole".
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
  bool has_position() const { return line > 0; }
};

/// Base of every journeysim error.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad input data (a file the user gave us): exit code 2, reported at `where()`.
class InputError : public Error {
 public:
  InputError(std::string message, SourceLocation where)
      : Error(std::move(message)), where_(std::move(where)) {}
  const SourceLocation& where() const { return where_; }

 private:
  SourceLocation where_;
};

/// Bad options or settings not tied to a file position: exit code 2.
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// A broken invariant inside journeysim itself: exit code 1.
class InternalError : public Error {
 public:
  using Error::Error;
};

}  // namespace journeysim
