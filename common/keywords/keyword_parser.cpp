#include "common/keywords/keyword_parser.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "common/io/fields.hpp"

namespace landscape::keywords {
namespace {

struct Token {
  std::string text;
  int column = 0;
};

std::string upper(std::string_view s) {
  std::string u(s);
  for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return u;
}

/// Splits a line into blank-separated tokens, dropping everything from `!` on.
std::vector<Token> tokenize(std::string_view line) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == '!') break;
    if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r' &&
           line[j] != '!' && line[j] != ',')
      ++j;
    tokens.push_back({std::string(line.substr(i, j - i)), static_cast<int>(i)});
    i = j;
  }
  return tokens;
}

std::string type_name(ArgType t) {
  static constexpr std::array<const char*, 5> kNames = {"an integer", "a real number", "a word",
                                                        "T or F", "a file name"};
  return kNames.at(static_cast<std::size_t>(t));
}

std::string bound_text(const ArgSpec& a) {
  auto num = [](double v) { return fmt::format("{:g}", v); };
  if (a.min && a.max)
    return fmt::format("must be {} {} and {} {}", a.min->inclusive ? ">=" : ">", num(a.min->value),
                       a.max->inclusive ? "<=" : "<", num(a.max->value));
  if (a.min) return fmt::format("must be {} {}", a.min->inclusive ? ">=" : ">", num(a.min->value));
  if (a.max) return fmt::format("must be {} {}", a.max->inclusive ? "<=" : "<", num(a.max->value));
  return {};
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string Occurrence::where() const {
  return line > 0 ? fmt::format("{}:{}", file, line) : std::string("default");
}

bool parse_value(std::string_view token, const ArgSpec& arg, Value& out, std::string& error) {
  const std::string tok(token);
  switch (arg.type) {
    case ArgType::kInt: {
      const std::optional<long long> v = parse_integer(tok);
      if (!v) {
        error = fmt::format("expected {}, got '{}'", type_name(arg.type), tok);
        return false;
      }
      out = *v;
      return true;
    }
    case ArgType::kReal: {
      const std::optional<double> v = parse_fortran_real(tok);
      if (!v) {
        error = fmt::format("expected {}, got '{}'", type_name(arg.type), tok);
        return false;
      }
      out = *v;
      return true;
    }
    case ArgType::kWord: {
      const std::string u = upper(tok);
      if (!arg.choices.empty() &&
          std::find(arg.choices.begin(), arg.choices.end(), u) == arg.choices.end()) {
        std::string list;
        for (const auto& c : arg.choices) list += (list.empty() ? "" : ", ") + c;
        error = fmt::format("expected one of {}, got '{}'", list, tok);
        return false;
      }
      out = u;
      return true;
    }
    case ArgType::kLogical: {
      const std::string u = upper(tok);
      if (u == "T" || u == "TRUE" || u == ".TRUE." || u == "YES") {
        out = true;
        return true;
      }
      if (u == "F" || u == "FALSE" || u == ".FALSE." || u == "NO") {
        out = false;
        return true;
      }
      error = fmt::format("expected {}, got '{}'", type_name(arg.type), tok);
      return false;
    }
    case ArgType::kPath:
      out = tok;
      return true;
  }
  return false;
}

std::string format_value(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, bool>)
          return x ? "T" : "F";
        else if constexpr (std::is_same_v<T, double>)
          return fmt::format("{:g}", x);
        else
          return fmt::format("{}", x);
      },
      v);
}

std::string nearest_name(std::string_view word, std::span<const KeywordSpec> specs) {
  const std::string w = upper(word);
  std::string best;
  std::size_t best_d = SIZE_MAX;
  for (const auto& s : specs) {
    if (s.cls == KeywordClass::kUnsupported) continue;
    auto consider = [&](const std::string& name) {
      const std::size_t d = edit_distance(w, name);
      if (d < best_d) {
        best_d = d;
        best = name;
      }
    };
    consider(s.name);
    for (const auto& a : s.aliases) consider(a);
  }
  // Close enough to be a likely typo: at most a third of the word's letters wrong.
  if (best_d > std::max<std::size_t>(2, w.size() / 3)) return {};
  return best;
}

namespace {

/// The bound that a numeric argument value breaks, as "must be >= 0", or empty when it keeps them
/// (or is not a number).
std::string broken_bound(const ArgSpec& arg, const Value& v) {
  double num = 0;
  bool numeric = false;
  if (auto* p = std::get_if<long long>(&v)) num = static_cast<double>(*p), numeric = true;
  if (auto* p = std::get_if<double>(&v)) num = *p, numeric = true;
  if (!numeric) return {};
  const bool low = arg.min && (arg.min->inclusive ? num < arg.min->value : num <= arg.min->value);
  const bool high = arg.max && (arg.max->inclusive ? num > arg.max->value : num >= arg.max->value);
  return low || high ? bound_text(arg) : std::string();
}

/// Parses one keyword file line by line: keyword lines until a keyword that ends them, data lines
/// after it. Every problem becomes a diagnostic of the line it is on.
class KeywordFileParser {
 public:
  KeywordFileParser(std::string_view file_name, std::span<const KeywordSpec> specs)
      : file_(file_name), specs_(specs) {
    for (const auto& s : specs) {
      by_name_[s.name] = &s;
      for (const auto& a : s.aliases) by_name_[a] = &s;
    }
  }

