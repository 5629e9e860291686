#include "pathsample/pathsample_keywords.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "common/keywords/arg_builders.hpp"
#include "common/keywords/binders.hpp"
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
using keywords::path_arg;
using keywords::real_arg;
using Result = std::optional<std::string>;

using keywords::keyword;

// PATHSAMPLE keywords of rates and kinetics: accepted now, implemented by the rates issue.
const std::vector<std::pair<std::string, std::string>> kRateKeywords = {
    {"DIRECTION", "direction (AB or BA) of rate and committor calculations"},
    {"TEMPERATURE", "temperature of rate calculations"},
    {"ENERGY", "total energy of microcanonical rate calculations"},
    {"NGT", "graph-transformation rate constants"},
    {"GT", "graph-transformation rate constants"},
    {"KMC", "kinetic Monte Carlo rate constants"},
    {"KSHORTESTPATHS", "the k shortest paths"},
    {"REGROUPFREE", "free-energy regrouping of the database"},
    {"REGROUPPE", "potential-energy regrouping"},
    {"REGROUPRATE", "rate-based regrouping"},
    {"PLANCK", "Planck's constant in reduced units"},
    {"TSTHRESH", "transition states above this energy are left out of rate calculations"},
    {"MAXTSENERGY", "transition states above this energy are left out of rate calculations"},
    {"MAXBARRIER", "transition states with larger barriers are left out of rate calculations"},
    {"MAXDOWNBARRIER",
     "transition states with larger downhill barriers are left out of rate calculations"},
    {"MINBARRIER", "transition states with smaller barriers are left out of rate calculations"},
    {"NCONNMIN", "minima with this many connections or fewer are left out of rate calculations"}};

// PATHSAMPLE keywords that change nothing in this suite.
const std::vector<std::pair<std::string, std::string>> kNoEffectHere = {
    {"STARTTRIPLES",
     "the STARTFROMPATH file is in min-TS-min triples: the layout of every path file is detected "
     "by itself here"},
    {"ADDTRIPLES", "the ADDPATH file is in min-TS-min triples: detected by itself here"},
    {"TRIPLES", "path.info files are in min-TS-min triples: detected by themselves here"},
    {"JOBSPERNODE", "optim jobs per node of a cluster run: jobs run on this machine (CPUS)"},
    {"COPYFILES",
     "files copied to the nodes of a cluster run: jobs run in the working directory here"},
    {"PAIRLIST",
     "how often the list of candidate pairs is rebuilt: here it is rebuilt for every job"},
    {"DUMMYRUN", "prepare optim jobs without running them"},
    {"NOPOINTGROUP", "do not use point-group orders"},
    {"DEBUG", "extra debugging output"}};

// Keywords of the real PATHSAMPLE (2011 manual) outside this suite's scope: other potentials and
// coordinate systems, and analyses nobody has asked for.
const std::vector<std::string> kUnsupportedPathsample = {
    "ADDPERM", "AMH", "AMHALLATOM", "AMHQ", "AMHQCONT", "AMHRELQ", "AMHRMSD", "AMH_RELCO",
    "ANGLEAXIS", "BHINTERP", "BISECT", "CALCORDER", "CAPSID", "CHARMM", "CHECKCONNECTIONS",
    "CLOSEFILES", "COPYOPTIM", "DGT", "DIJINITCONTFLY", "DIJINITSTARTFLY", "DIJKSTRAWAIT", "DSCALE",
    "DUMMYTS", "DUMPGROUPS", "EVCUT", "FREEZE", "FRICTION", "GT2PTOL", "GT2RSWITCH", "IMFRQ",
    "KMCCOMMIT", "LOWESTFRQ", "MACHINE", "NINTS", "ORDER", "PERMISOMER", "PERTURB", "PFOLD",
    "PSCALE", "PULL", "READMIN", "REGROUP", "REGROUPFREEAB", "REMOVESP", "REMOVEUNCONNECTED",
    "RETAINSP", "REWEIGHT", "RIGIDBODIES", "SDGT", "SGT", "TAG", "TWOD", "UNRES", "AMBER",
    // Pair strategies not implemented: a campaign asking for them would do something else.
    "DIJPAIR", "SHORTCUT", "FREEPAIRS", "USEPAIRS"};

