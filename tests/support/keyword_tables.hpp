#pragma once
// Parsing a program's input text through its keyword table in the keyword tests.

#include <gtest/gtest.h>

#include <string>

#include "common/keywords/diagnostic.hpp"

namespace landscape::testing {

/// Options parsed from text (named file in the diagnostics) by table, starting from the defaults;
/// expects no diagnostic.
template <typename Options, typename Table>
Options parse_ok(const Table& table, const std::string& file, const std::string& text) {
  Options o;
  const auto r = table.parse(file, text, o);
  EXPECT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  return o;
}

}  // namespace landscape::testing
