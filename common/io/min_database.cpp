// min.data + points.min: crash-safe appends, torn-tail repair and corruption checks on opening.

#include "common/io/min_database.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

#include "common/io/errors.hpp"

namespace landscape {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDataName = "min.data";
constexpr const char* kPointsName = "points.min";
constexpr std::size_t kFields = 6;
constexpr const char* kFieldNames[kFields] = {"energy", "lnprodfreq", "pgorder", "Ix", "Iy", "Iz"};

std::string display(const fs::path& p) { return p.lexically_normal().string(); }

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

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

/// Parses a real as Fortran writes it (D or d exponent, optional leading +); nullopt if not a
/// whole finite number.
std::optional<double> parse_real(std::string_view field) {
  std::string text(field);
  for (char& c : text) {
    if (c == 'D' || c == 'd') c = 'e';
  }
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (first != last && *first == '+') ++first;
  double value = 0.0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::optional<int> parse_int(std::string_view field) {
  const char* first = field.data();
  const char* last = field.data() + field.size();
  if (first != last && *first == '+') ++first;
  int value = 0;
  auto [ptr, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || ptr != last) return std::nullopt;
  return value;
}

/// Parses one min.data line (no newline) into out (coords untouched); returns the problem, if any.
std::optional<std::string> parse_min_data_line(std::string_view line, MinimumRecord& out) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) ++i;
    if (i > start) fields.push_back(line.substr(start, i - start));
  }
  if (fields.size() != kFields) {
    return fmt::format("expected {} fields, got {}", kFields, fields.size());
  }
  double reals[kFields] = {};
  for (std::size_t f = 0; f < kFields; ++f) {
    if (f == 2) {
      std::optional<int> order = parse_int(fields[f]);
      if (!order) {
        return fmt::format("field 3 (pgorder): expected an integer, got '{}'", fields[f]);
      }
      if (*order < 1) {
        return fmt::format("field 3 (pgorder): point-group order must be at least 1, got {}",
                           *order);
      }
      out.pgorder = *order;
      continue;
    }
    std::optional<double> value = parse_real(fields[f]);
    if (!value) {
      return fmt::format("field {} ({}): expected a finite real number, got '{}'", f + 1,
                         kFieldNames[f], fields[f]);
    }
    reals[f] = *value;
  }
  out.energy = reals[0];
  out.lnprodfreq = reals[1];
  out.inertia = {reals[3], reals[4], reals[5]};
  return std::nullopt;
}

/// A short printable excerpt of a torn line for the repair message.
std::string preview(std::string_view text) {
  constexpr std::size_t kMax = 60;
  std::string out;
  for (char c : text.substr(0, kMax)) {
    out += (c >= 0x20 && c < 0x7f) ? c : '?';
  }
  if (text.size() > kMax) out += "...";
  return out;
}

/// Everything open() needs to know, found without changing anything on disk.
struct Inspection {
  std::vector<MinimumRecord> records;  ///< from min.data, without coordinates
  std::vector<std::string> repairs;
  bool data_exists = false;
  bool points_exists = false;
  std::uintmax_t data_size = 0, data_keep = 0;
  std::uintmax_t points_size = 0, points_keep = 0;
};

