#pragma once
// Private to io: customer id strings to dense indices, in parallel and deterministically.
//
// Ids are split into `shard_count` shards by hash. Each shard is filled by one task at a time,
// in file order, so a shard-local index is the order of first appearance within the shard.
// While reading, a record holds local * shard_count + shard; finish() turns that into the
// dense index offset[shard] + local. Neither depends on the number of threads or on how the
// file was cut into blocks.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "journeysim/io/event_log.hpp"

namespace journeysim::event_io {

/// Sharded open-addressing string interner (see file comment).
class CustomerInterner {
 public:
  static constexpr std::uint32_t shard_bits = 6;
  static constexpr std::uint32_t shard_count = 1u << shard_bits;

  /// The 64-bit hash used for both the shard and the slot.
  static std::uint64_t hash(std::string_view id);
  static std::uint32_t shard_of(std::uint64_t hash) { return static_cast<std::uint32_t>(hash >> (64 - shard_bits)); }

  /// The packed (local, shard) key of `id` in shard `shard_of(hash)`, adding it when new.
  /// Safe to call concurrently for different shards only.
  std::uint32_t intern(std::uint64_t hash, std::string_view id);

  /// Bucket of a hash (EventLog::customer_bucket); buckets refine shards.
  static std::uint32_t bucket_of(std::uint64_t hash) {
    static_assert(customer_buckets == 256 && customer_buckets >= shard_count);
    return static_cast<std::uint32_t>(hash >> 56);
  }

  /// Dense index of a packed key; valid after finish().
  std::uint32_t dense(std::uint32_t packed) const {
    return offsets_[packed & (shard_count - 1)] + (packed >> shard_bits);
  }
  /// Computes the dense numbering, moves the ids, in dense order, into `ids` and their
  /// buckets into `buckets`. The interner then only answers find().
  void finish(CustomerIds& ids, std::vector<std::uint8_t>& buckets);
  /// After finish(): the dense index of `id` (whose hash is `hash`), or not_found.
  /// Safe to call concurrently.
  static constexpr std::uint32_t not_found = 0xFFFFFFFFu;
  std::uint32_t find(std::uint64_t hash, std::string_view id, const CustomerIds& ids) const;
  std::size_t size() const;

 private:
  struct Shard {
    std::vector<std::uint32_t> slots;    // local index + 1; 0 = empty
    std::vector<std::uint64_t> hashes;   // by local index
    std::vector<std::uint64_t> offsets;  // by local index, into text; size = count + 1
    std::string text;
    void grow();
  };
  Shard shards_[shard_count];
  std::uint32_t offsets_[shard_count] = {};
};

}  // namespace journeysim::event_io
