#pragma once
// Whole-file text I/O shared by the programs: reading a file at once, and replacing a small file so
// that a reader or a kill sees the old contents or the new, never half of them.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace landscape {

/// The whole file, or nullopt when it cannot be opened (missing, unreadable). Throws RuntimeError
/// when reading fails after opening.
std::optional<std::string> read_text_file(const std::filesystem::path& path);

/// The lines of text, without their newlines (and without a carriage return before one).
std::vector<std::string> split_lines(std::string_view text);

/// The lines of a text file, as split_lines gives them. Throws InputError
/// (`NAME: cannot open the file`, NAME the file's name) when it cannot be opened.
std::vector<std::string> read_lines(const std::filesystem::path& path);

/// Writes text to path through path.tmp and a rename(2). Throws RuntimeError naming the file when
/// the write fails.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace landscape
