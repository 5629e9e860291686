#include "common/landscape/system.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace landscape {
namespace {

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::toupper(static_cast<unsigned char>(x)) ==
                  std::toupper(static_cast<unsigned char>(y));
         });
}

std::string describe(const PotentialEntry& entry, const SystemRequest& r, std::size_t n_dof) {
  switch (entry.kind) {
    case SystemKind::kCluster:
      return fmt::format("{}: {} of {} atoms", entry.name, entry.summary, n_dof / 3);
    case SystemKind::kNetwork: {
      const MlpKeywordOptions& m = *r.mlp;
      return fmt::format("{}: {}; {} inputs, {} hidden nodes, {} outputs, {} weights, lambda {:g}",
                         entry.name, entry.summary, m.n_in, m.n_hidden, m.n_out, n_dof, m.lambda);
    }
    case SystemKind::kSurface:
      return fmt::format("{}: {}; {} variables", entry.name, entry.summary, n_dof);
  }
  return std::string(entry.name);
}

std::string size_statement(const PotentialEntry& entry, const SystemRequest& r, std::size_t n_dof) {
  if (entry.kind == SystemKind::kNetwork) {
    const MlpKeywordOptions& m = *r.mlp;
    return fmt::format("{} with Nin {}, Nhid {}, Nout {} has {} {}", entry.name, m.n_in, m.n_hidden,
                       m.n_out, n_dof, entry.coordinates);
  }
  return fmt::format("{} has {} {}", entry.name, n_dof, entry.coordinates);
}

}  // namespace

const Potential& System::potential() const {
  if (!potential_) throw std::logic_error("System::potential: built without its potential");
  return *potential_;
}

StructureMetric System::structure_metric(StructureMetricSettings keywords) const {
  keywords.atoms = atoms();
  keywords.network = network_;
  if (!atoms()) keywords.inertia_tolerance.reset();
  return StructureMetric(std::move(keywords));
}

const PotentialEntry* find_potential(std::string_view name) {
  for (const PotentialEntry& e : potential_table())
    if (same_name(e.name, name)) return &e;
  return nullptr;
}

System make_system(const SystemRequest& request) {
  const PotentialEntry* entry = find_potential(request.potential);
  if (!entry) {
    std::string known;
    for (const PotentialEntry& e : potential_table())
      known += (known.empty() ? "" : ", ") + std::string(e.name);
    throw std::invalid_argument(
        fmt::format("unknown potential '{}' (known: {})", request.potential, known));
  }
  System s;
  s.kind_ = entry->kind;
  s.name_ = std::string(entry->name);
  s.n_dof_ = entry->n_dof(request);
  if (s.kind_ == SystemKind::kCluster) s.n_zero_modes_ = s.n_dof_ / 3 > 2 ? 6 : 5;
  if (s.kind_ == SystemKind::kNetwork) s.network_ = request.mlp->shape();
  if (request.with_potential) s.potential_ = entry->make(request);
  s.description_ = describe(*entry, request, s.n_dof_);
  s.size_statement_ = size_statement(*entry, request, s.n_dof_);
  return s;
}

}  // namespace landscape