keywords::KeywordSpec mlp_spec(bool biases) {
  KeywordSpec k;
  k.name = biases ? "MLPVB3" : "MLP3";
  k.args = {int_arg("Nin", {}, at_least(1), {}, "features")};
  if (biases) k.args.push_back(int_arg("Ninstart", {}, at_least(1), {}, "column"));
  k.args.push_back(int_arg("Nhid", {}, at_least(1), {}, "nodes"));
  k.args.push_back(int_arg("Nout", {}, at_least(1), {}, "classes"));
  k.args.push_back(int_arg("Ndata", 0, at_least(0), {}, "items"));
  k.args.push_back(real_arg("lambda", kDefaultMlpLambda, at_least(0)));
  k.doc =
      std::string("A network loss landscape (") +
      (biases ? "GMIN's MLPVB3, with biases" : "GMIN's MLP3, no biases") +
      "): the database records hold the Nhid (Nin + Nout)" + (biases ? " + Nhid + Nout" : "") +
      " weights, which are also the vibrational degrees of freedom kappa of the heat capacity. "
      "NATOMS, if given, must equal that number. Ndata and lambda matter to the optim jobs only.";
  k.example = biases ? "MLPVB3 2 1 3 2 100" : "MLP3 2 3 2 100 1.0D-5";
  return k;
}

Result bind_mlp(const Occurrence& o, PathsampleOptions& p) {
  if (p.network)
    return fmt::format("only one network keyword may be given ({} is already)", p.network->keyword);
  p.network = mlp_keyword_options(o);
  return {};
}

using Table = keywords::KeywordTable<PathsampleOptions>;

/// A keyword whose first argument is EXP or a positive integer power (DIJINITSTART, DIJINITCONT).
Result bind_cost(const Occurrence& o, PathsampleOptions& p) {
  const auto cost = keywords::parse_cost_argument(o.as_word(0));
  if (!cost) return keywords::cost_argument_error(o.as_word(0));
  if (cost->exponential)
    p.campaign.dijinit_exp = true;
  else
    p.campaign.dijinit_power = cost->power;
  return {};
}

/// Records the pair strategy of a campaign; only one may be given.
Result set_strategy(const Occurrence& o, PathsampleOptions& p, PairStrategy s) {
  if (p.campaign.strategy != PairStrategy::kNone)
    return fmt::format("only one way of choosing pairs may be given ({} is, at line {})",
                       p.campaign.strategy_keyword, p.campaign.strategy_line);
  p.campaign.strategy = s;
  p.campaign.strategy_line = o.line;
  p.campaign.strategy_keyword = o.spec->name;
  return {};
}

