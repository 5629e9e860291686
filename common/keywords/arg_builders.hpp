#pragma once
// Short constructors for keyword tables.

#include <optional>
#include <string>
#include <vector>

#include "common/keywords/keyword_spec.hpp"

namespace landscape::keywords {

inline Bound at_least(double v) { return {v, true}; }
inline Bound above(double v) { return {v, false}; }
inline Bound at_most(double v) { return {v, true}; }
inline Bound below(double v) { return {v, false}; }

inline ArgSpec int_arg(std::string name, std::optional<long long> def = {},
                       std::optional<Bound> min = {}, std::optional<Bound> max = {},
                       std::string unit = {}) {
  ArgSpec a{std::move(name), ArgType::kInt, {}, min, max, {}, std::move(unit)};
  if (def) a.default_value = *def;
  return a;
}

inline ArgSpec real_arg(std::string name, std::optional<double> def = {},
                        std::optional<Bound> min = {}, std::optional<Bound> max = {},
                        std::string unit = {}) {
  ArgSpec a{std::move(name), ArgType::kReal, {}, min, max, {}, std::move(unit)};
  if (def) a.default_value = *def;
  return a;
}

inline ArgSpec logical_arg(std::string name, std::optional<bool> def = {}) {
  ArgSpec a{std::move(name), ArgType::kLogical, {}, {}, {}, {}, {}};
  if (def) a.default_value = *def;
  return a;
}

inline ArgSpec path_arg(std::string name, std::optional<std::string> def = {}) {
  ArgSpec a{std::move(name), ArgType::kPath, {}, {}, {}, {}, {}};
  if (def) a.default_value = *def;
  return a;
}

inline ArgSpec word_arg(std::string name, std::vector<std::string> choices,
                        std::optional<std::string> def = {}) {
  ArgSpec a{std::move(name), ArgType::kWord, {}, {}, {}, std::move(choices), {}};
  if (def) a.default_value = *def;
  return a;
}

/// k, required: a file without it is an error (`file: KEYWORD: required keyword missing`).
inline KeywordSpec required(KeywordSpec k) {
  k.required = true;
  return k;
}

/// k, which may be given more than once (each occurrence is bound in file order).
inline KeywordSpec repeatable(KeywordSpec k) {
  k.repeatable = true;
  return k;
}

/// k, whose last argument may be repeated any number of times on its line.
inline KeywordSpec variadic(KeywordSpec k) {
  k.variadic = true;
  return k;
}

/// A class-1 keyword of a program's table. feature: see KeywordSpec::feature.
inline KeywordSpec keyword(std::string name, std::vector<ArgSpec> args, std::string doc,
                           std::string example = {}, std::vector<std::string> aliases = {},
                           bool feature = false) {
  KeywordSpec k;
  k.name = std::move(name);
  k.args = std::move(args);
  k.doc = std::move(doc);
  k.example = std::move(example);
  k.aliases = std::move(aliases);
  k.feature = feature;
  return k;
}

/// A class-2 keyword: any arguments accepted, no effect.
inline KeywordSpec no_effect(std::string name, std::string doc) {
  KeywordSpec k;
  k.name = std::move(name);
  k.cls = KeywordClass::kNoEffect;
  k.args = {path_arg("arguments", std::string())};
  k.variadic = true;
  k.repeatable = true;
  k.doc = std::move(doc);
  return k;
}

/// Class-3 keywords: known from the real program, not supported here.
inline std::vector<KeywordSpec> unsupported(const std::vector<std::string>& names) {
  std::vector<KeywordSpec> out;
  for (const auto& n : names) {
    KeywordSpec k;
    k.name = n;
    k.cls = KeywordClass::kUnsupported;
    k.args = {path_arg("arguments", std::string())};
    k.variadic = true;
    k.repeatable = true;
    k.doc = "not supported";
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace landscape::keywords

namespace landscape::keywords {

/// The cost argument of DIJKSTRA (optim) and DIJINITSTART / DIJINITCONT (pathsample): EXP (the
/// exponential of the distance) or a positive integer power of the distance.
struct CostArgument {
  bool exponential = false;
  long long power = 1;
};

/// Reads a cost argument word (case-insensitive EXP, or a positive integer); nullopt otherwise.
std::optional<CostArgument> parse_cost_argument(const std::string& word);

/// The message for a word that is not a cost argument (argument 1 of the keyword).
std::string cost_argument_error(const std::string& word);

}  // namespace landscape::keywords
