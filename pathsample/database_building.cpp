// STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN, EXTRACTTS.

#include "pathsample/database_building.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "common/io/errors.hpp"
#include "common/landscape/perm_allow.hpp"

namespace landscape::pathsample {

namespace fs = std::filesystem;

System pathsample_system(const PathsampleOptions& options) {
  SystemRequest request;
  request.potential = options.network ? options.network->keyword : options.bulk ? "BINARY" : "LJ";
  request.n_coordinates = static_cast<std::size_t>(3 * options.natoms);
  request.mlp = options.network;
  request.box = options.bulk;
  request.with_potential = false;  // the database compares structures, it never evaluates them
  return make_system(request);
}

IdentitySettings identity_settings(const PathsampleOptions& options, const System& system,
                                   const fs::path& dir) {
  StructureMetricSettings keywords;
  keywords.permutations = options.permdist;
  keywords.random_orientations = static_cast<int>(options.ranrot);
  keywords.seed = static_cast<std::uint64_t>(options.seed);
  keywords.energy_tolerance = options.edifftol;
  keywords.distance_tolerance = options.geomdifftol;
  keywords.inertia_tolerance = options.itol;
  if (system.atoms() && options.permdist && fs::exists(dir / "perm.allow"))
    keywords.groups = read_perm_allow(dir / "perm.allow", system.n_atoms());
  IdentitySettings s;
  s.metric = system.structure_metric(keywords).settings();
  s.zero_modes = system.n_zero_modes();
  return s;
}

namespace {

/// Whether a path.info block is a transition state: with eigenvalues, a negative one besides the
/// zero_modes nearest zero.
bool has_negative_mode(const landscape::PathInfoPoint& p, std::size_t zero_modes) {
  std::vector<double> v = p.eigenvalues;
  std::sort(v.begin(), v.end(), [](double a, double b) { return std::abs(a) < std::abs(b); });
  for (std::size_t i = zero_modes; i < v.size(); ++i)
    if (v[i] < 0.0) return true;
  return false;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

}  // namespace

std::vector<landscape::PathInfoTriple> read_path_triples(const fs::path& path, std::size_t n_dof,
                                                         bool with_frequencies,
                                                         std::size_t zero_modes,
                                                         PathLayout* layout) {
  const std::vector<landscape::PathInfoPoint> points =
      landscape::read_path_info_points(path, n_dof, with_frequencies);
  const std::string name = path.filename().string();
  if (points.empty()) throw InputError(fmt::format("{}: no stationary points", name));
  const std::size_t n = points.size();
  std::vector<bool> is_ts(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (with_frequencies) {
      is_ts[i] = has_negative_mode(points[i], zero_modes);
    } else {  // an energy above both neighbours (the ends have one)
      const bool above_prev = i == 0 || points[i].energy > points[i - 1].energy;
      const bool above_next = i + 1 == n || points[i].energy > points[i + 1].energy;
      is_ts[i] = above_prev && above_next && i > 0 && i + 1 < n;
    }
  }
  bool triples = n % 3 == 0;
  for (std::size_t i = 0; triples && i < n; ++i) triples = is_ts[i] == (i % 3 == 1);
  bool chain = n % 2 == 1 && n >= 3;
  for (std::size_t i = 0; chain && i < n; ++i) chain = is_ts[i] == (i % 2 == 1);
  std::vector<landscape::PathInfoTriple> out;
  if (triples) {
    for (std::size_t i = 0; i < n; i += 3) out.push_back({points[i], points[i + 1], points[i + 2]});
    if (layout) *layout = PathLayout::kTriples;
  } else if (chain) {
    for (std::size_t i = 0; i + 2 < n; i += 2)
      out.push_back({points[i], points[i + 1], points[i + 2]});
    if (layout) *layout = PathLayout::kPath;
  } else {
    std::string which;
    for (std::size_t i = 0; i < n && which.size() < 200; ++i) which += is_ts[i] ? 'T' : 'm';
    throw InputError(fmt::format(
        "{}: {} stationary points that are neither min-TS-min triples nor a min-TS-...-min path "
        "(by {}: {}, T a transition state, m a minimum)",
        name, n, with_frequencies ? "their Hessian eigenvalues" : "their energies", which));
  }
  return out;
}

PathFile read_path_file(const fs::path& path, std::size_t n_dof, bool with_frequencies,
                        std::size_t zero_modes) {
  PathFile file;
  file.name = path.filename().string();
  file.triples = read_path_triples(path, n_dof, with_frequencies, zero_modes, &file.layout);
  return file;
}

AddCounts add_path_file(StationaryPointDatabase& db, const PathFile& file, Logger& log) {
  AddCounts counts;
  for (std::size_t k = 0; k < file.triples.size(); ++k) {
    std::string why;
    if (!db.add_triple(file.triples[k], counts, &why))
      log.warn("{}: triple {} left out: {}", file.name, k + 1, why);
  }
  log.info("{}: {} ({}): {} and {} new, {} and {} known; database: {} and {}", file.name,
           plural(file.triples.size(), "triple", "triples"),
           file.layout == PathLayout::kTriples ? "min-TS-min triples" : "a min-TS-...-min path",
           plural(counts.new_minima, "minimum", "minima"),
           plural(counts.new_ts, "transition state", "transition states"),
           plural(counts.known_minima, "minimum", "minima"),
           plural(counts.known_ts, "transition state", "transition states"),
           plural(db.n_minima(), "minimum", "minima"),
           plural(db.n_ts(), "transition state", "transition states"));
  return counts;
}

DatabasePaths read_database_paths(const PathsampleOptions& options, const std::string& data_name,
                                  const fs::path& dir, std::size_t n_dof, std::size_t zero_modes) {
  DatabasePaths paths;
  auto read = [&](const std::string& file, int line, const char* keyword) {
    try {
      return read_path_file(dir / file, n_dof, !options.no_frequencies, zero_modes);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}:{}: {}: {}", data_name, line, keyword, e.what()));
    }
  };
  if (const auto& s = options.start_from_path)
    paths.start = read(s->file, s->line, "STARTFROMPATH");
  for (const auto& [file, line] : options.add_paths)
    paths.added.push_back(read(file, line, "ADDPATH"));
  return paths;
}

namespace {

/// Writes the coordinates of records to file, three a line, one record after another.
/// EXTRACTMIN / EXTRACTTS: the coordinates three a line for atoms (an odata POINTS block without
/// its symbols), one a line otherwise (what gmin's coords and optim's VARIABLES read).
void write_extract(const fs::path& path, const std::vector<const std::vector<double>*>& records,
                   bool atoms) {
  const std::size_t per_line = atoms ? 3 : 1;
  std::string text;
  for (const auto* r : records) {
    for (std::size_t i = 0; i < r->size(); i += per_line) {
      for (std::size_t j = i; j < std::min(i + per_line, r->size()); ++j)
        text += fmt::format("{:25.15f}", (*r)[j]);
      text += '\n';
    }
  }
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  if (!f) throw RuntimeError(fmt::format("{}: cannot write", path.filename().string()));
}

}  // namespace

void build_database(const PathsampleOptions& options, const DatabasePaths& paths,
                    const std::string& data_name, const fs::path& dir, StationaryPointDatabase& db,
                    Logger& log) {
  if (const auto& s = options.start_from_path) {
    auto fail = [&](const std::string& message) {
      throw InputError(fmt::format("{}:{}: STARTFROMPATH: {}", data_name, s->line, message));
    };
    if (fs::exists(dir / "min.A")) fail("min.A already exists and would be overwritten");
    if (paths.start) add_path_file(db, *paths.start, log);
    for (std::size_t n : {s->n1, s->n2})
      if (n > db.n_minima())
        fail(fmt::format(
            "minimum {} does not exist: min.data has {} minima. The path's stationary points are "
            "in the database, but min.A and min.B were not written: give n1 and n2 among its "
            "minima and run again (the points already stored are recognised), or write min.A and "
            "min.B by hand",
            n, db.n_minima()));
    // min.B first: min.A is what marks a finished start, so a kill before it lets the run be
    // repeated.
    write_minimum_set(dir / "min.B", {s->n2});
    write_minimum_set(dir / "min.A", {s->n1});
    log.info("wrote min.A (minimum {}) and min.B (minimum {})", s->n1, s->n2);
  }
  for (const PathFile& file : paths.added) add_path_file(db, file, log);
  for (const std::string& other_dir : options.merge_dbs) {
    const fs::path from = dir / other_dir;
    // The other database is only read: check it as opening would, then open it.
    const std::size_t n_dof = db.minima().n_dof();
    std::vector<std::string> repairs = check_min_database(from, n_dof);
    if (repairs.empty() && fs::exists(from / "ts.data")) {
      const std::size_t other_minima = read_min_data(from / "min.data", "min.data").size();
      repairs = TsDatabase::check(from, n_dof, other_minima);
    }
    for (const auto& r : repairs)
      throw DatabaseError(fmt::format(
          "MERGEDB {}: {} (repair it by running pathsample there first)", other_dir, r));
    const StationaryPointDatabase other = StationaryPointDatabase::open(from, n_dof, db.identity());
    AddCounts counts;
    const std::vector<std::size_t> map = db.merge(other, counts);
    log.info(
        "MERGEDB {}: {} minima and {} transition states: {} and {} new; database: {} minima, {} "
        "transition states",
        other_dir, other.n_minima(), other.n_ts(), plural(counts.new_minima, "minimum", "minima"),
        plural(counts.new_ts, "transition state", "transition states"), db.n_minima(), db.n_ts());
    for (const char* set_name : {"min.A", "min.B"}) {
      if (!fs::exists(from / set_name)) continue;
      MinimumSet mine = fs::exists(dir / set_name) ? read_minimum_set(dir / set_name, db.n_minima())
                                                   : MinimumSet{};
      for (std::size_t m : read_minimum_set(from / set_name, other.n_minima()))
        if (std::find(mine.begin(), mine.end(), map[m - 1] + 1) == mine.end())
          mine.push_back(map[m - 1] + 1);
      write_minimum_set(dir / set_name, mine);
    }
  }
  auto extract = [&](std::optional<long long> which, int line, bool minima, const char* file) {
    if (!which) return;
    const std::size_t count = minima ? db.n_minima() : db.n_ts();
    std::vector<const std::vector<double>*> records;
    if (*which <= 0) {
      for (std::size_t i = 0; i < count; ++i)
        records.push_back(minima ? &db.minima()[i].coords : &db.transition_states()[i].coords);
    } else {
      if (static_cast<std::size_t>(*which) > count)
        throw InputError(fmt::format("{}:{}: {}: {} {} does not exist (the database has {})",
                                     data_name, line, minima ? "EXTRACTMIN" : "EXTRACTTS",
                                     minima ? "minimum" : "transition state", *which, count));
      const std::size_t i = static_cast<std::size_t>(*which - 1);
      records.push_back(minima ? &db.minima()[i].coords : &db.transition_states()[i].coords);
    }
    write_extract(dir / file, records, db.identity().metric.atoms);
    log.info("wrote {} ({} of {})", file, *which <= 0 ? "all" : fmt::format("number {}", *which),
             minima ? "the minima" : "the transition states");
  };
  extract(options.extract_min, options.extract_min_line, true, "extractmin");
  extract(options.extract_ts, options.extract_ts_line, false, "extractts");
}

}  // namespace landscape::pathsample