void add_database_keywords(Table& t) {
  t.add(
      keyword("EDIFFTOL", {real_arg("e", 1e-9, above(0), {}, "energy")},
              "Two stationary points can be the same only if their energies differ by less than e.",
              "ETOL 1.0D-6", {"ETOL"}),
      keywords::bind(&PathsampleOptions::edifftol));
  t.add(
      keyword("GEOMDIFFTOL", {real_arg("d", 1e-3, above(0), {}, "length")},
              "Two stationary points with energies within EDIFFTOL are the same when their "
              "distance after alignment (overall translation and rotation of a cluster; with "
              "PERMDIST also permutations and inversion, or the isomers of a network) is below d.",
              "GEOMDIFFTOL 0.2"),
      keywords::bind(&PathsampleOptions::geomdifftol));
  t.add(keyword("ITOL", {real_arg("x", {}, above(0), {}, "moment of inertia")},
                "Clusters: two stationary points can be the same only if each of their principal "
                "moments of inertia differ by less than x (checked before the more costly "
                "alignment).",
                "ITOL 0.1D0"),
        keywords::bind(&PathsampleOptions::itol));
  t.add(keyword("PERMDIST",
                {real_arg("tol", 0.01, above(0), {}, "length"), int_arg("maxsets", 3, at_least(0))},
                "Compare clusters over permutations of the atoms (the groups of `perm.allow` when "
                "the working directory has one, else all atoms) and the inversion, and networks "
                "over their permutational isomers, in the identity test and the distances of the "
                "pair choice. tol and maxsets (PATHSAMPLE's orbit tolerance and secondary-set "
                "count) are accepted; the alignment here needs neither.",
                "PERMDIST 0.01D0", {}, true),
        keywords::flag(&PathsampleOptions::permdist));
  t.add(keyword("RANROT", {int_arg("n", 0, at_least(0), {}, "orientations")},
                "Try n random orientations (besides the systematic ones) in each permutational "
                "alignment.",
                "RANROT 5"),
        keywords::bind(&PathsampleOptions::ranrot));
  t.add(
      keyword(
          "SEED", {int_arg("n", 1, at_least(0))},
          "Seed of the random numbers of the run (the random orientations of RANROT; MLMINSELECT's "
          "RANDOM draws and the starts of DIVERSITY). The "
          "default 1 makes a serial run repeatable bit for bit on the same machine and BLAS "
          "kernel (another OpenBLAS kernel rounds differently, and a campaign's optim jobs "
          "then take other paths).",
          "SEED 1"),
      keywords::bind(&PathsampleOptions::seed));
  t.add(keyword(
            "NOFRQS", {},
            "Path files hold no Hessian eigenvalues (OPTIM's NOFRQS): lnprodfreq is written as 0."),
        keywords::flag(&PathsampleOptions::no_frequencies));
}

/// Building and extending the database: STARTFROMPATH, ADDPATH, MERGEDB, EXTRACTMIN, EXTRACTTS.
void add_database_building_keywords(Table& t) {
  t.add(keyword("STARTFROMPATH",
                {path_arg("file"), int_arg("n1", {}, at_least(1), {}, "minimum"),
                 int_arg("n2", {}, at_least(1), {}, "minimum")},
                "Create the database from an optim path file: its minima and transition states are "
                "added to min.data, ts.data, points.min and points.ts in the order of the file "
                "(duplicates once), and min.A and min.B are written with minimum n1 and minimum n2 "
                "of the new min.data. The file may hold min-TS-min triples (DUMPALLPATHS) or a "
                "min-TS-min-...-min path: the layout is detected. Refuses to run if min.A exists "
                "(it would be overwritten).",
                "STARTFROMPATH path.info.initial 1 2"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.start_from_path = StartFromPath{o.as_word(0), static_cast<std::size_t>(o.as_int(1)),
                                            static_cast<std::size_t>(o.as_int(2)), o.line};
          return {};
        });
  {
    auto k = keyword("ADDPATH", {path_arg("file")},
                     "Add the minima and transition states of an optim path file (triples or a "
                     "path, detected) to the database; min.A and min.B are not changed. Repeat for "
                     "more files.",
                     "ADDPATH path.info.extra");
    k.repeatable = true;
    t.add(std::move(k), [](const Occurrence& o, PathsampleOptions& p) -> Result {
      p.add_paths.emplace_back(o.as_word(0), o.line);
      return {};
    });
  }
  t.add(keywords::repeatable(keyword("MERGEDB", {path_arg("dir")},
                                     "Merge the database in directory dir (min.data, ts.data, "
                                     "points.min, points.ts, and min.A and min.B when present) "
                                     "into this one: its minima and transition states not already "
                                     "here are appended, its transition states renumbered, and its "
                                     "A and B minima added to min.A and min.B. Repeat for more "
                                     "directories.",
                                     "MERGEDB ../other")),
        keywords::append(&PathsampleOptions::merge_dbs));
  t.add(keyword("EXTRACTMIN", {int_arg("n", {}, {}, {}, "minimum")},
                "Write the coordinates of minimum n to `extractmin` (all minima, one after "
                "another, for n <= 0): x y z a line for atoms, one value a line for networks "
                "(the layout of gmin's coords and of optim's VARIABLES).",
                "EXTRACTMIN 2"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.extract_min = o.as_int(0);
          p.extract_min_line = o.line;
          return {};
        });
  t.add(keyword(
            "EXTRACTTS", {int_arg("n", {}, {}, {}, "transition state")},
            "Write the coordinates of transition state n to `extractts` (all of them for n <= 0).",
            "EXTRACTTS 5"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.extract_ts = o.as_int(0);
          p.extract_ts_line = o.line;
          return {};
        });
}

