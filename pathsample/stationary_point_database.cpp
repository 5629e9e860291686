// The stationary-point database: identity, discovery-order appends, path.info triples, MERGEDB.

#include "pathsample/stationary_point_database.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "common/geometry/cluster_geometry.hpp"
#include "common/io/errors.hpp"
#include "common/io/text_file.hpp"

namespace landscape::pathsample {

namespace fs = std::filesystem;

AddCounts& AddCounts::operator+=(const AddCounts& o) {
  new_minima += o.new_minima;
  known_minima += o.known_minima;
  new_ts += o.new_ts;
  known_ts += o.known_ts;
  rejected += o.rejected;
  return *this;
}

MinimumSet read_minimum_set(const fs::path& path, std::size_t n_minima) {
  const std::string name = path.filename().string();
  std::ifstream in(path);
  if (!in) throw InputError(fmt::format("{}: cannot open", name));
  MinimumSet set;
  std::string line;
  std::size_t line_no = 0;
  long long count = -1;
  while (std::getline(in, line)) {
    ++line_no;
    std::istringstream words(line);
    std::string word;
    while (words >> word) {
      long long value = 0;
      std::size_t used = 0;
      try {
        value = std::stoll(word, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != word.size())
        throw InputError(fmt::format("{}:{}: expected an integer, got '{}'", name, line_no, word));
      if (count < 0) {
        if (value < 0)
          throw InputError(
              fmt::format("{}:{}: the count must not be negative, got {}", name, line_no, value));
        count = value;
        continue;
      }
      if (static_cast<long long>(set.size()) == count)
        throw InputError(fmt::format("{}:{}: more than the {} {} the first line announces", name,
                                     line_no, count, count == 1 ? "minimum" : "minima"));
      if (value < 1 || static_cast<std::size_t>(value) > n_minima)
        throw InputError(fmt::format("{}:{}: minimum {} does not exist (min.data has {} minima)",
                                     name, line_no, value, n_minima));
      set.push_back(static_cast<std::size_t>(value));
    }
  }
  if (count < 0)
    throw InputError(
        fmt::format("{}: empty (expected a count, then 1-based minimum indices)", name));
  if (static_cast<long long>(set.size()) != count)
    throw InputError(fmt::format("{}: announces {} minima but lists {}", name, count, set.size()));
  return set;
}

void write_minimum_set(const fs::path& path, const MinimumSet& set) {
  std::string text = fmt::format("{:10d}\n", set.size());
  for (std::size_t m : set) text += fmt::format("{:10d}\n", m);
  write_file_atomically(path, text);
}

StationaryPointDatabase StationaryPointDatabase::open(const fs::path& dir, std::size_t n_dof,
                                                      IdentitySettings identity) {
  StationaryPointDatabase db;
  db.identity_ = std::move(identity);
  db.metric_ = landscape::StructureMetric(db.identity_.metric);
  db.minima_ = MinDatabase::open(dir, n_dof);
  db.ts_ = TsDatabase::open(dir, n_dof, db.minima_.size());
  for (std::size_t i = 0; i < db.minima_.size(); ++i) db.minima_index_.add(db.minima_[i].energy, i);
  for (std::size_t i = 0; i < db.ts_.size(); ++i) db.ts_index_.add(db.ts_[i].energy, i);
  return db;
}

std::vector<std::string> StationaryPointDatabase::repairs() const {
  std::vector<std::string> all = minima_.repairs();
  all.insert(all.end(), ts_.repairs().begin(), ts_.repairs().end());
  return all;
}

std::optional<std::size_t> StationaryPointDatabase::find_minimum(
    const std::vector<double>& coords, double energy, const std::array<double, 3>& inertia) const {
  return minima_index_.find(metric_, {coords, energy, inertia}, [&](std::size_t i) {
    const MinimumRecord& m = minima_[i];
    return landscape::StructureView{m.coords, m.energy, m.inertia};
  });
}

std::pair<std::size_t, bool> StationaryPointDatabase::add_minimum(const MinimumRecord& record) {
  if (auto known = find_minimum(record.coords, record.energy, record.inertia))
    return {*known, false};
  const std::size_t index = minima_.append(record) - 1;
  minima_index_.add(record.energy, index);
  return {index, true};
}

std::pair<std::size_t, bool> StationaryPointDatabase::add_transition_state(
    const TransitionStateRecord& record) {
  const auto known =
      ts_index_.find(metric_, {record.coords, record.energy, record.inertia}, [&](std::size_t i) {
        const TransitionStateRecord& t = ts_[i];
        return landscape::StructureView{t.coords, t.energy, t.inertia};
      });
  if (known) return {*known, false};
  const std::size_t index = ts_.append(record, minima_.size()) - 1;
  ts_index_.add(record.energy, index);
  return {index, true};
}

MinimumRecord StationaryPointDatabase::record_of(const landscape::PathInfoPoint& point,
                                                 bool transition_state) const {
  MinimumRecord r;
  r.energy = point.energy;
  r.pgorder = point.pgorder;
  r.coords = point.coords;
  r.inertia = identity_.metric.atoms && !identity_.metric.box
                  ? principal_moments(point.coords)
                  : std::array<double, 3>{1.0, 1.0, 1.0};  // networks, surfaces, bulk systems
  if (point.eigenvalues.empty()) return r;                 // NOFRQS: no frequencies, lnprodfreq 0
  const std::size_t n = point.eigenvalues.size();
  if (n <= identity_.zero_modes + (transition_state ? 1 : 0))
    throw InputError(
        fmt::format("{} eigenvalues: too few for {} zero modes", n, identity_.zero_modes));
  const std::size_t counted = n - identity_.zero_modes - (transition_state ? 1 : 0);
  std::vector<double> sorted = point.eigenvalues;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  for (std::size_t i = 0; i < counted; ++i) {
    if (!(sorted[i] > 0.0))
      throw InputError(fmt::format(
          "{} at E = {:.10f} has {} non-positive Hessian eigenvalue(s) besides the {} zero modes{} "
          "(eigenvalue {} is {:g})",
          transition_state ? "the transition state" : "the minimum", point.energy, counted - i,
          identity_.zero_modes, transition_state ? " and its negative one" : "", i + 1, sorted[i]));
    r.lnprodfreq += std::log(sorted[i]);
  }
  if (transition_state && !(sorted.back() < 0.0))
    throw InputError(fmt::format(
        "the transition state at E = {:.10f} has no negative Hessian eigenvalue (smallest {:g})",
        point.energy, sorted.back()));
  return r;
}

std::optional<std::pair<std::size_t, std::size_t>> StationaryPointDatabase::add_triple(
    const landscape::PathInfoTriple& triple, AddCounts& counts, std::string* why) {
  MinimumRecord m1, m2, t;
  try {
    m1 = record_of(triple.min1, false);
    t = record_of(triple.ts, true);
    m2 = record_of(triple.min2, false);
  } catch (const InputError& e) {
    ++counts.rejected;
    if (why) *why = e.what();
    return std::nullopt;
  }
  const auto [i1, new1] = add_minimum(m1);
  const auto [i2, new2] = add_minimum(m2);
  counts.new_minima += new1 + new2;
  counts.known_minima += !new1 + !new2;
  TransitionStateRecord ts;
  ts.energy = t.energy;
  ts.lnprodfreq = t.lnprodfreq;
  ts.pgorder = t.pgorder;
  ts.min1 = i1 + 1;
  ts.min2 = i2 + 1;
  ts.inertia = t.inertia;
  ts.coords = std::move(t.coords);
  const bool new_ts = add_transition_state(ts).second;
  counts.new_ts += new_ts;
  counts.known_ts += !new_ts;
  return std::make_pair(i1, i2);
}

std::vector<std::size_t> StationaryPointDatabase::merge(const StationaryPointDatabase& other,
                                                        AddCounts& counts) {
  std::vector<std::size_t> map;
  map.reserve(other.n_minima());
  for (const MinimumRecord& m : other.minima().records()) {
    const auto [index, added] = add_minimum(m);
    map.push_back(index);
    counts.new_minima += added;
    counts.known_minima += !added;
  }
  for (TransitionStateRecord t : other.transition_states().records()) {
    t.min1 = map[t.min1 - 1] + 1;
    t.min2 = map[t.min2 - 1] + 1;
    const bool added = add_transition_state(t).second;
    counts.new_ts += added;
    counts.known_ts += !added;
  }
  return map;
}

}  // namespace landscape::pathsample
