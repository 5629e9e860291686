#include "common/landscape/perm_allow.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"

namespace landscape {
namespace {

/// The whitespace-separated integers of a file with the line each came from.
class Tokens {
 public:
  explicit Tokens(const std::filesystem::path& path) : name_(path.filename().string()) {
    int number = 0;
    for (const std::string& line : read_lines(path)) {
      ++number;
      std::istringstream is(line);
      std::string tok;
      while (is >> tok) tokens_.push_back({tok, number});
    }
    last_line_ = number;
  }
  /// The next integer; what names it in messages.
  long long next(const std::string& what) {
    if (pos_ >= tokens_.size())
      throw InputError(
          fmt::format("{}:{}: the file ends where {} was expected", name_, last_line_, what));
    const auto& [text, line] = tokens_[pos_++];
    long long v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || p != text.data() + text.size())
      throw InputError(
          fmt::format("{}:{}: {}: expected an integer, got '{}'", name_, line, what, text));
    line_ = line;
    return v;
  }
  int line() const { return line_; }
  bool done() const { return pos_ >= tokens_.size(); }
  const std::string& name() const { return name_; }

 private:
  struct Token {
    std::string text;
    int line;
  };
  std::string name_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  int line_ = 0, last_line_ = 0;
};

}  // namespace

std::vector<std::vector<std::size_t>> read_perm_allow(const std::filesystem::path& path,
                                                      std::size_t n_atoms) {
  Tokens t(path);
  auto fail = [&](const std::string& message) {
    return InputError(fmt::format("{}:{}: {}", t.name(), t.line(), message));
  };
  const long long n_groups = t.next("the number of groups");
  if (n_groups < 0)
    throw fail(fmt::format("the number of groups must not be negative, got {}", n_groups));
  std::vector<std::vector<std::size_t>> groups;
  std::vector<int> group_of(n_atoms, 0);
  for (long long g = 1; g <= n_groups; ++g) {
    const long long p = t.next(fmt::format("the size of group {}", g));
    const long long s = t.next(fmt::format("the number of secondary sets of group {}", g));
    if (p < 1) throw fail(fmt::format("group {} has {} atoms: at least 1 needed", g, p));
    if (s != 0)
      throw fail(fmt::format(
          "group {} has {} secondary sets: atoms that move with a permutable group are not "
          "supported in this suite (use s = 0)",
          g, s));
    std::vector<std::size_t> group;
    for (long long k = 0; k < p; ++k) {
      const long long index = t.next(fmt::format("atom {} of group {}", k + 1, g));
      if (index < 1 || static_cast<std::size_t>(index) > n_atoms)
        throw fail(fmt::format("atom {} of group {} is {}: not an atom index 1..{}", k + 1, g,
                               index, n_atoms));
      if (group_of[static_cast<std::size_t>(index - 1)] != 0)
        throw fail(fmt::format("atom {} is in group {} and in group {}", index,
                               group_of[static_cast<std::size_t>(index - 1)], g));
      group_of[static_cast<std::size_t>(index - 1)] = static_cast<int>(g);
      group.push_back(static_cast<std::size_t>(index - 1));
    }
    groups.push_back(std::move(group));
  }
  if (!t.done()) {
    t.next("nothing");  // moves to the extra token's line for the message
    throw fail(fmt::format("more numbers than the {} groups announced on line 1", n_groups));
  }
  return groups;
}

}  // namespace landscape
