#include "customer_interner.hpp"

#include <cstring>

#include "journeysim/core/error.hpp"

namespace journeysim::event_io {

std::uint64_t CustomerInterner::hash(std::string_view id) {
  // FNV-1a over 8-byte words, then a SplitMix64 finalizer so both the top bits (shard) and
  // the low bits (slot) are well mixed. Fixed, so shard assignment is reproducible.
  std::uint64_t h = 0xcbf29ce484222325ULL ^ id.size();
  std::size_t i = 0;
  for (; i + 8 <= id.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, id.data() + i, 8);
    h = (h ^ word) * 0x100000001b3ULL;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, id.data() + i, id.size() - i);
  h = (h ^ tail) * 0x100000001b3ULL;
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

void CustomerInterner::Shard::grow() {
  const std::size_t capacity = slots.empty() ? 1024 : slots.size() * 2;
  std::vector<std::uint32_t> bigger(capacity, 0);
  const std::size_t mask = capacity - 1;
  for (std::uint32_t local = 0; local < hashes.size(); ++local) {
    std::size_t slot = hashes[local] & mask;
    while (bigger[slot] != 0) slot = (slot + 1) & mask;
    bigger[slot] = local + 1;
  }
  slots.swap(bigger);
}

std::uint32_t CustomerInterner::intern(std::uint64_t h, std::string_view id) {
  const std::uint32_t s = shard_of(h);
  Shard& shard = shards_[s];
  if ((shard.hashes.size() + 1) * 2 > shard.slots.size()) shard.grow();
  const std::size_t mask = shard.slots.size() - 1;
  std::size_t slot = h & mask;
  while (true) {
    const std::uint32_t entry = shard.slots[slot];
    if (entry == 0) break;
    const std::uint32_t local = entry - 1;
    if (shard.hashes[local] == h) {
      const std::uint64_t begin = shard.offsets[local], end = shard.offsets[local + 1];
      if (end - begin == id.size() && std::memcmp(shard.text.data() + begin, id.data(), id.size()) == 0)
        return (local << shard_bits) | s;
    }
    slot = (slot + 1) & mask;
  }
  const auto local = static_cast<std::uint32_t>(shard.hashes.size());
  if (local >= (1u << (32 - shard_bits)) - 1)
    throw InputError("more than 67 million distinct customers in one hash shard; journeysim "
                     "supports up to about 4 billion customers",
                     SourceLocation{});
  if (shard.offsets.empty()) shard.offsets.push_back(0);
  shard.hashes.push_back(h);
  shard.text.append(id);
  shard.offsets.push_back(shard.text.size());
  shard.slots[slot] = local + 1;
  return (local << shard_bits) | s;
}

std::size_t CustomerInterner::size() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) total += shard.hashes.size();
  return total;
}

void CustomerInterner::finish(CustomerIds& ids, std::vector<std::uint8_t>& buckets) {
  std::uint32_t next = 0;
  buckets.clear();
  buckets.reserve(size());
  for (std::uint32_t s = 0; s < shard_count; ++s) {
    offsets_[s] = next;
    Shard& shard = shards_[s];
    for (std::size_t local = 0; local < shard.hashes.size(); ++local) {
      ids.push_back(std::string_view(shard.text).substr(shard.offsets[local],
                                                        shard.offsets[local + 1] - shard.offsets[local]));
      buckets.push_back(static_cast<std::uint8_t>(bucket_of(shard.hashes[local])));
    }
    next += static_cast<std::uint32_t>(shard.hashes.size());
    // The ids now live in `ids`; slots and hashes stay for find().
    std::string().swap(shard.text);
    std::vector<std::uint64_t>().swap(shard.offsets);
  }
}

std::uint32_t CustomerInterner::find(std::uint64_t h, std::string_view id, const CustomerIds& ids) const {
  const std::uint32_t s = shard_of(h);
  const Shard& shard = shards_[s];
  if (shard.slots.empty()) return not_found;
  const std::size_t mask = shard.slots.size() - 1;
  for (std::size_t slot = h & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t entry = shard.slots[slot];
    if (entry == 0) return not_found;
    const std::uint32_t local = entry - 1;
    if (shard.hashes[local] == h && ids[offsets_[s] + local] == id) return offsets_[s] + local;
  }
}

}  // namespace journeysim::event_io
