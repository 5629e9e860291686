#include "gmin/restart_dump.hpp"

#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/io/errors.hpp"

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

}  // namespace

void write_restart_dump(const std::filesystem::path& path, const BasinHoppingState& s) {
  std::string out = std::string(kMagic) + "\n";
  out += fmt::format("step {}\n", s.step);
  out += "temperature " + hex(s.temperature) + "\n";
  out += "step_size " + hex(s.step_size) + "\n";
  out += "astep " + hex(s.astep) + "\n";
  out += "markov_energy " + hex(s.markov_energy) + "\n";
  put_vector(out, "markov", s.markov);
  out += fmt::format("window_tried {}\nwindow_accepted {}\ntotal_accepted {}\n", s.window_tried,
                     s.window_accepted, s.total_accepted);
  out += "best_energy " + hex(s.best_energy) + "\n";
  out += "run_best_energy " + hex(s.run_best_energy) + "\n";
  out += fmt::format("run_best_step {}\n", s.run_best_step);
  put_vector(out, "run_best_coords", s.run_best_coords);
  out += "prev_run_best_energy " + hex(s.prev_run_best_energy) + "\n";
  put_vector(out, "prev_run_best_coords", s.prev_run_best_coords);
  out += fmt::format("avoid {} {}\n", s.avoid.size(), s.avoid_saved);
  for (const auto& a : s.avoid) {
    out += "avoid_energy " + hex(a.energy) + "\n";
    put_vector(out, "avoid_coords", a.coords);
  }
  out += fmt::format("function_calls {}\nquenches {}\nrestarts {}\n", s.function_calls, s.quenches,
                     s.restarts);
  out += fmt::format("lowest {}\n", s.lowest.size());
  for (const auto& m : s.lowest) {
    out += "lowest_energy " + hex(m.energy) + "\n";
    out += fmt::format("lowest_found {} {}\n", m.first_step, m.function_calls);
    put_vector(out, "lowest_coords", m.coords);
  }
  out += "rng " + s.rng_state + "\n";
  out += "end\n";
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream f(tmp, std::ios::trunc);
    f << out;
    f.flush();
    if (!f) throw RuntimeError(fmt::format("{}: cannot write restart dump", tmp.string()));
  }
  std::filesystem::rename(tmp, path);
}

BasinHoppingState read_restart_dump(const std::filesystem::path& path, std::size_t n_dof) {
  DumpReader r(path);
  {
    auto is = r.fields("landscape-gmin-dump");
    int version = 0;
    if (!(is >> version) || version != 1) r.fail("unknown dump version");
  }
  BasinHoppingState s;
  s.step = r.integer("step");
  s.temperature = r.real("temperature");
  s.step_size = r.real("step_size");
  s.astep = r.real("astep");
  s.markov_energy = r.real("markov_energy");
  s.markov = r.vec("markov");
  if (s.markov.size() != n_dof)
    r.fail(
        fmt::format("the dump holds {} coordinates but the system has {}", s.markov.size(), n_dof));
  s.window_tried = r.integer("window_tried");
  s.window_accepted = r.integer("window_accepted");
  s.total_accepted = r.integer("total_accepted");
  s.best_energy = r.real("best_energy");
  s.run_best_energy = r.real("run_best_energy");
  s.run_best_step = r.integer("run_best_step");
  s.run_best_coords = r.vec("run_best_coords");
  s.prev_run_best_energy = r.real("prev_run_best_energy");
  s.prev_run_best_coords = r.vec("prev_run_best_coords");
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
  s.function_calls = r.integer("function_calls");
  s.quenches = r.integer("quenches");
  s.restarts = r.integer("restarts");
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