void add_campaign_keywords(Table& t) {
  t.add(keyword("EXEC", {path_arg("program")},
                "The optim program run by the campaign's jobs (a name is looked up in PATH, a "
                "relative path in the working directory). Checked only when a job is about to "
                "start, so a database can be built or analysed with the tutorial's EXEC line "
                "unchanged. Under mpirun (an MPI build, doc/mpi.md) it is not run: the worker "
                "ranks run optim's code in-process.",
                "EXEC /usr/local/bin/optim"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.exec = o.as_word(0);
          p.campaign.exec_line = o.line;
          return {};
        });
  t.add(keyword("CPUS", {int_arg("n", 1, at_least(1), at_most(1024), "jobs")},
                "Run n optim jobs at once. Each has its own files (odata.N, finish.N, "
                "path.info.N); as soon as one ends its path is merged into the database and the "
                "next job starts. With n > 1 the order in which jobs end, and so the order of new "
                "entries in the database, depends on timing. Under mpirun -np K (an MPI build, "
                "doc/mpi.md) the K - 1 worker ranks run the jobs, one each, and replace n (rank 0 "
                "alone runs them when K is 1); the log says so.",
                "CPUS 2"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.cpus = o.as_int(0);
          return {};
        });
  t.add(keyword("CYCLES", {int_arg("n", 0, at_least(0), {}, "cycles")},
                "Run n cycles of CPUS optim jobs (n x CPUS jobs in all; under mpirun, n x the "
                "worker ranks); 0 only builds or analyses the database.",
                "CYCLES 50"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.cycles = o.as_int(0);
          return {};
        });
  t.add(
      keyword(
          "CONNECTIONS",
          {int_arg("n", 0, at_least(0), {}, "connections"), int_arg("maxattempts", 0, at_least(0))},
          "Connections each new minimum should get. 0 and 1 run double-ended connection jobs only "
          "(odata.connect), a new job starting as soon as one ends; n > 1, which needs "
          "single-ended searches from odata.tssearch, is not supported.",
          "CONNECTIONS 1"),
      [](const Occurrence& o, PathsampleOptions& p) -> Result {
        if (o.as_int(0) > 1)
          return fmt::format(
              "CONNECTIONS {} needs single-ended searches (odata.tssearch, odata.path), which are "
              "not supported: use CONNECTIONS 0 or 1",
              o.as_int(0));
        p.campaign.connections = o.as_int(0);
        return {};
      });
  t.add(keyword("SYSTEM", {path_arg("symbol", std::string("AX"))},
                "The atom symbol written before each atom's coordinates in the odata.N of a job "
                "(AX: Lennard-Jones).",
                "SYSTEM AX"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.system = o.as_word(0);
          return {};
        });
}

