#pragma once
// Settings for tracing and connecting on Mueller-Brown in the optim unit tests, as the
// NEWCONNECT regression test's odata sets them.

#include <gtest/gtest.h>

#include <vector>

#include "common/landscape/stationary_point.hpp"
#include "common/optimize/lbfgs.hpp"
#include "common/potentials/mueller_brown.hpp"
#include "optim/characterisation.hpp"
#include "optim/hybrid_eigenvector_following.hpp"
#include "optim/path_tracer.hpp"

namespace landscape::testing {

/// BFGSTS 100 10 100 1.0D-4, STEPS 100, MAXBFGS 0.05 with the Hessian (LAPACK).
inline optim::HefOptions mueller_brown_hef() {
  optim::HefOptions o;
  o.max_steps = 100;
  o.eigen.method = optim::EigenMethod::kLapack;
  o.eigen.rms_tolerance = 1e-4;
  o.eigen.max_iterations = 100;
  o.tangent.max_step = 0.05;
  o.max_step = 0.05;
  o.max_max = 0.05;
  return o;
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
