#include "gmin/walker_team.hpp"

#include <algorithm>
#include <cmath>

#include "common/io/byte_pack.hpp"

namespace landscape::gmin {

std::string pack_minimum(const MinimumRecord& record) {
  BytePacker p;
  p.put(record.energy).put(record.lnprodfreq).put<std::int64_t>(record.pgorder);
  for (double m : record.inertia) p.put(m);
  p.put_doubles(record.coords);
  return p.take();
}

MinimumRecord unpack_minimum(const std::string& bytes) {
  ByteReader r(bytes);
  MinimumRecord record;
  record.energy = r.get<double>();
  record.lnprodfreq = r.get<double>();
  record.pgorder = static_cast<int>(r.get<std::int64_t>());
  for (double& m : record.inertia) m = r.get<double>();
  record.coords = r.get_doubles();
  return record;
}

std::string pack_result(const WalkerResult& result) {
  BytePacker p;
  const WalkerSummary& s = result.summary;
  p.put<std::int64_t>(result.rank)
      .put<std::int64_t>(s.steps)
      .put<std::int64_t>(s.quenches)
      .put<std::int64_t>(s.function_calls)
      .put<std::int64_t>(s.accepted)
      .put<std::int64_t>(s.restarts)
      .put<std::int64_t>(s.minima_sent)
      .put(s.best_energy)
      .put(s.seconds)
      .put(s.temperature)
      .put<std::uint64_t>(result.lowest.size());
  for (const SavedMinimum& m : result.lowest)
    p.put(m.energy)
        .put<std::int64_t>(m.first_step)
        .put<std::int64_t>(m.function_calls)
        .put_doubles(m.coords);
  return p.take();
}

WalkerResult unpack_result(const std::string& bytes) {
  ByteReader r(bytes);
  WalkerResult result;
  WalkerSummary& s = result.summary;
  result.rank = static_cast<int>(r.get<std::int64_t>());
  s.steps = r.get<std::int64_t>();
  s.quenches = r.get<std::int64_t>();
  s.function_calls = r.get<std::int64_t>();
  s.accepted = r.get<std::int64_t>();
  s.restarts = r.get<std::int64_t>();
  s.minima_sent = r.get<std::int64_t>();
  s.best_energy = r.get<double>();
  s.seconds = r.get<double>();
  s.temperature = r.get<double>();
  const auto n = r.get<std::uint64_t>();
  for (std::uint64_t i = 0; i < n && !r.done(); ++i) {
    SavedMinimum m;
    m.energy = r.get<double>();
    m.first_step = r.get<std::int64_t>();
    m.function_calls = r.get<std::int64_t>();
    m.coords = r.get_doubles();
    result.lowest.push_back(std::move(m));
  }
  if (result.lowest.size() != n) throw RuntimeError("message: a walker's result is cut short");
  return result;
}

std::vector<SavedMinimum> merge_lowest(std::vector<WalkerResult> results, std::size_t capacity,
                                       double ediff) {
  std::sort(results.begin(), results.end(),
            [](const WalkerResult& a, const WalkerResult& b) { return a.rank < b.rank; });
  SavedMinima merged(capacity, ediff);
  for (const WalkerResult& r : results)
    for (const SavedMinimum& m : r.lowest)
      merged.consider(m.energy, m.coords, m.first_step, m.function_calls);
  return merged.entries();
}

double ladder_temperature(int rank, int size, double t_min, double t_max) {
  if (size <= 1) return t_min;
  return t_min * std::pow(t_max / t_min, static_cast<double>(rank) / (size - 1));
}

}  // namespace landscape::gmin
