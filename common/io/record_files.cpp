// The crash-safe table of a PATHSAMPLE database: a text file of lines and a binary file of
// coordinate records, their torn-tail repair and their corruption checks.

#include "common/io/record_files.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <tuple>
#include <utility>

#include "common/io/errors.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;

/// A file name for messages: relative to the working directory when inside it (the usual case of
/// a program run in its database directory), else absolute.
std::string display(const fs::path& p) {
  const fs::path normal = p.lexically_normal();
  std::error_code ec;
  const fs::path cwd = fs::current_path(ec);
  if (!ec && normal.is_absolute()) {
    const fs::path relative = normal.lexically_relative(cwd);
    if (!relative.empty() && *relative.begin() != "..") return relative.string();
  }
  return normal.string();
}

std::string errno_text(int err) { return std::strerror(err); }

std::string plural(std::uintmax_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

/// Opens path read-only; returns -1 when it does not exist, throws on any other failure.
int open_existing_for_reading(const fs::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    if (errno == ENOENT) return -1;
    throw DatabaseError(fmt::format("{}: cannot open: {}", display(path), errno_text(errno)));
  }
  return fd;
}

/// Reads n bytes at offset into out, looping over short reads.
void read_exactly(int fd, std::uintmax_t offset, char* out, std::size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t got = ::pread(fd, out, n, static_cast<off_t>(offset));
    if (got < 0) {
      if (errno == EINTR) continue;
      throw DatabaseError(fmt::format("{}: read failed: {}", display(path), errno_text(errno)));
    }
    if (got == 0) {
      throw DatabaseError(fmt::format("{}: file shrank while being read", display(path)));
    }
    out += got;
    offset += static_cast<std::uintmax_t>(got);
    n -= static_cast<std::size_t>(got);
  }
}

