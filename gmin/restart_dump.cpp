#include "gmin/restart_dump.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"

namespace landscape::gmin {
namespace {

constexpr const char* kMagic = "landscape-gmin-dump 1";

std::string hex(double v) { return fmt::format("{:a}", v); }

void put_vector(std::string& out, const char* name, const std::vector<double>& v) {
  out += fmt::format("{} {}\n", name, v.size());
  for (double x : v) out += hex(x) + "\n";
}

/// Line-counted reader of the dump.
class DumpReader {
 public:
  DumpReader(const std::filesystem::path& path) : path_(path), in_(path) {
    if (!in_) throw InputError(fmt::format("{}: cannot open restart dump", path.string()));
  }
  std::istringstream fields(const char* expect) {
    std::string line;
    if (!std::getline(in_, line)) fail(fmt::format("expected '{}', file ends", expect));
    ++line_no_;
    std::istringstream is(line);
    std::string key;
    is >> key;
    if (key != expect) fail(fmt::format("expected '{}', got '{}'", expect, key));
    return is;
  }
  double real(const char* key) {
    auto is = fields(key);
    return parse_real(is);
  }
  long long integer(const char* key) {
    auto is = fields(key);
    long long v = 0;
    if (!(is >> v)) fail(fmt::format("{}: expected an integer", key));
    return v;
  }
  std::vector<double> vec(const char* key) {
    const long long n = integer(key);
    if (n < 0 || n > 100000000) fail(fmt::format("{}: bad length {}", key, n));
    std::vector<double> v(static_cast<std::size_t>(n));
    for (auto& x : v) {
      std::string line;
      if (!std::getline(in_, line)) fail(fmt::format("{}: file ends inside the values", key));
      ++line_no_;
      x = to_double(line);
    }
    return v;
  }
  std::string rest(const char* key) {
    auto is = fields(key);
    std::string s;
    std::getline(is >> std::ws, s);
    return s;
  }
  [[noreturn]] void fail(const std::string& msg) const {
    throw InputError(fmt::format("{}:{}: restart dump: {}", path_.string(), line_no_, msg));
  }
  double parse_real(std::istringstream& is) {
    std::string tok;
    if (!(is >> tok)) fail("expected a number");
    return to_double(tok);
  }
  double to_double(const std::string& tok) const {
    char* end = nullptr;
    const double v = std::strtod(tok.c_str(), &end);
    if (end == tok.c_str()) fail(fmt::format("expected a number, got '{}'", tok));
    return v;
  }

 private:
  std::filesystem::path path_;
  std::ifstream in_;
  int line_no_ = 0;
};

/// Appends the dump's lines: "name value" with reals in hexadecimal (exact), vectors as
/// "name n" and n values one a line.
class DumpWriter {
 public:
  void real(const char* key, double v) { out_ += fmt::format("{} {}\n", key, hex(v)); }
  void integer(const char* key, long long v) { out_ += fmt::format("{} {}\n", key, v); }
  void vec(const char* key, const std::vector<double>& v) { put_vector(out_, key, v); }
  std::string& text() { return out_; }

 private:
  std::string out_;
};

/// Reads into fields what DumpWriter wrote, through DumpReader.
class DumpFieldReader {
 public:
  explicit DumpFieldReader(DumpReader& r) : r_(r) {}
  void real(const char* key, double& v) { v = r_.real(key); }
  void integer(const char* key, long long& v) { v = r_.integer(key); }
  void vec(const char* key, std::vector<double>& v) { v = r_.vec(key); }

 private:
  DumpReader& r_;
};

/// The scalar state of the walk, in file order: one list for the writer and the reader.
template <class Fields, class State>
void visit_walk_state(Fields& f, State& s) {
  f.integer("step", s.step);
  f.real("temperature", s.temperature);
  f.real("step_size", s.step_size);
  f.real("astep", s.astep);
  f.real("markov_energy", s.markov_energy);
  f.vec("markov", s.markov);
  f.integer("window_tried", s.window_tried);
  f.integer("window_accepted", s.window_accepted);
  f.integer("total_accepted", s.total_accepted);
  f.real("best_energy", s.best_energy);
  f.real("run_best_energy", s.run_best_energy);
  f.integer("run_best_step", s.run_best_step);
  f.vec("run_best_coords", s.run_best_coords);
  f.real("prev_run_best_energy", s.prev_run_best_energy);
  f.vec("prev_run_best_coords", s.prev_run_best_coords);
}

/// The counters after the AVOID list, in file order.
template <class Fields, class State>
void visit_counters(Fields& f, State& s) {
  f.integer("function_calls", s.function_calls);
  f.integer("quenches", s.quenches);
  f.integer("restarts", s.restarts);
}

}  // namespace

void write_restart_dump(const std::filesystem::path& path, const BasinHoppingState& s) {
  DumpWriter w;
  std::string& out = w.text();
  out = std::string(kMagic) + "\n";
  visit_walk_state(w, s);
  out += fmt::format("avoid {} {}\n", s.avoid.size(), s.avoid_saved);
  for (const auto& a : s.avoid) {
    w.real("avoid_energy", a.energy);
    w.vec("avoid_coords", a.coords);
  }
  visit_counters(w, s);
  out += fmt::format("lowest {}\n", s.lowest.size());
  for (const auto& m : s.lowest) {
    w.real("lowest_energy", m.energy);
    out += fmt::format("lowest_found {} {}\n", m.first_step, m.function_calls);
    w.vec("lowest_coords", m.coords);
  }
  out += "rng " + s.rng_state + "\n";
  out += "end\n";
  write_file_atomically(path, out);
}

BasinHoppingState read_restart_dump(const std::filesystem::path& path, std::size_t n_dof) {
  DumpReader r(path);
  {
    auto is = r.fields("landscape-gmin-dump");
    int version = 0;
    if (!(is >> version) || version != 1) r.fail("unknown dump version");
  }
  BasinHoppingState s;
  DumpFieldReader fields(r);
  visit_walk_state(fields, s);
  if (s.markov.size() != n_dof)
    r.fail(
        fmt::format("the dump holds {} coordinates but the system has {}", s.markov.size(), n_dof));
  {
    auto is = r.fields("avoid");
    long long n = 0;
    if (!(is >> n >> s.avoid_saved) || n < 0) r.fail("avoid: expected two integers");
    for (long long k = 0; k < n; ++k) {
      AvoidEntry a;
      a.energy = r.real("avoid_energy");
      a.coords = r.vec("avoid_coords");
      s.avoid.push_back(std::move(a));
    }
  }
  visit_counters(fields, s);
  const long long n_lowest = r.integer("lowest");
  for (long long k = 0; k < n_lowest; ++k) {
    SavedMinimum m;
    m.energy = r.real("lowest_energy");
    auto is = r.fields("lowest_found");
    if (!(is >> m.first_step >> m.function_calls)) r.fail("lowest_found: expected two integers");
    m.coords = r.vec("lowest_coords");
    s.lowest.push_back(std::move(m));
  }
  s.rng_state = r.rest("rng");
  r.fields("end");
  return s;
}

}  // namespace landscape::gmin