Inspection inspect(const fs::path& data_path, const fs::path& points_path, std::size_t n_dof) {
  if (n_dof == 0) {
    throw DatabaseError(fmt::format(
        "{}: a minima database needs at least one coordinate per record", display(data_path)));
  }
  const std::string data_name = display(data_path);
  const std::string points_name = display(points_path);
  const std::uintmax_t record_bytes = n_dof * sizeof(double);
  Inspection result;

  // min.data: every complete line must parse; an unterminated last line is a torn tail.
  std::string text;
  {
    FdCloser data{open_existing_for_reading(data_path)};
    result.data_exists = data.fd >= 0;
    if (result.data_exists) {
      result.data_size = file_size(data.fd, data_path);
      text.resize(static_cast<std::size_t>(result.data_size));
      read_exactly(data.fd, 0, text.data(), text.size(), data_path);
    }
  }
  const std::size_t last_newline = text.rfind('\n');
  const std::size_t complete_bytes = last_newline == std::string::npos ? 0 : last_newline + 1;
  const std::string_view torn = std::string_view(text).substr(complete_bytes);
  result.data_keep = complete_bytes;

  std::optional<std::string> first_error;
  std::size_t n_errors = 0;
  std::size_t n_lines = 0;
  for (std::size_t pos = 0; pos < complete_bytes;) {
    const std::size_t end = text.find('\n', pos);
    ++n_lines;
    MinimumRecord record;
    if (auto problem = parse_min_data_line(std::string_view(text).substr(pos, end - pos), record)) {
      if (!first_error) first_error = fmt::format("{}:{}: {}", data_name, n_lines, *problem);
      ++n_errors;
    } else {
      result.records.push_back(std::move(record));
    }
    pos = end + 1;
  }

  // points.min: only its size matters here.
  {
    FdCloser points{open_existing_for_reading(points_path)};
    result.points_exists = points.fd >= 0;
    if (result.points_exists) result.points_size = file_size(points.fd, points_path);
  }
  const std::uintmax_t whole = result.points_size / record_bytes;
  const std::uintmax_t partial = result.points_size % record_bytes;

  auto describe_files = [&](bool say_has) {
    std::string data_part = result.data_exists
                                ? fmt::format("{} {} {}", data_name, say_has ? "has" : "holds",
                                              plural(n_lines, say_has ? "minimum" : "line",
                                                     say_has ? "minima" : "lines"))
                                : fmt::format("{} is missing (0 minima)", data_name);
    if (!torn.empty()) data_part += " plus an incomplete last line";
    std::string points_part;
    if (!result.points_exists) {
      points_part = fmt::format("{} is missing (0 records of {} doubles)", points_name, n_dof);
    } else {
      points_part = fmt::format("{} holds {} of {} doubles", points_name,
                                plural(whole, "record", "records"), n_dof);
      if (partial != 0) points_part += fmt::format(" plus {} bytes", partial);
      points_part += fmt::format(" ({} bytes)", result.points_size);
    }
    return std::make_pair(data_part, points_part);
  };

  if (first_error) {
    auto [data_part, points_part] = describe_files(false);
    std::string more = n_errors > 1 ? fmt::format(" (and {} more malformed {})", n_errors - 1,
                                                  n_errors == 2 ? "line" : "lines")
                                    : std::string();
    throw DatabaseError(fmt::format("{}{}; {} and {}; nothing was changed", *first_error, more,
                                    data_part, points_part));
  }

  if (whole != n_lines && whole != n_lines + 1) {
    auto [data_part, points_part] = describe_files(true);
    std::string hint;
    if (n_lines > 0 && result.points_size % (n_lines * sizeof(double)) == 0 &&
        result.points_size / (n_lines * sizeof(double)) != n_dof) {
      // Often the sign of a wrong system size rather than of damage.
      hint =
          fmt::format(" ({} bytes would be exactly {} of {} doubles, if the system size is wrong)",
                      result.points_size, plural(n_lines, "record", "records"),
                      result.points_size / (n_lines * sizeof(double)));
    }
    throw DatabaseError(fmt::format(
        "{} but {}; a crash leaves at most an incomplete last line, a partial last record and one "
        "extra record, so the database is corrupt and nothing was changed{}",
        data_part, points_part, hint));
  }

  // The repairs, in the order open() makes them.
  if (!torn.empty()) {
    result.repairs.push_back(fmt::format("{}: removed an incomplete last line of {} (\"{}\")",
                                         data_name, plural(torn.size(), "byte", "bytes"),
                                         preview(torn)));
  }
  if (partial != 0) {
    result.repairs.push_back(fmt::format("{}: removed a partial record of {} at the end",
                                         points_name, plural(partial, "byte", "bytes")));
  }
  if (whole == n_lines + 1) {
    result.repairs.push_back(
        fmt::format("{}: removed record {} ({} bytes), which had no line in {}", points_name, whole,
                    record_bytes, data_name));
  }
  result.points_keep = n_lines * record_bytes;
  if (!result.data_exists && result.points_exists) {
    result.repairs.push_back(fmt::format("{}: was missing; created it empty", data_name));
  }
  if (result.data_exists && !result.points_exists) {
    result.repairs.push_back(fmt::format("{}: was missing; created it empty", points_name));
  }
  return result;
}

/// Opens (creating if need be) a database file for appending and reading.
int open_for_append(const fs::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    throw DatabaseError(
        fmt::format("{}: cannot open for writing: {}", display(path), errno_text(errno)));
  }
  return fd;
}

void truncate_to(int fd, std::uintmax_t size, const fs::path& path) {
  int rc;
  do {
    rc = ::ftruncate(fd, static_cast<off_t>(size));
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    throw DatabaseError(
        fmt::format("{}: cannot cut the torn tail: {}", display(path), errno_text(errno)));
  }
}

}  // namespace

std::string format_min_data_line(const MinimumRecord& record) {
  return fmt::format("{:>25} {:>25} {:6d} {:>20} {:>20} {:>20}\n", record.energy, record.lnprodfreq,
                     record.pgorder, record.inertia[0], record.inertia[1], record.inertia[2]);
}

std::vector<std::string> check_min_database(const std::filesystem::path& dir, std::size_t n_dof) {
  return inspect(dir / kDataName, dir / kPointsName, n_dof).repairs;
}