std::uintmax_t file_size(int fd, const fs::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    throw DatabaseError(fmt::format("{}: cannot stat: {}", display(path), errno_text(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    throw DatabaseError(fmt::format("{}: not a regular file", display(path)));
  }
  return static_cast<std::uintmax_t>(st.st_size);
}

/// Closes fd on scope exit.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

/// Writes all of [data, data + n) to fd: one write(2) unless the kernel writes less.
void write_all(int fd, const char* data, std::size_t n, const fs::path& path) {
  while (n > 0) {
    ssize_t put = ::write(fd, data, n);
    if (put < 0) {
      if (errno == EINTR) continue;
      throw DatabaseError(fmt::format("{}: write failed: {}", display(path), errno_text(errno)));
    }
    if (put == 0) throw DatabaseError(fmt::format("{}: write wrote nothing", display(path)));
    data += put;
    n -= static_cast<std::size_t>(put);
  }
}

/// Why path no longer names the file open as fd ("removed" or "replaced"), or "" if it does.
std::string moved_away(int fd, const fs::path& path) {
  struct stat open_file {};
  struct stat named {};
  if (::fstat(fd, &open_file) != 0)
    throw RuntimeError(
        fmt::format("{}: cannot check the open file: {}", display(path), errno_text(errno)));
  if (::stat(path.c_str(), &named) != 0) {
    if (errno != ENOENT)
      throw RuntimeError(
          fmt::format("{}: cannot check the file: {}", display(path), errno_text(errno)));
    return "removed";
  }
  // Another file at the path (the open one, renamed over, has no link left): replaced.
  if (named.st_dev != open_file.st_dev || named.st_ino != open_file.st_ino) return "replaced";
  if (open_file.st_nlink == 0) return "removed";
  return "";
}

/// A short printable excerpt of a torn line for the repair message.
std::string preview(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out;
  for (char c : text.substr(0, kMax)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (text.size() > kMax) out += "...";
  return out;
}

/// Everything open() needs to know, found without changing anything on disk.
struct Inspection {
  std::size_t n_lines = 0;
  std::vector<std::string> repairs;
  bool data_exists = false;
  bool points_exists = false;
  std::uintmax_t data_size = 0, data_keep = 0;
  std::uintmax_t points_size = 0, points_keep = 0;
};

/// Reads the whole data file, noting in found whether it exists and its size; "" when missing.
std::string read_data_file(const fs::path& data_path, Inspection& found) {
  std::string text;
  FdCloser data{open_existing_for_reading(data_path)};
  found.data_exists = data.fd >= 0;
  if (found.data_exists) {
    found.data_size = file_size(data.fd, data_path);
    text.resize(static_cast<std::size_t>(found.data_size));
    read_exactly(data.fd, 0, text.data(), text.size(), data_path);
  }
  return text;
}

/// What parsing the complete lines of a data file found.
struct ParsedLines {
  std::size_t n_lines = 0;
  std::optional<std::string> first_error;  ///< "file:line: problem" of the first malformed line
  std::size_t n_errors = 0;                ///< malformed lines
};

/// Gives each complete line of text (its first complete_bytes) to parse, in order.
ParsedLines parse_lines(const std::string& text, std::size_t complete_bytes,
                        const RecordLineParser& parse, const std::string& data_name) {
  ParsedLines parsed;
  for (std::size_t pos = 0; pos < complete_bytes;) {
    const std::size_t end = text.find('\n', pos);
    const std::size_t line_no = ++parsed.n_lines;
    if (auto problem = parse(std::string_view(text).substr(pos, end - pos), line_no)) {
      if (!parsed.first_error)
        parsed.first_error = fmt::format("{}:{}: {}", data_name, line_no, *problem);
      ++parsed.n_errors;
    }
    pos = end + 1;
  }
  return parsed;
}

/// Notes in found whether the points file exists and its size: only its size matters here.
void measure_points_file(const fs::path& points_path, Inspection& found) {
  FdCloser points{open_existing_for_reading(points_path)};
  found.points_exists = points.fd >= 0;
  if (found.points_exists) found.points_size = file_size(points.fd, points_path);
}

/// What inspect() saw of the two files, beyond the Inspection, for its messages and repairs.
struct Census {
  const RecordKind& kind;
  std::size_t n_dof;
  std::string data_name, points_name;
  std::string_view torn;        ///< the data file's incomplete last line, if any
  std::uintmax_t record_bytes;  ///< bytes of one points record
  std::uintmax_t whole;         ///< whole records in the points file
  std::uintmax_t partial;       ///< bytes after them
};

/// The two files and their counts for an error message, as "<data part>" and "<points part>";
/// say_has counts the data file's lines as records ("has 3 minima"), else as lines.
std::pair<std::string, std::string> describe_files(const Inspection& found, const Census& census,
                                                   bool say_has) {
  const RecordKind& kind = census.kind;
  std::string data_part =
      found.data_exists ? fmt::format("{} {} {}", census.data_name, say_has ? "has" : "holds",
                                      plural(found.n_lines, say_has ? kind.one.c_str() : "line",
                                             say_has ? kind.many.c_str() : "lines"))
                        : fmt::format("{} is missing (0 {})", census.data_name, kind.many);
  if (!census.torn.empty()) data_part += " plus an incomplete last line";
  std::string points_part;
  if (!found.points_exists) {
    points_part =
        fmt::format("{} is missing (0 records of {} doubles)", census.points_name, census.n_dof);
  } else {
    points_part = fmt::format("{} holds {} of {} doubles", census.points_name,
                              plural(census.whole, "record", "records"), census.n_dof);
    if (census.partial != 0) points_part += fmt::format(" plus {} bytes", census.partial);
    points_part += fmt::format(" ({} bytes)", found.points_size);
  }
  return std::make_pair(data_part, points_part);
}

/// Refuses a data file with malformed lines, naming the first and counting the others.
[[noreturn]] void throw_malformed(const ParsedLines& parsed, const Inspection& found,
                                  const Census& census) {
  auto [data_part, points_part] = describe_files(found, census, false);
  std::string more = parsed.n_errors > 1
                         ? fmt::format(" (and {} more malformed {})", parsed.n_errors - 1,
                                       parsed.n_errors == 2 ? "line" : "lines")
                         : std::string();
  throw DatabaseError(fmt::format("{}{}; {} and {}; nothing was changed", *parsed.first_error, more,
                                  data_part, points_part));
}

/// Refuses files whose counts a crash cannot explain: the points file must hold one record per
/// line or one more.
void check_counts(const Inspection& found, const Census& census) {
  const std::size_t n_lines = found.n_lines;
  if (census.whole == n_lines || census.whole == n_lines + 1) return;
  auto [data_part, points_part] = describe_files(found, census, true);
  std::string hint;
  const std::uintmax_t size = found.points_size;
  if (n_lines > 0 && size > 0 && size % (n_lines * sizeof(double)) == 0 &&
      size / (n_lines * sizeof(double)) != census.n_dof) {
    // Often the sign of a wrong system size rather than of damage.
    hint = fmt::format(" ({} bytes would be exactly {} of {}, if the system size is wrong)", size,
                       plural(n_lines, "record", "records"),
                       plural(size / (n_lines * sizeof(double)), "double", "doubles"));
  }
  throw DatabaseError(fmt::format(
      "{} but {}; a crash leaves at most an incomplete last line, a partial last record and one "
      "extra record, so the database is corrupt and nothing was changed{}",
      data_part, points_part, hint));
}

/// The repairs, in the order open() makes them, and the size of the points file to keep.
void plan_repairs(Inspection& found, const Census& census) {
  const std::size_t n_lines = found.n_lines;
  if (!census.torn.empty()) {
    found.repairs.push_back(
        fmt::format("{}: removed an incomplete last line of {} (\"{}\")", census.data_name,
                    plural(census.torn.size(), "byte", "bytes"), preview(census.torn)));
  }
  if (census.partial != 0) {
    found.repairs.push_back(fmt::format("{}: removed a partial record of {} at the end",
                                        census.points_name,
                                        plural(census.partial, "byte", "bytes")));
  }
  if (census.whole == n_lines + 1) {
    found.repairs.push_back(fmt::format("{}: removed record {} ({} bytes), which had no line in {}",
                                        census.points_name, census.whole, census.record_bytes,
                                        census.data_name));
  }
  found.points_keep = n_lines * census.record_bytes;
  if (!found.data_exists && found.points_exists)
    found.repairs.push_back(fmt::format("{}: was missing; created it empty", census.data_name));
  if (found.data_exists && !found.points_exists)
    found.repairs.push_back(fmt::format("{}: was missing; created it empty", census.points_name));
}

Inspection inspect(const fs::path& data_path, const fs::path& points_path, const RecordKind& kind,
                   std::size_t n_dof, const RecordLineParser& parse) {
  if (n_dof == 0) {
    throw DatabaseError(fmt::format("{}: a database table needs at least one coordinate per record",
                                    display(data_path)));
  }
  const std::string data_name = display(data_path);
  const std::string points_name = display(points_path);
  const std::uintmax_t record_bytes = n_dof * sizeof(double);
  Inspection result;

  // The data file: every complete line must parse; an unterminated last line is a torn tail.
  const std::string text = read_data_file(data_path, result);
  const std::size_t last_newline = text.rfind('\n');
  const std::size_t complete_bytes = last_newline == std::string::npos ? 0 : last_newline + 1;
  result.data_keep = complete_bytes;
  const ParsedLines parsed = parse_lines(text, complete_bytes, parse, data_name);
  result.n_lines = parsed.n_lines;

  measure_points_file(points_path, result);
  const Census census{.kind = kind,
                      .n_dof = n_dof,
                      .data_name = data_name,
                      .points_name = points_name,
                      .torn = std::string_view(text).substr(complete_bytes),
                      .record_bytes = record_bytes,
                      .whole = result.points_size / record_bytes,
                      .partial = result.points_size % record_bytes};
  if (parsed.first_error) throw_malformed(parsed, result, census);
  check_counts(result, census);
  plan_repairs(result, census);
  return result;
}

/// Opens (creating if need be) a database file for appending and reading.
int open_for_append(const fs::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0)
    throw DatabaseError(
        fmt::format("{}: cannot open for writing: {}", display(path), errno_text(errno)));
  return fd;
}

void truncate_to(int fd, std::uintmax_t size, const fs::path& path) {
  int rc;
  do {
    rc = ::ftruncate(fd, static_cast<off_t>(size));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0)
    throw DatabaseError(
        fmt::format("{}: cannot cut the torn tail: {}", display(path), errno_text(errno)));
}

}  // namespace

std::vector<std::string> RecordFiles::check(const fs::path& dir, const RecordKind& kind,
                                            std::size_t n_dof, const RecordLineParser& parse) {
  return inspect(dir / kind.data_name, dir / kind.points_name, kind, n_dof, parse).repairs;
}

RecordFiles::RecordFiles(RecordFiles&& other) noexcept
    : data_path_(std::move(other.data_path_)),
      points_path_(std::move(other.points_path_)),
      n_dof_(other.n_dof_),
      repairs_(std::move(other.repairs_)),
      data_fd_(std::exchange(other.data_fd_, -1)),
      points_fd_(std::exchange(other.points_fd_, -1)),
      write_failed_(other.write_failed_) {}

RecordFiles& RecordFiles::operator=(RecordFiles&& other) noexcept {
  if (this != &other) {
    if (data_fd_ >= 0) ::close(data_fd_);
    if (points_fd_ >= 0) ::close(points_fd_);
    data_path_ = std::move(other.data_path_);
    points_path_ = std::move(other.points_path_);
    n_dof_ = other.n_dof_;
    repairs_ = std::move(other.repairs_);
    data_fd_ = std::exchange(other.data_fd_, -1);
    points_fd_ = std::exchange(other.points_fd_, -1);
    write_failed_ = other.write_failed_;
  }
  return *this;
}

RecordFiles::~RecordFiles() {
  if (data_fd_ >= 0) ::close(data_fd_);
  if (points_fd_ >= 0) ::close(points_fd_);
}

RecordFiles RecordFiles::open(const fs::path& dir, const RecordKind& kind, std::size_t n_dof,
                              const RecordLineParser& parse, std::vector<double>& points) {
  RecordFiles files;
  files.data_path_ = dir / kind.data_name;
  files.points_path_ = dir / kind.points_name;
  files.n_dof_ = n_dof;

  // Everything is checked before anything on disk changes.
  const Inspection found = inspect(files.data_path_, files.points_path_, kind, n_dof, parse);

  // The data file is created (or cut) before the points file: a kill between the two leaves a
  // state that the next opening accepts or repairs the same way.
  files.data_fd_ = open_for_append(files.data_path_);
  if (found.data_keep != found.data_size)
    truncate_to(files.data_fd_, found.data_keep, files.data_path_);
  files.points_fd_ = open_for_append(files.points_path_);
  if (found.points_keep != found.points_size)
    truncate_to(files.points_fd_, found.points_keep, files.points_path_);

  points.assign(found.n_lines * n_dof, 0.0);
  read_exactly(files.points_fd_, 0, reinterpret_cast<char*>(points.data()),
               points.size() * sizeof(double), files.points_path_);
  files.repairs_ = found.repairs;
  return files;
}

void RecordFiles::check_in_place() {
  // Appending to a file no longer in the directory would lose every record from now on, silently.
  for (const auto& [fd, path, other] : {std::tuple{data_fd_, data_path_, points_path_},
                                        std::tuple{points_fd_, points_path_, data_path_}}) {
    std::string what;
    try {
      what = moved_away(fd, path);
    } catch (const RuntimeError&) {
      write_failed_ = true;
      throw;
    }
    if (what.empty()) continue;
    write_failed_ = true;
    throw RuntimeError(fmt::format(
        "{} was {} during the run; nothing more was appended to {} or {} (new records would have "
        "gone to a file no longer in the directory). The next run that writes the database starts "
        "from what the directory holds: {}",
        display(path), what, data_path_.filename().string(), points_path_.filename().string(),
        what == "removed"
            ? fmt::format("remove {} as well to start a new database, or put both files back",
                          other.filename().string())
            : "the files now there are checked, and a torn tail repaired, as at any start"));
  }
}

void RecordFiles::append(std::string_view line, std::span<const double> coords) {
  if (!is_open()) throw DatabaseError("append to a database table that is not open");
  if (write_failed_) {
    throw DatabaseError(
        fmt::format("{}: an earlier append failed; reopen the database to repair its tail",
                    display(data_path_)));
  }
  if (coords.size() != n_dof_) {
    throw DatabaseError(
        fmt::format("{}: cannot append a record of {} coordinates to a table of {} per record",
                    display(points_path_), coords.size(), n_dof_));
  }
  check_in_place();
  try {
    write_all(points_fd_, reinterpret_cast<const char*>(coords.data()), n_dof_ * sizeof(double),
              points_path_);
    write_all(data_fd_, line.data(), line.size(), data_path_);
  } catch (const DatabaseError& e) {
    write_failed_ = true;
    throw DatabaseError(fmt::format("{}; reopen the database to repair its tail", e.what()));
  }
}

void check_system_size(const std::filesystem::path& dir,
                       const std::vector<const RecordKind*>& kinds, std::size_t n_dof,
                       std::size_t values_per_item, const std::string& size_statement) {
  struct Table {
    std::string points_name, data_name;
    std::uintmax_t size;
    std::size_t lines;
    bool crash_explains;  ///< a partial last record or one extra record explains the size
  };
  std::vector<Table> tables;
  std::uintmax_t implied = 0;
  for (const RecordKind* kind : kinds) {
    const fs::path data = dir / kind->data_name, points = dir / kind->points_name;
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(points, ec);
    if (ec || size == 0 || !fs::exists(data)) continue;
    std::ifstream in(data, std::ios::binary);
    const std::size_t lines = static_cast<std::size_t>(
        std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n'));
    if (lines == 0) continue;
    if (size % (lines * sizeof(double)) != 0) return;  // no other record size fits: not this
    const std::uintmax_t k = size / (lines * sizeof(double));
    // Not another size of this kind of system (atoms come in threes): damage, not a mismatch.
    if (k == n_dof || k % values_per_item != 0 || (implied != 0 && k != implied)) return;
    implied = k;
    const std::uintmax_t whole = size / (n_dof * sizeof(double));
    tables.push_back(
        {kind->points_name, kind->data_name, size, lines, whole == lines || whole == lines + 1});
  }
  if (tables.empty()) return;
  // One table whose size a crash can explain stays with the ordinary checks (which repair it).
  if (tables.size() == 1 && tables[0].crash_explains) return;
  std::string holds, bytes;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const Table& t = tables[i];
    holds +=
        fmt::format("{}{} holds exactly {} of {} doubles, one for each line of {}", i ? "; " : "",
                    t.points_name, plural(t.lines, "record", "records"), implied, t.data_name);
    bytes += fmt::format("{}{} {} bytes", i ? ", " : "", t.points_name, t.size);
  }
  throw DatabaseError(fmt::format(
      "the system size does not match the database: {}, but {} ({} doubles a record; check "
      "NATOMS or the network keyword's shape); {}; nothing was changed",
      holds, size_statement, n_dof, bytes));
}

}  // namespace landscape
