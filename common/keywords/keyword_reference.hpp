#pragma once
// The Markdown keyword reference (PROGRAM --keywords, committed under doc/keywords/).

#include <span>
#include <string>
#include <string_view>

#include "common/keywords/keyword_spec.hpp"

namespace landscape::keywords {

/// Markdown reference: implemented keywords with arguments, defaults, ranges and docs; keywords
/// accepted with no effect; keywords of the real program that are not supported.
std::string write_reference(std::string_view program, std::string_view file_name,
                            std::string_view intro, std::span<const KeywordSpec> specs);

}  // namespace landscape::keywords
