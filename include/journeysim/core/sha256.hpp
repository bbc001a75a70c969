#pragma once
/// \file SHA-256 (FIPS 180-4), for the content hashes a run directory records of its inputs.
#include <string>
#include <string_view>

namespace journeysim {

/// The SHA-256 digest of `data` as 64 lowercase hex digits.
/// Example: `sha256_hex("abc")` is "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".
std::string sha256_hex(std::string_view data);

}  // namespace journeysim
