#include "common/keywords/program_start.hpp"

#include <fmt/format.h>

#include "common/io/console.hpp"
#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"

namespace landscape::keywords {

void DiagnosticSink::at(int line, std::string keyword, std::string message, std::string source) {
  diagnostics_.push_back(
      {file_, line, std::move(keyword), std::move(message), std::move(source), -1});
}

void DiagnosticSink::at(const Occurrence& occurrence, std::string message) {
  diagnostics_.push_back(
      {occurrence.file, occurrence.line, occurrence.spec->name, std::move(message), "", -1});
}

void DiagnosticSink::in_file(std::string file, std::string message) {
  diagnostics_.push_back({std::move(file), 0, "", std::move(message), "", -1});
}

void DiagnosticSink::message(std::string text) {
  diagnostics_.push_back({"", 0, "", std::move(text), "", -1});
}

void DiagnosticSink::add_all(const std::vector<Diagnostic>& diagnostics) {
  diagnostics_.insert(diagnostics_.end(), diagnostics.begin(), diagnostics.end());
}

int DiagnosticSink::report(std::FILE* err, std::string_view program, std::string_view done) const {
  print_to(err, "{}", format_all(diagnostics_));
  print_to(err, "{}: {} problem(s) in {}; nothing was {}\n", program, diagnostics_.size(), file_,
           done);
  return kExitBadInput;
}

std::optional<std::string> read_keyword_text(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) return std::nullopt;
  std::optional<std::string> text = read_text_file(path);
  if (!text)
    throw InputError(fmt::format("{}: cannot read the keyword file", path.filename().string()));
  return text;
}

std::string no_effect_note(const Occurrence& occurrence) {
  return fmt::format("note: {} ({}:{}) has no effect in this suite", occurrence.spec->name,
                     occurrence.file, occurrence.line);
}

std::string missing_value_warning(const Occurrence& occurrence) {
  std::string values;
  for (std::size_t i = 0; i < occurrence.args.size(); ++i) {
    if (i > 0) values += ' ';
    values += format_value(occurrence.args[i]);
  }
  return fmt::format("{}:{}: {} given without a value: the default{} {} {} used", occurrence.file,
                     occurrence.line, occurrence.spec->name, occurrence.args.size() > 1 ? "s" : "",
                     values, occurrence.args.size() > 1 ? "are" : "is");
}

}  // namespace landscape::keywords
