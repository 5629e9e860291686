#pragma once
// Binders for keyword tables, so that a table entry reads as a declaration:
//   t.add(keyword("STEPS", {...}, "..."), bind(&GminOptions::steps,
//   &GminOptions::temperature_factor)); t.add(keyword("FIXSTEP", {}, "..."),
//   flag(&GminOptions::fix_step));
// bind() puts argument k of the keyword into the k-th member named (converted to the member's
// type: integers, reals, words and paths, logicals; an optional member receives the value);
// flag() sets a bool member. Keywords whose binding needs a rule keep a lambda.

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/keywords/keyword_parser.hpp"

namespace landscape::keywords {

namespace detail {

template <class T>
struct OptionalValue {
  using type = T;
};
template <class T>
struct OptionalValue<std::optional<T>> {
  using type = T;
};

/// Converts a parsed argument to the type T of an options member.
template <class T>
T argument_as(const Value& value) {
  return std::visit(
      [](const auto& v) -> T {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_arithmetic_v<T> && std::is_arithmetic_v<V>) {
          return static_cast<T>(v);
        } else if constexpr (std::is_constructible_v<T, const V&>) {
          return T(v);
        } else {
          throw std::logic_error("keyword binder: an argument bound to a member of another kind");
        }
      },
      value);
}

}  // namespace detail

/// Binds the keyword's arguments, in order, into the members named (argument 0 into the first).
template <class Options, class... T>
auto bind(T Options::*... members) {
  return [=](const Occurrence& o, Options& options) -> std::optional<std::string> {
    std::size_t i = 0;
    ((options.*members =
          detail::argument_as<typename detail::OptionalValue<T>::type>(o.args.at(i++))),
     ...);
    return std::nullopt;
  };
}

/// Appends every argument of the keyword to a vector member (a repeatable or variadic keyword).
template <class Options, class T>
auto append(std::vector<T> Options::*member) {
  return [=](const Occurrence& o, Options& options) -> std::optional<std::string> {
    for (const Value& v : o.args) (options.*member).push_back(detail::argument_as<T>(v));
    return std::nullopt;
  };
}

/// A keyword without arguments that turns a bool member on.
template <class Options>
auto flag(bool Options::*member) {
  return [=](const Occurrence&, Options& options) -> std::optional<std::string> {
    options.*member = true;
    return std::nullopt;
  };
}

}  // namespace landscape::keywords
