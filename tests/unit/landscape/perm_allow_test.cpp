// perm.allow: groups of permutable atoms, indices over several lines, and every malformed case.
#include "common/landscape/perm_allow.hpp"

#include <gtest/gtest.h>

#include "common/io/errors.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::optim {
namespace {

/// The message of read_perm_allow on text, or "" when it reads.
std::string error_of(const std::string& text, std::size_t atoms) {
  const auto dir = testing::scratch_dir("perm-allow");
  testing::write_file(dir / "perm.allow", text);
  std::string message;
  try {
    read_perm_allow(dir / "perm.allow", atoms);
  } catch (const InputError& e) {
    message = e.what();
  }
  std::filesystem::remove_all(dir);
  return message;
}

TEST(PermAllow, ReadsGroupsAsZeroBasedIndices) {
  const auto dir = testing::scratch_dir("perm-allow-ok");
  testing::write_file(dir / "perm.allow", "2\n3 0\n1 2\n3\n2 0\n7 5\n");
  const auto groups = read_perm_allow(dir / "perm.allow", 7);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0], (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(groups[1], (std::vector<std::size_t>{6, 4}));
  std::filesystem::remove_all(dir);
}

TEST(PermAllow, MalformedFilesNameTheLine) {
  EXPECT_EQ(error_of("1\n2 0\n1 2\n", 3), "");
  EXPECT_EQ(
      error_of("1\n2 1\n1 2\n3 4\n", 4),
      "perm.allow:2: group 1 has 1 secondary sets: atoms that move with a permutable group are not "
      "supported in this suite (use s = 0)");
  EXPECT_EQ(error_of("1\n2 0\n1 8\n", 7),
            "perm.allow:3: atom 2 of group 1 is 8: not an atom index 1..7");
  EXPECT_EQ(error_of("2\n2 0\n1 2\n2 0\n2 3\n", 7),
            "perm.allow:5: atom 2 is in group 1 and in group 2");
  EXPECT_EQ(error_of("1\n3 0\n1 2\n", 7),
            "perm.allow:3: the file ends where atom 3 of group 1 was expected");
  EXPECT_EQ(error_of("1\nx 0\n", 7),
            "perm.allow:2: the size of group 1: expected an integer, got 'x'");
  EXPECT_EQ(error_of("1\n2 0\n1 2\n3\n", 7),
            "perm.allow:4: more numbers than the 1 groups announced on line 1");
  EXPECT_EQ(error_of("1\n0 0\n", 7), "perm.allow:2: group 1 has 0 atoms: at least 1 needed");
}

}  // namespace
}  // namespace landscape::optim
