#pragma once
// One program's keyword table: each keyword declared once with the step that binds it into the
// program's typed options. Parsing, defaults, diagnostics, the reference and the echo derive from
// it.

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/keywords/arg_builders.hpp"
#include "common/keywords/keyword_parser.hpp"
#include "common/keywords/keyword_reference.hpp"

namespace landscape::keywords {

/// Keyword specs plus binders into Options. A binder returns an error message (reported at the
/// keyword's file:line) or nothing.
template <class Options>
class KeywordTable {
 public:
  using Binder = std::function<std::optional<std::string>(const Occurrence&, Options&)>;

  /// Declares a keyword; binder may be empty for class 2 and 3 keywords.
  KeywordTable& add(KeywordSpec spec, Binder binder = {}) {
    specs_.push_back(std::move(spec));
    binders_.push_back(std::move(binder));
    return *this;
  }
  const std::vector<KeywordSpec>& specs() const { return specs_; }

  /// Class-2 keywords, each with what it does in the real program: accepted, noted in the log.
  KeywordTable& add_no_effect(const std::vector<std::pair<std::string, std::string>>& keywords) {
    for (const auto& [name, doc] : keywords) add(no_effect(name, doc));
    return *this;
  }

  /// Marks the named keywords as value_expected (each must be declared already).
  KeywordTable& expect_values(const std::vector<std::string>& names) {
    for (const auto& name : names) {
      auto it = std::find_if(specs_.begin(), specs_.end(),
                             [&](const KeywordSpec& k) { return k.name == name; });
      if (it == specs_.end()) throw std::logic_error("expect_values: no keyword " + name);
      it->value_expected = true;
    }
    return *this;
  }

  /// Class-3 keywords: known from the real programs, refused as not supported.
  KeywordTable& add_unsupported(const std::vector<std::string>& names) {
    for (auto& k : unsupported(names)) add(std::move(k));
    return *this;
  }

  /// Result of parsing and binding one file.
  struct Result {
    ParsedFile parsed;
    std::vector<Diagnostic> diagnostics;
    /// Occurrence of a keyword (given, or synthesised from defaults), or nullptr.
    const Occurrence* find(std::string_view name) const {
      for (const auto& o : resolved)
        if (o.spec->name == name) return &o;
      return nullptr;
    }
    /// Every keyword in effect: given ones in file order, then defaults of the others.
    std::vector<Occurrence> resolved;
    bool ok() const { return diagnostics.empty(); }
  };

  /// Parses text and binds every keyword into options. Keywords that are not given but whose
  /// arguments all have defaults are bound with those defaults, so defaults live only in the table.
  Result parse(std::string_view file_name, std::string_view text, Options& options) const {
    Result r;
    r.parsed = parse_keywords(file_name, text, specs_);
    r.diagnostics = r.parsed.diagnostics;
    std::vector<bool> seen(specs_.size(), false);
    for (const auto& occ : r.parsed.occurrences) {
      const std::size_t k = index_of(occ.spec);
      seen[k] = true;
      r.resolved.push_back(occ);
    }
    for (std::size_t k = 0; k < specs_.size(); ++k) {
      const KeywordSpec& s = specs_[k];
      if (seen[k] || s.cls != KeywordClass::kImplemented || s.args.empty() || s.feature) continue;
      bool all_default = true;
      for (const auto& a : s.args) all_default = all_default && a.default_value.has_value();
      if (!all_default) continue;
      Occurrence occ{&s, std::string(file_name), 0, {}, 0};
      for (const auto& a : s.args) occ.args.push_back(*a.default_value);
      r.resolved.push_back(std::move(occ));
    }
    // Defaults first, then the file in order, so a given keyword always has the last word.
    std::vector<const Occurrence*> order;
    for (const auto& o : r.resolved)
      if (!o.given()) order.push_back(&o);
    for (const auto& o : r.resolved)
      if (o.given()) order.push_back(&o);
    for (const Occurrence* o : order) {
      const auto& binder = binders_[index_of(o->spec)];
      if (!binder) continue;
      if (auto err = binder(*o, options))
        r.diagnostics.push_back({o->file, o->line, o->spec->name, *err, "", -1});
    }
    return r;
  }

  /// The resolved keywords as log lines: "STEPS 5000 1    (data:20)" or "... (default)".
  std::vector<std::string> echo(const Result& r) const {
    std::vector<std::string> lines;
    for (const auto& o : r.resolved) {
      std::string l = o.spec->name;
      for (const auto& v : o.args) {
        l += ' ';
        l += format_value(v);
      }
      if (o.given()) {
        l += "    (";
        l += o.where();
        l += ')';
      } else {
        l += "    (default)";
      }
      if (o.spec->cls == KeywordClass::kNoEffect) l += "    [no effect in this suite]";
      lines.push_back(std::move(l));
    }
    return lines;
  }

  /// The Markdown reference of every keyword.
  std::string reference(std::string_view program, std::string_view file_name,
                        std::string_view intro) const {
    return write_reference(program, file_name, intro, specs_);
  }

 private:
  std::size_t index_of(const KeywordSpec* s) const {
    return static_cast<std::size_t>(s - specs_.data());
  }
  std::vector<KeywordSpec> specs_;
  std::vector<Binder> binders_;
};

}  // namespace landscape::keywords