/// How a campaign chooses the pairs of minima it sends to optim.
void add_pair_strategy_keywords(Table& t) {
  t.add(keyword("UNTRAP",
                {real_arg("einc", {}, above(0), {}, "energy"),
                 real_arg("thresh", {}, {}, {}, "energy")},
                "Choose the pairs to connect so as to remove kinetic traps (PATHSAMPLE's rule). "
                "Minima with more connections than DIJKSTRA n (default 0) that are connected to "
                "the global minimum gm are ranked by barrier / (E - E_gm), largest first: the "
                "barrier is E_gm + L einc - E, where L is the lowest level E_gm + l einc (l = 1, "
                "2, ...) at which the minimum joins gm's basin (transition states below the "
                "level), and the product set is gm's basin one level lower. Each minimum is paired "
                "with the member of its product set below thresh that is closest to it (only if "
                "none is below thresh, with the lowest one); pairs tried before (pairs.data) are "
                "skipped.",
                "UNTRAP 0.035 3.0"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.untrap_einc = o.as_real(0);
          p.campaign.untrap_thresh = o.as_real(1);
          return set_strategy(o, p, PairStrategy::kUntrap);
        });
  t.add(keyword("DIJKSTRA", {int_arg("n", 0, at_least(0), {}, "connections")},
                "Minima with n or fewer connections are left out of UNTRAP's choice, as in "
                "PATHSAMPLE. The fastest-path analysis itself comes with the rates (the log says "
                "so).",
                "DIJKSTRA 0"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.dijkstra_nconn = o.as_int(0);
          return {};
        });
  for (const char* name : {"DIJINITSTART", "DIJINITCONT"}) {
    keywords::ArgSpec cost = keywords::path_arg("cost", std::string("1"));
    cost.unit = "EXP or a positive integer n";
    t.add(keyword(name, {cost},
                  "Choose the pairs to connect on the missing-connection Dijkstra path from the A "
                  "to the B minima (min.A, min.B): on the complete graph of the minima a pair "
                  "joined by a transition state costs 0, a pair tried before (pairs.data) is left "
                  "out, any other costs its aligned distance to the power n (EXP: its "
                  "exponential); the pairs of the shortest path not yet joined are tried in path "
                  "order. DIJINITSTART and DIJINITCONT are the same here: the pairs tried are kept "
                  "in pairs.data either way.",
                  std::string(name) + " 1", {}, true),
          [](const Occurrence& o, PathsampleOptions& p) -> Result {
            if (auto bad = bind_cost(o, p)) return bad;
            return set_strategy(o, p, PairStrategy::kDijinit);
          });
  }
  t.add(keyword("CONNECTREGION",
                {int_arg("min1", {}, at_least(1), {}, "minimum"),
                 int_arg("min2", {}, at_least(1), {}, "minimum"),
                 real_arg("dist", {}, above(0), {}, "length")},
                "Choose the pairs to connect by a double loop over the minima, starting at (min1, "
                "min2): every pair closer than dist (aligned distance) that no transition state "
                "joins directly and that was not tried before.",
                "CONNECTREGION 1 2 1.5"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.campaign.region_min1 = o.as_int(0);
          p.campaign.region_min2 = o.as_int(1);
          p.campaign.region_distance = o.as_real(2);
          return set_strategy(o, p, PairStrategy::kConnectRegion);
        });
}

/// MLMINSELECT method nmin [qualifier [value]].
Result bind_select(const Occurrence& o, PathsampleOptions& p) {
  MinimaSelectionOptions s;
  s.method_name = o.as_word(0);
  for (auto& c : s.method_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static const std::vector<std::pair<std::string, SelectionMethod>> kMethods = {
      {"CVPEAK", SelectionMethod::kCvPeak},
      {"MMDMB", SelectionMethod::kMmdmb},
      {"DIVERSITY", SelectionMethod::kDiversity},
      {"EUCLIDEAN", SelectionMethod::kEuclidean},
      {"RANDOM", SelectionMethod::kRandom}};
  for (const auto& [name, method] : kMethods)
    if (name == s.method_name) s.method = method;
  s.n_minima = static_cast<std::size_t>(o.as_int(1));
  std::string qualifier = o.as_word(2);
  for (auto& c : qualifier) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string value = o.as_word(3);
  const bool farthest =
      s.method == SelectionMethod::kMmdmb || s.method == SelectionMethod::kEuclidean;
  if (s.method == SelectionMethod::kCvPeak && qualifier == "PEAK") {
    long long k = 0;
    const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), k);
    if (ec != std::errc() || ptr != value.data() + value.size() || k < 1)
      return fmt::format("PEAK needs a peak number (1, 2, ...), got '{}'", value);
    s.peak = static_cast<std::size_t>(k);
  } else if (s.method == SelectionMethod::kCvPeak && qualifier == "T") {
    char* end = nullptr;
    const double t = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(t > 0) || !std::isfinite(t))
      return fmt::format("T needs a positive temperature, got '{}'", value);
    s.temperature = t;
  } else if (farthest && (qualifier == "LOSS" || qualifier == "AUC") && value.empty()) {
    s.best = qualifier == "AUC" ? BestMinimum::kTrainingAuc : BestMinimum::kLowestLoss;
  } else if (!qualifier.empty() || !value.empty()) {
    return fmt::format("{} takes {}, got '{}{}{}'", s.method_name,
                       s.method == SelectionMethod::kCvPeak ? "PEAK k or T value after nmin"
                       : farthest ? "LOSS or AUC after nmin (what the best minimum is)"
                                  : "nothing after nmin",
                       o.as_word(2), value.empty() ? "" : " ", value);
  }
  p.select = s;
  p.select_line = o.line;
  return {};
}

