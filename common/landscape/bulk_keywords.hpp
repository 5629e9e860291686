#pragma once
// The arguments of BINARY, spelled alike by GMIN and OPTIM (the periodic binary Lennard-Jones):
// one list for both programs' keyword tables.

#include <vector>

#include "common/keywords/arg_builders.hpp"

namespace landscape {

/// `BINARY ntypea epsab epsbb sigmaab sigmabb`: the A atoms' count and the AB and BB parameters.
inline std::vector<keywords::ArgSpec> binary_lj_arguments() {
  using keywords::above;
  using keywords::at_least;
  using keywords::int_arg;
  using keywords::real_arg;
  return {int_arg("ntypea", {}, at_least(0), {}, "atoms"),
          real_arg("epsab", {}, above(0), {}, "energy"),
          real_arg("epsbb", {}, above(0), {}, "energy"),
          real_arg("sigmaab", {}, above(0), {}, "length"),
          real_arg("sigmabb", {}, above(0), {}, "length")};
}

}  // namespace landscape
