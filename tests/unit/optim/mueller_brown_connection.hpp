#pragma once
// Settings for eigenvector-following, tracing and connecting on Mueller-Brown in the optim unit
// tests (as the NEWCONNECT regression test's odata sets them).

#include <gtest/gtest.h>

#include <vector>

#include "common/landscape/stationary_point.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/characterisation.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/path_tracer.hpp"

namespace landscape::testing {

/// Hybrid eigenvector-following of at most max_steps steps by method, with Rayleigh-Ritz to
/// RMS 1e-4 in at most 100 iterations, steps of max_step (tangent space too) and max_max at most.
inline optim::HefOptions hef_options(optim::EigenMethod method, int max_steps, double max_step,
                                     double max_max) {
  optim::HefOptions o;
  o.max_steps = max_steps;
  o.eigen.method = method;
  o.eigen.rms_tolerance = 1e-4;
  o.eigen.max_iterations = 100;
  o.tangent.max_step = max_step;
  o.max_step = max_step;
  o.max_max = max_max;
  return o;
}

/// BFGSTS 100 10 100 1.0D-4, STEPS 100, MAXBFGS 0.05 with the Hessian (LAPACK).
inline optim::HefOptions mueller_brown_hef() {
  return hef_options(optim::EigenMethod::kLapack, 100, 0.05, 0.05);
}

/// PUSHOFF 0.01, BFGSMIN 1.0D-8, BFGSSTEPS 1000, MAXBFGS 0.05; variables, not atoms.
inline optim::PathTracerSettings mueller_brown_tracer() {
  optim::PathTracerSettings s;
  s.pathway.pushoff = 0.01;
  s.pathway.minimisation.rms_tolerance = 1e-8;
  s.pathway.minimisation.max_iterations = 1000;
  s.pathway.minimisation.max_step = 0.05;
  return s;
}

/// The minimum of Mueller-Brown reached from x (BFGSMIN 1.0D-8), characterised.
inline StationaryPoint mueller_brown_minimum(std::vector<double> x) {
  const MuellerBrown mb;
  LbfgsOptions o;
  o.rms_tolerance = 1e-8;
  o.max_iterations = 1000;
  o.max_step = 0.05;
  EXPECT_TRUE(Lbfgs(o).minimize(mb, x).converged());
  return optim::characterise(mb, x, false, false);
}

}  // namespace landscape::testing
