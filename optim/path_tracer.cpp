#include "optim/path_tracer.hpp"

#include <fmt/format.h>

#include <fstream>

#include "common/geometry/cluster_geometry.hpp"
#include "common/io/errors.hpp"
#include "common/io/logger.hpp"
#include "common/landscape/structure_metric.hpp"
#include "common/potentials/potential.hpp"
#include "optim/hybrid_eigenvector_following.hpp"

namespace landscape::optim {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::trunc | std::ios::binary);
  f << text;
  f.flush();
  if (!f) throw RuntimeError(fmt::format("{}: cannot write", path.string()));
}

PathTracer::PathTracer(const Potential& potential, PathTracerSettings settings,
                       const StructureMetric& metric, Logger& log)
    : potential_(potential), settings_(settings), metric_(metric), log_(log) {}

TracedPath PathTracer::trace(const HefResult& ts, const std::string& label,
                             const std::filesystem::path& dir, const std::string& eofs_name,
                             const std::string& xyz_name) const {
  TracedPath out;
  out.pathway = follow_pathway(potential_, ts.x, ts.energy, ts.eigen.vector, settings_.pathway,
                               settings_.atoms);
  const Pathway& path = out.pathway;
  log_.info("{}: plus side {} steps ({}), E= {:.10f}; minus side {} steps ({}), E= {:.10f}", label,
            path.plus.result.iterations, to_string(path.plus.result.status), path.plus.energy(),
            path.minus.result.iterations, to_string(path.minus.result.status), path.minus.energy());
  log_.info(
      "         E+        Ets - E+           Ets       Ets - E-           E-          S       D    "
      "  gamma   ~N");
  log_.info("{}", format_path_summary(path));
  if (settings_.xyz_frames && !eofs_name.empty()) {
    write_text_file(dir / eofs_name, format_eofs(path));
    write_text_file(dir / xyz_name, format_path_xyz(path, *settings_.xyz_frames, settings_.atoms));
    log_.info("{}: energy against path length in {}, frames in {}", label, eofs_name, xyz_name);
  }

  out.plus =
      characterise(potential_, path.plus.minimum(), settings_.atoms, settings_.numerical_hessian);
  out.minus =
      characterise(potential_, path.minus.minimum(), settings_.atoms, settings_.numerical_hessian);
  out.ts =
      characterise_transition_state(potential_, ts, settings_.atoms, settings_.numerical_hessian);
  // Only a stationary point of index one is a transition state (NOINDEX leaves the search's
  // end point unchecked; this is its check).
  if (out.ts.n_negative != 1)
    out.faults.push_back(fmt::format(
        "the transition state has {} negative Hessian eigenvalues, not one", out.ts.n_negative));
  for (const bool plus_side : {true, false}) {
    const PathSide& side = plus_side ? path.plus : path.minus;
    const StationaryPoint& m = plus_side ? out.plus : out.minus;
    const char* name = plus_side ? "plus" : "minus";
    if (!side.result.converged())
      out.faults.push_back(
          fmt::format("the {} side did not converge ({})", name, to_string(side.result.status)));
    if (m.n_negative != 0)
      out.faults.push_back(fmt::format(
          "the {} side ends at a point with {} negative Hessian eigenvalues", name, m.n_negative));
    if (metric_.same_without_permutations(m.coords, m.energy, out.ts.coords, out.ts.energy))
      out.faults.push_back(fmt::format("the {} side fell back to the transition state", name));
    if (settings_.atoms && settings_.radius && max_radius(m.coords) > *settings_.radius)
      out.faults.push_back(fmt::format("the {} minimum has an atom beyond RADIUS {:g} (evaporated)",
                                       name, *settings_.radius));
  }
  if (metric_.same_without_permutations(out.plus.coords, out.plus.energy, out.minus.coords,
                                        out.minus.energy)) {
    out.faults.push_back("both sides reach the same minimum");
  } else if (metric_.same(out.plus.coords, out.plus.energy, out.minus.coords, out.minus.energy)) {
    out.degenerate = true;
    log_.info("{}: degenerate rearrangement: the two minima are permutational isomers", label);
  }
  return out;
}

}  // namespace landscape::optim
