#pragma once
// Messages between processes as byte strings: BytePacker appends numbers, strings and arrays of
// doubles; ByteReader takes them back in the same order and throws RuntimeError on a short or
// malformed message. Same machine kind on both sides (native byte order, no conversion), as in
// one MPI job.

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/io/errors.hpp"

namespace landscape {

class BytePacker {
 public:
  template <class T>
  requires std::is_arithmetic_v<T> BytePacker& put(T value) {
    bytes_.append(reinterpret_cast<const char*>(&value), sizeof value);
    return *this;
  }
  BytePacker& put_string(std::string_view s) {
    put<std::uint64_t>(s.size());
    bytes_.append(s);
    return *this;
  }
  BytePacker& put_doubles(std::span<const double> v) {
    put<std::uint64_t>(v.size());
    bytes_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(double));
    return *this;
  }
  const std::string& bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view bytes) : bytes_(bytes) {}

  template <class T>
  requires std::is_arithmetic_v<T> T get() {
    T value;
    std::memcpy(&value, take(sizeof value).data(), sizeof value);
    return value;
  }
  std::string get_string() {
    const auto n = get<std::uint64_t>();
    return std::string(take(n));
  }
  std::vector<double> get_doubles() {
    const auto n = get<std::uint64_t>();
    if (n > bytes_.size() / sizeof(double))
      throw RuntimeError("message: array longer than message");
    std::vector<double> v(n);
    std::memcpy(v.data(), take(n * sizeof(double)).data(), n * sizeof(double));
    return v;
  }
  bool done() const { return bytes_.empty(); }

 private:
  std::string_view take(std::uint64_t n) {
    if (n > bytes_.size())
      throw RuntimeError("message: shorter than its contents say (a sender and receiver mismatch)");
    const std::string_view part = bytes_.substr(0, n);
    bytes_.remove_prefix(n);
    return part;
  }
  std::string_view bytes_;
};

}  // namespace landscape