/// MLMINSELECT and MISCLASSIFICATION: choosing minima for MLSUP.
void add_selection_keywords(Table& t) {
  t.add(keyword(
            "MLMINSELECT",
            {keywords::word_arg("method", {"CVPEAK", "MMDMB", "DIVERSITY", "EUCLIDEAN", "RANDOM"}),
             int_arg("nmin", {}, at_least(1), {}, "minima"), path_arg("qualifier", std::string()),
             path_arg("value", std::string())},
            "Choose nmin minima of a network database (MLP3/MLPVB3 with Ndata; `MLPdata` here) "
            "for gmin's MLSUP step (Niroomand et al. 2022) and write `MLMINweights` (their "
            "weights, one a line, in the chosen order) and `MLMINselection` (line 1: method, nmin "
            "[T]; then each minimum's min.data index and why it was chosen). CVPEAK: at the "
            "highest C_V peak (needs CV; `PEAK k` names the k-th peak by temperature, `T value` a "
            "temperature), the minima with the largest positive and largest negative dP/dT, "
            "alternating. MMDMB: the best minimum and the nmin-1 with the largest "
            "misclassification distance to it on the training items; best = lowest loss "
            "(`LOSS`, the default) or best training AUC (`AUC`). DIVERSITY: the maximum-diversity "
            "subset of eq. 9 (maximise y^T D y, 0 <= y_i <= 1, sum y = nmin, D the "
            "misclassification matrix; projected gradient ascent from several starts seeded by "
            "SEED; the nmin largest y_i). EUCLIDEAN: as MMDMB with the isomer-aligned distance in "
            "weight space. RANDOM: drawn with SEED. Also writes "
            "`misclassification_vs_euclidean.png`/`.svg` (the two distances over pairs of "
            "minima, with their Pearson coefficient).",
            "MLMINSELECT CVPEAK 4"),
        bind_select);
  t.add(keyword("MISCLASSIFICATION", {path_arg("file", std::string("misclassification.bin"))},
                "With MLMINSELECT: also write the misclassification distances of every pair of "
                "minima (on the training items) to file: 8 bytes `LSMISCL1`, then little-endian "
                "uint64 number of minima n and of items N, then the n(n-1)/2 counts of the strict "
                "upper triangle, row by row, as little-endian uint32; distance = count / N.",
                "MISCLASSIFICATION misclassification.bin", {}, true),
        keywords::bind(&PathsampleOptions::misclassification_file));
}

/// BULK: a periodic system (the periodic binary Lennard-Jones of optim's and gmin's BINARY).
void add_bulk_keyword(Table& t) {
  t.add(keyword(
            "BULK",
            {real_arg("Lx", {}, above(0), {}, "length"), real_arg("Ly", {}, above(0), {}, "length"),
             real_arg("Lz", {}, above(0), {}, "length")},
            "A bulk system of NATOMS atoms in a periodic box of lengths Lx Ly Lz (the periodic "
            "binary Lennard-Jones of optim's BINARY, LS atoms: give SYSTEM LS for the optim "
            "jobs): stationary points are compared by their minimum-image distance over a "
            "translation and, with PERMDIST, permutations within the groups of `perm.allow`, "
            "which must then name the A atoms and the B atoms as two groups; no rotation and "
            "no moments of inertia (ITOL has no effect). The Hessian has 3 zero modes, so the "
            "heat capacity counts kappa = 3n - 3.",
            "BULK 3.587037905 3.587037905 3.587037905"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          p.bulk = std::array<double, 3>{o.as_real(0), o.as_real(1), o.as_real(2)};
          return {};
        });
}