  /// Line line_no of the file (1-based), without its newline.
  void line(int line_no, std::string_view line) {
    std::string src(line);
    if (!src.empty() && src.back() == '\r') src.pop_back();
    if (in_data_) {
      result_.data_lines.push_back(std::move(src));
      return;
    }
    const auto tokens = tokenize(line);
    if (tokens.empty()) return;
    const std::string word = upper(tokens[0].text);
    if (word == "COMMENT") return;
    const Line here{line_no, src};
    const KeywordSpec* spec = known_spec(word, tokens, here);
    if (!spec) return;
    Occurrence occ{spec, file_, line_no, {}, tokens.size() - 1};
    if (!argument_count_fits(*spec, tokens, here) || !parse_arguments(*spec, tokens, here, occ))
      return;
    result_.occurrences.push_back(std::move(occ));
    if (spec->ends_keywords) {
      in_data_ = true;
      result_.data_first_line = line_no + 1;
    }
  }

  /// The parsed file, with a diagnostic for every required keyword that was not given.
  ParsedFile finish() {
    for (const auto& s : specs_)
      if (s.required && !first_line_.count(&s) &&
          std::none_of(result_.occurrences.begin(), result_.occurrences.end(),
                       [&](const Occurrence& o) { return o.spec == &s; }))
        result_.diagnostics.push_back({file_, 0, s.name, "required keyword missing", "", -1});
    return std::move(result_);
  }

 private:
  /// The line being parsed, for its diagnostics.
  struct Line {
    int number = 0;
    const std::string& source;  ///< without a carriage return
  };

  void diagnose(const Line& line, const std::string& keyword, std::string message, int column) {
    result_.diagnostics.push_back(
        {file_, line.number, keyword, std::move(message), line.source, column});
  }

  /// The spec of the line's keyword word, or nullptr after a diagnostic: unknown (with the
  /// nearest name as a suggestion), not supported, or a second occurrence of a single keyword.
  const KeywordSpec* known_spec(const std::string& word, const std::vector<Token>& tokens,
                                const Line& line) {
    auto it = by_name_.find(word);
    if (it == by_name_.end()) {
      const std::string near = nearest_name(word, specs_);
      diagnose(
          line, word,
          near.empty() ? "unknown keyword" : fmt::format("unknown keyword; did you mean {}?", near),
          tokens[0].column);
      return nullptr;
    }
    const KeywordSpec& spec = *it->second;
    if (spec.cls == KeywordClass::kUnsupported) {
      diagnose(line, spec.name, "not supported", -1);
      return nullptr;
    }
    if (!spec.repeatable) {
      auto [f, inserted] = first_line_.emplace(&spec, line.number);
      if (!inserted) {
        diagnose(line, spec.name,
                 fmt::format("given more than once (first at {}:{})", file_, f->second),
                 tokens[0].column);
        return nullptr;
      }
    }
    return &spec;
  }

  /// Whether the line has no fewer arguments than the spec requires and no more than it allows.
  bool argument_count_fits(const KeywordSpec& spec, const std::vector<Token>& tokens,
                           const Line& line) {
    const std::size_t n_spec = spec.args.size();
    std::size_t n_required = 0;
    for (std::size_t i = 0; i < n_spec; ++i)
      if (!spec.args[i].default_value) n_required = i + 1;
    const std::size_t n_args = tokens.size() - 1;
    if (n_args < n_required) {
      diagnose(
          line, spec.name,
          fmt::format("too few arguments: expected {}{}, got {} (argument {} ({}) is required)",
                      n_required == n_spec && !spec.variadic ? "" : "at least ", n_required, n_args,
                      n_args + 1, spec.args[n_args].name),
          -1);
      return false;
    }
    if (n_args > n_spec && !spec.variadic) {
      diagnose(line, spec.name,
               fmt::format("too many arguments: expected at most {}, got {}", n_spec, n_args),
               tokens[n_spec + 1].column);
      return false;
    }
    return true;
  }

  /// Parses the line's arguments into occ.args, defaults for those not given. Every bad argument
  /// is diagnosed, not only the first; false when there was one.
  bool parse_arguments(const KeywordSpec& spec, const std::vector<Token>& tokens, const Line& line,
                       Occurrence& occ) {
    const std::size_t n_spec = spec.args.size();
    const std::size_t n_args = tokens.size() - 1;
    bool ok = true;
    for (std::size_t i = 0; i < std::max(n_args, n_spec); ++i) {
      const ArgSpec& arg = spec.args[std::min(i, n_spec - 1)];
      if (i >= n_args) {
        occ.args.push_back(*arg.default_value);
        continue;
      }
      Value v;
      std::string err;
      if (!parse_value(tokens[i + 1].text, arg, v, err)) {
        diagnose(line, spec.name, fmt::format("argument {} ({}): {}", i + 1, arg.name, err),
                 tokens[i + 1].column);
        ok = false;
        continue;
      }
      if (const std::string bound = broken_bound(arg, v); !bound.empty()) {
        diagnose(
            line, spec.name,
            fmt::format("argument {} ({}): {}, got {}", i + 1, arg.name, bound, tokens[i + 1].text),
            tokens[i + 1].column);
        ok = false;
        continue;
      }
      occ.args.push_back(std::move(v));
    }
    return ok;
  }

  std::string file_;
  std::span<const KeywordSpec> specs_;
  std::map<std::string, const KeywordSpec*> by_name_;  ///< names and aliases
  std::map<const KeywordSpec*, int> first_line_;       ///< of each single keyword given
  bool in_data_ = false;
  ParsedFile result_;
};

}  // namespace

ParsedFile parse_keywords(std::string_view file_name, std::string_view text,
                          std::span<const KeywordSpec> specs) {
  KeywordFileParser parser(file_name, specs);
  // Phase: the lines in order; a last line without a newline counts, an empty one does not
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view line = text.substr(pos, nl - pos);
    const bool last = nl >= text.size();
    pos = nl + 1;
    ++line_no;
    if (last && line.empty()) break;
    parser.line(line_no, line);
  }
  // Phase: the required keywords not given
  return parser.finish();
}

}  // namespace landscape::keywords
