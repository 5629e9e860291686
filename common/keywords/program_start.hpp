#pragma once
// The start-up sequence shared by gmin, optim, pathsample and disconnect: read the keyword file,
// parse and bind it, collect every problem of the input (GROMACS-style: a sink gathers
// `file:line: KEYWORD: message` diagnostics from the parser, the program's validate() and its
// input files, then one report), and echo the values in effect with a note for each keyword that
// has no effect here.

#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/io/logger.hpp"
#include "common/io/program_main.hpp"
#include "common/keywords/diagnostic.hpp"
#include "common/keywords/keyword_table.hpp"

namespace landscape::keywords {

/// Gathers the problems of a run's input, each with its file and line, for one report.
class DiagnosticSink {
 public:
  /// file: the keyword file as the user names it (e.g. "data", "odata.3").
  explicit DiagnosticSink(std::string file) : file_(std::move(file)) {}

  /// A problem at a line of the keyword file (0: the keyword was not given).
  void at(int line, std::string keyword, std::string message, std::string source = {});
  /// A problem at a keyword occurrence (given, or its default).
  void at(const Occurrence& occurrence, std::string message);
  /// A problem of a keyword found in parsed (at its line, or line 0 when absent).
  template <class Result>
  void cite(const Result& parsed, std::string_view keyword, std::string message) {
    const Occurrence* o = parsed.find(keyword);
    at(o ? o->line : 0, std::string(keyword), std::move(message));
  }
  /// A problem of another file, without a line (`MLPdata: file not found ...`).
  void in_file(std::string file, std::string message);
  /// A message already in `file:line: ...` form (an InputError from a reader).
  void message(std::string text);
  void add_all(const std::vector<Diagnostic>& diagnostics);

  bool empty() const { return diagnostics_.empty(); }
  std::size_t size() const { return diagnostics_.size(); }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  const std::string& file() const { return file_; }

  /// Prints every problem to err, then `program: N problem(s) in FILE; nothing was <done>`.
  /// Returns the exit status of bad input (1).
  int report(std::FILE* err, std::string_view program, std::string_view done = "run") const;

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

/// A program's keyword file, parsed and bound.
template <class Options>
struct KeywordInput {
  std::string file;  ///< the keyword file as the user names it
  Options options;
  typename KeywordTable<Options>::Result parsed;
};

/// The text of a keyword file, or nullopt when it does not exist. Throws InputError when it
/// cannot be read.
std::optional<std::string> read_keyword_text(const std::filesystem::path& path);

/// Reads dir/file and parses it with table (after prepare, e.g. disconnect's # comments), adding
/// the parser's diagnostics to sink. nullopt, with `FILE: keyword file not found in DIR` in sink,
/// when the file does not exist.
template <class Options>
std::optional<KeywordInput<Options>> read_keyword_input(
    const KeywordTable<Options>& table, const std::filesystem::path& dir, const std::string& file,
    DiagnosticSink& sink, const std::function<std::string(std::string)>& prepare = {}) {
  std::optional<std::string> text = read_keyword_text(dir / file);
  if (!text) {
    sink.in_file(file, "keyword file not found in " + dir.string());
    return std::nullopt;
  }
  KeywordInput<Options> in;
  in.file = file;
  in.parsed = table.parse(file, prepare ? prepare(std::move(*text)) : *text, in.options);
  sink.add_all(in.parsed.diagnostics);
  return in;
}

/// `note: DEBUG (data:3) has no effect in this suite`.
std::string no_effect_note(const Occurrence& occurrence);

/// `data:7: TEMPERATURE given without a value: the default 0.3 is used`.
std::string missing_value_warning(const Occurrence& occurrence);

/// Logs `keywords in effect (from FILE):` with every resolved value, then a note, once per
/// keyword, for each given keyword that has no effect in this suite, and a warning for each
/// value_expected keyword given without values.
template <class Options>
void log_keywords_in_effect(Logger& log, const KeywordTable<Options>& table,
                            const KeywordInput<Options>& in) {
  log.info("keywords in effect (from {}):", in.file);
  for (const auto& line : table.echo(in.parsed)) log.info("  {}", line);
  for (const auto& o : in.parsed.parsed.occurrences) {
    if (o.spec->cls == KeywordClass::kNoEffect) log.once(o.spec->name, no_effect_note(o));
    if (o.spec->value_expected && o.given() && o.n_given == 0)
      log.warn("{}", missing_value_warning(o));
  }
}

/// The front end of a program that reads a keyword file: its name, the keyword file its first
/// argument defaults to, the --help text and the --keywords reference of its table.
template <class Options>
ProgramFrontEnd keyword_program(std::string name, std::string keyword_file, std::string usage,
                                const KeywordTable<Options>& table, std::string_view intro) {
  ProgramFrontEnd program;
  program.name = name;
  program.default_argument = keyword_file;
  program.usage = std::move(usage);
  program.reference = [&table, name, keyword_file, intro = std::string(intro)] {
    return table.reference(name, keyword_file, intro);
  };
  return program;
}

}  // namespace landscape::keywords