MinDatabase::MinDatabase(MinDatabase&& other) noexcept
    : data_path_(std::move(other.data_path_)),
      points_path_(std::move(other.points_path_)),
      n_dof_(other.n_dof_),
      records_(std::move(other.records_)),
      repairs_(std::move(other.repairs_)),
      data_fd_(std::exchange(other.data_fd_, -1)),
      points_fd_(std::exchange(other.points_fd_, -1)),
      write_failed_(other.write_failed_) {}

MinDatabase& MinDatabase::operator=(MinDatabase&& other) noexcept {
  if (this != &other) {
    if (data_fd_ >= 0) ::close(data_fd_);
    if (points_fd_ >= 0) ::close(points_fd_);
    data_path_ = std::move(other.data_path_);
    points_path_ = std::move(other.points_path_);
    n_dof_ = other.n_dof_;
    records_ = std::move(other.records_);
    repairs_ = std::move(other.repairs_);
    data_fd_ = std::exchange(other.data_fd_, -1);
    points_fd_ = std::exchange(other.points_fd_, -1);
    write_failed_ = other.write_failed_;
  }
  return *this;
}

MinDatabase::~MinDatabase() {
  if (data_fd_ >= 0) ::close(data_fd_);
  if (points_fd_ >= 0) ::close(points_fd_);
}

MinDatabase MinDatabase::open(const std::filesystem::path& dir, std::size_t n_dof) {
  MinDatabase db;
  db.data_path_ = dir / kDataName;
  db.points_path_ = dir / kPointsName;
  db.n_dof_ = n_dof;

  // Everything is checked before anything on disk changes.
  Inspection found = inspect(db.data_path_, db.points_path_, n_dof);

  // min.data is created (or cut) before points.min: a kill between the two leaves a state that
  // the next opening accepts or repairs the same way.
  db.data_fd_ = open_for_append(db.data_path_);
  if (found.data_keep != found.data_size) truncate_to(db.data_fd_, found.data_keep, db.data_path_);
  db.points_fd_ = open_for_append(db.points_path_);
  if (found.points_keep != found.points_size) {
    truncate_to(db.points_fd_, found.points_keep, db.points_path_);
  }

  const std::size_t record_bytes = n_dof * sizeof(double);
  std::vector<char> bytes(found.records.size() * record_bytes);
  read_exactly(db.points_fd_, 0, bytes.data(), bytes.size(), db.points_path_);
  for (std::size_t k = 0; k < found.records.size(); ++k) {
    found.records[k].coords.resize(n_dof);
    std::memcpy(found.records[k].coords.data(), bytes.data() + k * record_bytes, record_bytes);
  }
  db.records_ = std::move(found.records);
  db.repairs_ = std::move(found.repairs);
  return db;
}

std::size_t MinDatabase::append(const MinimumRecord& record) {
  if (!is_open()) throw DatabaseError("append to a minima database that is not open");
  if (write_failed_) {
    throw DatabaseError(
        fmt::format("{}: an earlier append failed; reopen the database to repair its tail",
                    display(data_path_)));
  }
  if (record.coords.size() != n_dof_) {
    throw DatabaseError(
        fmt::format("{}: cannot append a minimum with {} coordinates to a database "
                    "of {} per record",
                    display(points_path_), record.coords.size(), n_dof_));
  }
  const double reals[] = {record.energy, record.lnprodfreq, record.inertia[0], record.inertia[1],
                          record.inertia[2]};
  for (double v : reals) {
    if (!std::isfinite(v)) {
      throw DatabaseError(fmt::format(
          "{}: refusing to append a minimum with a non-finite field (E {}, lnprodfreq {}, "
          "inertia {} {} {})",
          display(data_path_), record.energy, record.lnprodfreq, record.inertia[0],
          record.inertia[1], record.inertia[2]));
    }
  }
  if (record.pgorder < 1) {
    throw DatabaseError(fmt::format("{}: refusing to append a minimum with point-group order {}",
                                    display(data_path_), record.pgorder));
  }

  // Everything that can throw without touching the disk happens first.
  const std::string line = format_min_data_line(record);
  MinimumRecord copy = record;
  records_.reserve(records_.size() + 1);

  try {
    write_all(points_fd_, reinterpret_cast<const char*>(record.coords.data()),
              n_dof_ * sizeof(double), points_path_);
    write_all(data_fd_, line.data(), line.size(), data_path_);
  } catch (const DatabaseError& e) {
    write_failed_ = true;
    throw DatabaseError(fmt::format("{}; reopen the database to repair its tail", e.what()));
  }
  records_.push_back(std::move(copy));
  return records_.size();
}

}  // namespace landscape
