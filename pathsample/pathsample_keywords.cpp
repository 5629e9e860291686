#include "pathsample/pathsample_keywords.hpp"

#include <fmt/format.h>

#include "common/keywords/arg_builders.hpp"
#include "common/ml/mlp_keywords.hpp"
#include "common/ml/mlp_shape.hpp"

namespace landscape::pathsample {
namespace {

using keywords::above;
using keywords::at_least;
using keywords::at_most;
using keywords::int_arg;
using keywords::KeywordSpec;
using keywords::Occurrence;
using keywords::real_arg;
using Result = std::optional<std::string>;

using keywords::keyword;

// PATHSAMPLE keywords of the connection campaigns, the database and the kinetics: accepted now,
// implemented by later work (issue 6 and the rates issue).
const std::vector<std::pair<std::string, std::string>> kCampaignKeywords = {
    {"EXEC", "the optim executable run by connection campaigns (checked when a job is about to start)"},
    {"CPUS", "number of optim jobs run at once"},
    {"JOBSPERNODE", "optim jobs per node of a cluster run"},
    {"SYSTEM", "atom symbol written to the optim input of a job"},
    {"SEED", "random-number seed of the campaign"},
    {"DIRECTION", "direction (AB or BA) of rate and committor calculations"},
    {"CONNECTIONS", "connections each new minimum should get"},
    {"CYCLES", "cycles of optim jobs"},
    {"TEMPERATURE", "temperature of rate calculations"},
    {"ENERGY", "total energy of microcanonical rate calculations"},
    {"PERMDIST", "permutational alignment in the identity test"},
    {"RANROT", "random starting orientations of the alignment"},
    {"ETOL", "energy tolerance of the identity test (EDIFFTOL)"},
    {"EDIFFTOL", "energy tolerance of the identity test"},
    {"GEOMDIFFTOL", "distance tolerance of the identity test"},
    {"ITOL", "moment-of-inertia tolerance of the identity test"},
    {"STARTFROMPATH", "create the database from an optim path.info file"},
    {"STARTTRIPLES", "the STARTFROMPATH file is in min-ts-min triples"},
    {"ADDPATH", "add the stationary points of a path.info file"},
    {"ADDTRIPLES", "the ADDPATH file is in min-ts-min triples"},
    {"TRIPLES", "path.info files are in min-ts-min triples"},
    {"MERGEDB", "merge another database"},
    {"UNTRAP", "choose pairs to connect so as to remove kinetic traps"},
    {"DIJKSTRA", "fastest-path analysis"},
    {"DIJINITSTART", "initial Dijkstra connection run"},
    {"DIJINITCONT", "continued initial Dijkstra connection run"},
    {"DIJPAIR", "pairs chosen from a Dijkstra analysis"},
    {"SHORTCUT", "connect minima that are far apart along the path"},
    {"FREEPAIRS", "pairs chosen by free-energy barriers"},
    {"CONNECTREGION", "connect every pair closer than a distance"},
    {"PAIRLIST", "regenerate the list of candidate pairs every n cycles"},
    {"USEPAIRS", "pairs read from a path file"},
    {"NGT", "graph-transformation rate constants"},
    {"GT", "graph-transformation rate constants"},
    {"KMC", "kinetic Monte Carlo rate constants"},
    {"KSHORTESTPATHS", "the k shortest paths"},
    {"REGROUPFREE", "free-energy regrouping of the database"},
    {"REGROUPPE", "potential-energy regrouping"},
    {"REGROUPRATE", "rate-based regrouping"},
    {"PLANCK", "Planck's constant in reduced units"},
    {"TSTHRESH", "transition states above this energy are not added"},
    {"MAXTSENERGY", "transition states above this energy are not added"},
    {"MAXBARRIER", "transition states with larger barriers are not added"},
    {"MAXDOWNBARRIER", "transition states with larger downhill barriers are not added"},
    {"MINBARRIER", "transition states with smaller barriers are not added"},
    {"NCONNMIN", "minima with this many connections or fewer are left out of rate calculations"},
    {"EXTRACTMIN", "write the coordinates of a minimum to extractmin"},
    {"EXTRACTTS", "write the coordinates of a transition state to extractts"},
    {"COPYFILES", "further files copied into every optim job's directory"},
    {"DUMMYRUN", "prepare optim jobs without running them"},
    {"NOPOINTGROUP", "do not use point-group orders"},
    {"NOFRQS", "path.info files hold no frequencies"},
    {"DEBUG", "extra debugging output"}};

// Keywords of the real PATHSAMPLE (2011 manual) outside this suite's scope: other potentials and
// coordinate systems, and analyses nobody has asked for.
const std::vector<std::string> kUnsupportedPathsample = {
    "ADDPERM", "AMH", "AMHALLATOM", "AMHQ", "AMHQCONT", "AMHRELQ", "AMHRMSD", "AMH_RELCO", "ANGLEAXIS",
    "BHINTERP", "BISECT", "BULK", "CALCORDER", "CAPSID", "CHARMM", "CHECKCONNECTIONS", "CLOSEFILES",
    "COPYOPTIM", "DGT", "DIJINITCONTFLY", "DIJINITSTARTFLY", "DIJKSTRAWAIT", "DSCALE", "DUMMYTS",
    "DUMPGROUPS", "EVCUT", "FREEZE", "FRICTION", "GT2PTOL", "GT2RSWITCH", "IMFRQ", "KMCCOMMIT",
    "LOWESTFRQ", "MACHINE", "NINTS", "ORDER", "PERMISOMER", "PERTURB", "PFOLD", "PSCALE", "PULL",
    "READMIN", "REGROUP", "REGROUPFREEAB", "REMOVESP", "REMOVEUNCONNECTED", "RETAINSP", "REWEIGHT",
    "RIGIDBODIES", "SDGT", "SGT", "TAG", "TWOD", "UNRES", "AMBER"};

keywords::KeywordSpec mlp_spec(bool biases) {
  KeywordSpec k;
  k.name = biases ? "MLPVB3" : "MLP3";
  k.args = {int_arg("Nin", {}, at_least(1), {}, "features")};
  if (biases) k.args.push_back(int_arg("Ninstart", {}, at_least(1), {}, "column"));
  k.args.push_back(int_arg("Nhid", {}, at_least(1), {}, "nodes"));
  k.args.push_back(int_arg("Nout", {}, at_least(1), {}, "classes"));
  k.args.push_back(int_arg("Ndata", 0, at_least(0), {}, "items"));
  k.args.push_back(real_arg("lambda", kDefaultMlpLambda, at_least(0)));
  k.doc = std::string("A network loss landscape (") + (biases ? "GMIN's MLPVB3, with biases" : "GMIN's MLP3, no biases") +
          "): the database records hold the Nhid (Nin + Nout)" + (biases ? " + Nhid + Nout" : "") +
          " weights, which are also the vibrational degrees of freedom kappa of the heat capacity. "
          "NATOMS, if given, must equal that number. Ndata and lambda matter to the optim jobs only.";
  k.example = biases ? "MLPVB3 2 1 3 2 100" : "MLP3 2 3 2 100 1.0D-5";
  return k;
}

Result bind_mlp(const Occurrence& o, PathsampleOptions& p) {
  if (p.network) return fmt::format("only one network keyword may be given ({} is already)", p.network->keyword);
  const bool biases = o.spec->name == "MLPVB3";
  std::size_t i = 0;
  const auto n_in = static_cast<std::size_t>(o.as_int(i++));
  if (biases) ++i;
  const auto n_hidden = static_cast<std::size_t>(o.as_int(i++));
  const auto n_out = static_cast<std::size_t>(o.as_int(i++));
  const MlpShape shape = biases ? mlpvb3_shape(n_in, n_hidden, n_out) : mlp3_shape(n_in, n_hidden, n_out);
  p.network = NetworkOptions{o.spec->name, static_cast<long long>(shape.n_weights())};
  return {};
}

keywords::KeywordTable<PathsampleOptions> build_table() {
  keywords::KeywordTable<PathsampleOptions> t;
  t.add(keyword("NATOMS", {int_arg("n", {}, at_least(1), {}, "atoms")},
           "Atoms in the system: the points.min and points.ts records hold 3n doubles, and the heat "
           "capacity counts kappa = 3n - 6 vibrational degrees of freedom. Required unless MLP3 or "
           "MLPVB3 gives the number of weights.",
           "NATOMS 38"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.natoms = o.as_int(0);
          return {};
        });
  t.add(mlp_spec(false), bind_mlp);
  t.add(mlp_spec(true), bind_mlp);
  t.add(keyword("NOPOINTS", {},
           "Do not read points.min and points.ts (runs that need only the energies, such as CV)."),
        [](const Occurrence&, PathsampleOptions& p) -> Result {
          p.no_points = true;
          return {};
        });
  t.add(keyword("CV",
           {real_arg("Tmin", {}, above(0), {}, "temperature"), real_arg("Tmax", {}, above(0), {}, "temperature"),
            real_arg("Tinc", {}, above(0), {}, "temperature")},
           "Heat capacity in the harmonic superposition approximation at Tmin, Tmin + Tinc, ... Tmax (k_B = "
           "1): Cv.out holds T and C_V = kappa + (<V^2> - <V>^2) / T^2, kinetic part included, as "
           "PATHSAMPLE; Cv.svg and Cv.png plot it with its peaks marked. Each peak (refined by a "
           "parabola through the highest grid point and its neighbours) is decoded into min.plus.N and "
           "min.minus.N (see CVFRACTION); Cv.peaks lists them. Needs only min.data.",
           "CV 0.01 0.5 0.001"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          HeatCapacityOptions cv{o.as_real(0), o.as_real(1), o.as_real(2)};
          if (cv.t_max < cv.t_min) return fmt::format("Tmax ({:g}) is below Tmin ({:g})", cv.t_max, cv.t_min);
          if ((cv.t_max - cv.t_min) / cv.t_inc > 1e7)
            return fmt::format("{:g} temperatures: more than 10^7", (cv.t_max - cv.t_min) / cv.t_inc + 1);
          p.cv = cv;
          return {};
        });
  t.add(keyword("CVFRACTION", {real_arg("fraction", 0.99, above(0), at_most(1))},
           "The minima written to min.plus.N (dP/dT > 0, largest first) and min.minus.N (dP/dT < 0, most "
           "negative first) are the fewest whose |dP/dT| add up to this fraction of the total of their "
           "sign, as the Cv.HSA tool chooses them (dP_a/dT = P_a (V_a - <V>) / T^2). Each line holds the "
           "minimum's number (what TRMIN reads), then its dP/dT and energy.",
           "CVFRACTION 0.9"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.cv_fraction = o.as_real(0);
          return {};
        });
  {
    auto k = keyword("CVDECODE", {real_arg("T", {}, above(0), {}, "temperature")},
                "Also decode C_V at this temperature (Cv.HSA's Tanal): its min.plus.N and min.minus.N "
                "are numbered after the peaks'. Repeat for more temperatures.",
                "CVDECODE 0.12");
    k.repeatable = true;
    t.add(std::move(k), [](const Occurrence& o, PathsampleOptions& p) -> Result {
      p.cv_decode.push_back(o.as_real(0));
      return {};
    });
  }
  for (const auto& [name, doc] : kCampaignKeywords) t.add(keywords::no_effect(name, doc + " (not implemented yet)"));
  for (auto& k : keywords::unsupported(kUnsupportedPathsample)) t.add(std::move(k));
  return t;
}

}  // namespace

const keywords::KeywordTable<PathsampleOptions>& pathsample_keyword_table() {
  static const keywords::KeywordTable<PathsampleOptions> table = build_table();
  return table;
}

}  // namespace landscape::pathsample
