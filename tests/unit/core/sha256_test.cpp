// SHA-256 against the test vectors of FIPS 180-2 (NIST, 2002), Appendix B "SHA-256 Examples":
// B.1 one-block message "abc", B.2 the 448-bit two-block message, B.3 one million 'a'
// (https://csrc.nist.gov/publications/detail/fips/180/2/archive/2002-08-01). The empty message
// and the boundary lengths below are checked against coreutils `sha256sum`.
#include <catch2/catch.hpp>

#include <string>

#include "journeysim/core/sha256.hpp"

using journeysim::sha256_hex;

TEST_CASE("SHA-256 matches the FIPS 180-2 Appendix B vectors", "[sha256]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("SHA-256 pads messages around the block boundary", "[sha256]") {
  // 55, 56 and 64 bytes: the length still fits the last block, just does not, and a whole block.
  // Digests from coreutils sha256sum (`head -c 55 /dev/zero | tr '\0' a | sha256sum`).
  CHECK(sha256_hex(std::string(55, 'a')) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  CHECK(sha256_hex(std::string(56, 'a')) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  CHECK(sha256_hex(std::string(64, 'a')) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}
