// doc/keywords/<program>.md is generated from the keyword tables: fail when it is stale, and check
// that every implemented keyword is exercised by some test or example input.
#include <gtest/gtest.h>

#include <regex>

#include "disconnect/disconnect_keywords.hpp"
#include "gmin/gmin_keywords.hpp"
#include "optim/optim_keywords.hpp"
#include "pathsample/pathsample_keywords.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

TEST(KeywordReference, GminReferenceIsUpToDate) {
  const std::string expected =
      gmin::gmin_keyword_table().reference("gmin", "data", gmin::kGminReferenceIntro);
  const std::string committed = read_file(source_dir() / "doc" / "keywords" / "gmin.md");
  EXPECT_EQ(committed, expected) << "doc/keywords/gmin.md is stale: regenerate it with "
                                    "`build/bin/gmin --keywords > doc/keywords/gmin.md`";
}

/// All text of the keyword files and test sources under tests/ and examples/.
std::string corpus() {
  std::string all;
  for (const char* sub : {"tests", "examples"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(source_dir() / sub))
      if (e.is_regular_file()) all += read_file(e.path()) + "\n";
  // Keyword files embedded in C++ string literals: turn the escapes into real separators.
  for (const char* esc : {"\\n", "\\t"})
    for (std::size_t p = all.find(esc); p != std::string::npos; p = all.find(esc, p))
      all.replace(p, 2, " \n");
  return all;
}

TEST(KeywordReference, EveryImplementedGminKeywordIsUsedInATestOrExample) {
  const std::string text = corpus();
  for (const auto& k : gmin::gmin_keyword_table().specs()) {
    if (k.cls != keywords::KeywordClass::kImplemented) continue;
    const std::regex word("(^|[^A-Z0-9_])" + k.name + "([^A-Z0-9_]|$)", std::regex::icase);
    EXPECT_TRUE(std::regex_search(text, word)) << k.name << " is used by no test or example";
  }
}

TEST(KeywordReference, OptimReferenceIsUpToDate) {
  const std::string expected =
      optim::optim_keyword_table().reference("optim", "odata", optim::kOptimReferenceIntro);
  const std::string committed = read_file(source_dir() / "doc" / "keywords" / "optim.md");
  EXPECT_EQ(committed, expected) << "doc/keywords/optim.md is stale: regenerate it with "
                                    "`build/bin/optim --keywords > doc/keywords/optim.md`";
}

TEST(KeywordReference, EveryImplementedOptimKeywordIsUsedInATestOrExample) {
  const std::string text = corpus();
  for (const auto& k : optim::optim_keyword_table().specs()) {
    if (k.cls != keywords::KeywordClass::kImplemented) continue;
    const std::regex word("(^|[^A-Z0-9_])" + k.name + "([^A-Z0-9_]|$)", std::regex::icase);
    EXPECT_TRUE(std::regex_search(text, word)) << k.name << " is used by no test or example";
  }
}

TEST(KeywordReference, PathsampleReferenceIsUpToDate) {
  const std::string expected = pathsample::pathsample_keyword_table().reference(
      "pathsample", "pathdata", pathsample::kPathsampleReferenceIntro);
  const std::string committed = read_file(source_dir() / "doc" / "keywords" / "pathsample.md");
  EXPECT_EQ(committed, expected)
      << "doc/keywords/pathsample.md is stale: regenerate it with "
         "`build/bin/pathsample --keywords > doc/keywords/pathsample.md`";
}

TEST(KeywordReference, EveryImplementedPathsampleKeywordIsUsedInATestOrExample) {
  const std::string text = corpus();
  for (const auto& k : pathsample::pathsample_keyword_table().specs()) {
    if (k.cls != keywords::KeywordClass::kImplemented) continue;
    const std::regex word("(^|[^A-Z0-9_])" + k.name + "([^A-Z0-9_]|$)", std::regex::icase);
    EXPECT_TRUE(std::regex_search(text, word)) << k.name << " is used by no test or example";
  }
}

TEST(KeywordReference, DisconnectReferenceIsUpToDate) {
  const std::string expected = disconnect::disconnect_keyword_table().reference(
      "disconnect", "dinfo", disconnect::kDisconnectReferenceIntro);
  const std::string committed = read_file(source_dir() / "doc" / "keywords" / "disconnect.md");
  EXPECT_EQ(committed, expected)
      << "doc/keywords/disconnect.md is stale: regenerate it with "
         "`build/bin/disconnect --keywords > doc/keywords/disconnect.md`";
}

TEST(KeywordReference, EveryImplementedDisconnectKeywordIsUsedInATestOrExample) {
  const std::string text = corpus();
  for (const auto& k : disconnect::disconnect_keyword_table().specs()) {
    if (k.cls != keywords::KeywordClass::kImplemented) continue;
    const std::regex word("(^|[^A-Z0-9_])" + k.name + "([^A-Z0-9_]|$)", std::regex::icase);
    EXPECT_TRUE(std::regex_search(text, word)) << k.name << " is used by no test or example";
  }
}

/// The table of keyword counts in doc/compatibility.md, as the keyword tables give it.
template <class Table>
std::string counts_row(const char* program, const Table& table) {
  std::size_t counts[3] = {0, 0, 0};
  for (const auto& k : table.specs()) ++counts[static_cast<int>(k.cls)];
  return std::string("| ") + program + " | " + std::to_string(counts[0]) + " | " +
         std::to_string(counts[1]) + " | " + std::to_string(counts[2]) + " |\n";
}

TEST(KeywordReference, CompatibilityCountsAreCurrent) {
  const std::string table =
      "| program | implemented | accepted with no effect | not supported |\n"
      "|---|---|---|---|\n" +
      counts_row("gmin", gmin::gmin_keyword_table()) +
      counts_row("optim", optim::optim_keyword_table()) +
      counts_row("pathsample", pathsample::pathsample_keyword_table()) +
      counts_row("disconnect", disconnect::disconnect_keyword_table());
  const std::string doc = read_file(source_dir() / "doc" / "compatibility.md");
  const std::string begin =
      "<!-- keyword counts: generated, checked by keyword_reference_test -->\n";
  const std::size_t at = doc.find(begin);
  ASSERT_NE(at, std::string::npos) << "doc/compatibility.md has lost its keyword-count marker";
  const std::size_t end = doc.find("<!-- end keyword counts -->", at);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(doc.substr(at + begin.size(), end - at - begin.size()), table)
      << "doc/compatibility.md: the keyword counts are stale; they should read\n"
      << table;
}

}  // namespace
}  // namespace landscape::testing
