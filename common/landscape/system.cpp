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
    case SystemKind::kBulk: {
      const std::array<double, 3> box = r.binary ? r.binary->box : *r.box;
      std::string out = fmt::format("{}: {} of {} atoms in a {:g} x {:g} x {:g} box", entry.name,
                                    entry.summary, n_dof / 3, box[0], box[1], box[2]);
      if (r.binary)
        out += fmt::format(
            "; {} A and {} B atoms, epsilon_AB {:g}, epsilon_BB {:g}, sigma_AB {:g}, sigma_BB "
            "{:g}, cut-off {:g} sigma",
            r.binary->n_a, n_dof / 3 - std::min(n_dof / 3, r.binary->n_a), r.binary->eps_ab,
            r.binary->eps_bb, r.binary->sigma_ab, r.binary->sigma_bb, r.binary->cutoff);
      return out;
    }
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
  keywords.box = box_;
  if (periodic() && !keywords.groups) keywords.groups = species_;
  if (kind_ != SystemKind::kCluster) keywords.inertia_tolerance.reset();
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
  const bool bulk = entry->kind == SystemKind::kBulk;
  if (bulk && !request.binary && !request.box)
    throw std::invalid_argument(
        fmt::format("{} is a periodic system: it needs the lengths of its box", entry->name));
  if (!bulk && (request.binary || request.box))
    throw std::invalid_argument(
        fmt::format("{} is not a periodic system: it has no box", entry->name));
  System s;
  s.kind_ = entry->kind;
  s.name_ = std::string(entry->name);
  s.n_dof_ = entry->n_dof(request);
  if (s.kind_ == SystemKind::kCluster) s.n_zero_modes_ = s.n_dof_ / 3 > 2 ? 6 : 5;
  if (bulk) {
    s.n_zero_modes_ = 3;
    s.box_ = request.binary ? request.binary->box : *request.box;
    if (request.binary) {
      const std::size_t n = s.n_dof_ / 3, n_a = std::min(n, request.binary->n_a);
      std::vector<std::vector<std::size_t>> species(2);
      for (std::size_t i = 0; i < n; ++i) species[i < n_a ? 0 : 1].push_back(i);
      s.species_ = std::move(species);
    }
  }
  if (s.kind_ == SystemKind::kNetwork) s.network_ = request.mlp->shape();
  if (request.with_potential) s.potential_ = entry->make(request);
  s.description_ = describe(*entry, request, s.n_dof_);
  s.size_statement_ = size_statement(*entry, request, s.n_dof_);
  return s;
}

}  // namespace landscape