keywords::KeywordTable<PathsampleOptions> build_table() {
  keywords::KeywordTable<PathsampleOptions> t;
  t.add(
      keyword(
          "NATOMS", {int_arg("n", {}, at_least(1), {}, "atoms")},
          "Atoms in the system: the points.min and points.ts records hold 3n doubles, and the heat "
          "capacity counts kappa = 3n - 6 vibrational degrees of freedom. Required unless MLP3 or "
          "MLPVB3 gives the number of weights.",
          "NATOMS 38"),
      keywords::bind(&PathsampleOptions::natoms));
  t.add(mlp_spec(false), bind_mlp);
  t.add(mlp_spec(true), bind_mlp);
  add_bulk_keyword(t);
  t.add(keyword(
            "NOPOINTS", {},
            "Do not read points.min and points.ts (runs that need only the energies, such as CV)."),
        keywords::flag(&PathsampleOptions::no_points));
  t.add(keyword(
            "CV",
            {real_arg("Tmin", {}, above(0), {}, "temperature"),
             real_arg("Tmax", {}, above(0), {}, "temperature"),
             real_arg("Tinc", {}, above(0), {}, "temperature")},
            "Heat capacity in the harmonic superposition approximation at Tmin, Tmin + Tinc, ... "
            "Tmax (k_B = 1): Cv.out holds T and C_V = kappa + (<V^2> - <V>^2) / T^2, kinetic part "
            "included, as PATHSAMPLE; Cv.svg and Cv.png plot it with its peaks marked. Each peak "
            "(refined by a parabola through the highest grid point and its neighbours) is decoded "
            "into min.plus.N and min.minus.N (see CVFRACTION); Cv.peaks lists them. Needs only "
            "min.data.",
            "CV 0.01 0.5 0.001"),
        [](const Occurrence& o, PathsampleOptions& p) -> Result {
          HeatCapacityOptions cv{o.as_real(0), o.as_real(1), o.as_real(2)};
          if (cv.t_max < cv.t_min)
            return fmt::format("Tmax ({:g}) is below Tmin ({:g})", cv.t_max, cv.t_min);
          if ((cv.t_max - cv.t_min) / cv.t_inc > 1e7)
            return fmt::format("{:g} temperatures: more than 10^7",
                               (cv.t_max - cv.t_min) / cv.t_inc + 1);
          p.cv = cv;
          return {};
        });
  t.add(keyword("CVFRACTION", {real_arg("fraction", 0.99, above(0), at_most(1))},
                "The minima written to min.plus.N (dP/dT > 0, largest first) and min.minus.N "
                "(dP/dT < 0, most negative first) are the fewest whose |dP/dT| add up to this "
                "fraction of the total of their sign, as the Cv.HSA tool chooses them (dP_a/dT = "
                "P_a (V_a - <V>) / T^2). Each line holds the minimum's number (what TRMIN reads), "
                "then its dP/dT and energy.",
                "CVFRACTION 0.9"),
        keywords::bind(&PathsampleOptions::cv_fraction));
  t.add(keywords::repeatable(
            keyword("CVDECODE", {real_arg("T", {}, above(0), {}, "temperature")},
                    "Also decode C_V at this temperature (Cv.HSA's Tanal): its min.plus.N and "
                    "min.minus.N are numbered after the peaks'. Repeat for more temperatures.",
                    "CVDECODE 0.12")),
        keywords::append(&PathsampleOptions::cv_decode));
  add_database_keywords(t);
  add_database_building_keywords(t);
  add_campaign_keywords(t);
  add_pair_strategy_keywords(t);
  add_selection_keywords(t);
  for (const auto& [name, doc] : kRateKeywords)
    t.add(keywords::no_effect(name, doc + " (comes with the rates)"));
  t.add_no_effect(kNoEffectHere);
  t.add_unsupported(kUnsupportedPathsample);
  return t;
}

}  // namespace

const keywords::KeywordTable<PathsampleOptions>& pathsample_keyword_table() {
  static const keywords::KeywordTable<PathsampleOptions> table = build_table();
  return table;
}

}  // namespace landscape::pathsample
