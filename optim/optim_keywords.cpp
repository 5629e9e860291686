#include "optim/optim_keywords.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "common/keywords/arg_builders.hpp"
#include "common/keywords/binders.hpp"
#include "common/landscape/bulk_keywords.hpp"

namespace landscape::optim {
namespace {

using keywords::above;
using keywords::at_least;
using keywords::int_arg;
using keywords::Occurrence;
using keywords::real_arg;
using keywords::word_arg;
using Result = std::optional<std::string>;

using keywords::keyword;

// Keywords of the real OPTIM (the \item entries of its 2011 manual, and the network keywords of
// later versions) that this suite does not support.
const std::vector<std::string> kUnsupportedOptim = {"2D",
                                                    "ACE",
                                                    "ACKLAND",
                                                    "ALPHA",
                                                    "AMBER",
                                                    "AMBER9",
                                                    "AMBERIC",
                                                    "AMBERSTEP",
                                                    "AMBPERTOLD",
                                                    "AMBPERTONLY",
                                                    "ANGLEAXIS",
                                                    "ARCTOL",
                                                    "AUCMLPVB3",
                                                    "AXIS",
                                                    "BBCART",
                                                    "BBRSDM",
                                                    "BFGSSTEP",
                                                    "BHINTERP",
                                                    "BHINTERPUSELOWEST",
                                                    "BISECT",
                                                    "BLN",
                                                    "BOND",
                                                    "BSMIN",
                                                    "CADPAC",
                                                    "CALCRATES",
                                                    "CANDIDATES",
                                                    "CAPSID",
                                                    "CARTRESSTART",
                                                    "CASTEP",
                                                    "CASTEPC",
                                                    "CHARMM",
                                                    "CHARMMTYPE",
                                                    "CHECKCHIRALITY",
                                                    "CHECKCONT",
                                                    "CHINTERPOLATE",
                                                    "CISTRANS",
                                                    "COLDFUSION",
                                                    "CONNECT",
                                                    "CONSEC",
                                                    "CPMD",
                                                    "CPMDC",
                                                    "CUBIC",
                                                    "CUBSPL",
                                                    "D5H",
                                                    "DESMAXAVGE",
                                                    "DESMAXEJUMP",
                                                    "DF1",
                                                    "DFTB",
                                                    "DL",
                                                    "DOUBLE",
                                                    "DQAGKEY",
                                                    "DRAG",
                                                    "EFIELD",
                                                    "EVCUT",
                                                    "EVOLVESTRING",
                                                    "EXTRASTEPS",
                                                    "FAKEWATER",
                                                    "FILTH",
                                                    "FIXAFTER",
                                                    "FIXATMS",
                                                    "FIXD",
                                                    "FRACTIONAL",
                                                    "FREEZE",
                                                    "FREEZEGROUP",
                                                    "FREEZENODES",
                                                    "FREEZERES",
                                                    "GAMESS",
                                                    "GAUSSIAN",
                                                    "GDIIS",
                                                    "GOT",
                                                    "GRADSQ",
                                                    "GREATCIRCLE",
                                                    "GROWSTRING",
                                                    "GSMAXTOTITD",
                                                    "GUESSPATH",
                                                    "GUESSTS",
                                                    "HESSGRAD",
                                                    "HIGHESTIMAGE",
                                                    "HUPDATE",
                                                    "HYBRIDMIN",
                                                    "IH",
                                                    "INDEX",
                                                    "INTEPSILON",
                                                    "INTERPBACKTCUT",
                                                    "INTERPCHOICE",
                                                    "INTERPSIMPLE",
                                                    "INTINTERP",
                                                    "INTMIN",
                                                    "INTMINPERM",
                                                    "INTPARFILE",
                                                    "KEEPINDEX",
                                                    "LANCZOS",
                                                    "LOCALPERMDIST",
                                                    "MACHINE",
                                                    "MASS",
                                                    "MAXBARRIER",
                                                    "MAXFAIL",
                                                    "MAXGROWSTEPS",
                                                    "MAXLENPERIM",
                                                    "MAXMAXBARRIER",
                                                    "MAXTSENERGY",
                                                    "MECCANO",
                                                    "MINBACKTCUT",
                                                    "MLMIN",
                                                    "MLPB3",
                                                    "MLPB3NEW",
                                                    "MLPNEWREG",
                                                    "MLPNORM",
                                                    "MLPPROB",
                                                    "MLPVB3NN",
                                                    "MLQ",
                                                    "MLSUP",
                                                    "MODE",
                                                    "MORPH",
                                                    "MSEVBPARAMS",
                                                    "NAB",
                                                    "NATB",
                                                    "NATINT",
                                                    "NEB",
                                                    "NEBREADGUESS",
                                                    "NGUESS",
                                                    "NOCISTRANS",
                                                    "NOINTNEWT",
                                                    "NOLBFGS",
                                                    "NONEBMIND",
                                                    "NONLOCAL",
                                                    "NORANDOM",
                                                    "NOREGBIAS",
                                                    "NORESET",
                                                    "ODIHE",
                                                    "OH",
                                                    "ONETEP",
                                                    "OPTIMIZETS",
                                                    "ORT",
                                                    "OSASA",
                                                    "PARALLEL",
                                                    "PATHSDSTEPS",
                                                    "PERTDIHE",
                                                    "PREROTATE",
                                                    "PRESSURE",
                                                    "PULL",
                                                    "PUSHCUT",
                                                    "PV",
                                                    "PVTS",
                                                    "QSPCFW",
                                                    "QTIP4PF",
                                                    "RBSYM",
                                                    "READHESS",
                                                    "READPATH",
                                                    "READSP",
                                                    "READVEC",
                                                    "REDOPATH",
                                                    "REDOPATHXYZ",
                                                    "REDUCEDBONDLENGTH",
                                                    "REOPT",
                                                    "REPELTS",
                                                    "RESIZE",
                                                    "RING",
                                                    "RKMIN",
                                                    "ROT",
                                                    "SAVECANDIDATES",
                                                    "SCALE",
                                                    "SEARCH",
                                                    "SHIFT",
                                                    "SQVV",
                                                    "STEPMIN",
                                                    "STOCK",
                                                    "STOCKSPIN",
                                                    "STOPDIST",
                                                    "STOPFIRST",
                                                    "TAG",
                                                    "TD",
                                                    "TOLD",
                                                    "TOLE",
                                                    "TOMEGA",
                                                    "TOSI",
                                                    "TOSIC6",
                                                    "TOSIPOL",
                                                    "TRAP",
                                                    "TSIDECHAIN",
                                                    "TWISTDIHE",
                                                    "TWISTTYPE",
                                                    "TWOENDS",
                                                    "UACHIRAL",
                                                    "UNRES",
                                                    "USEEV",
                                                    "WELCH",
                                                    "ZEROS"};

/// Coordinates and potentials.
void add_coordinates_potentials_keywords(keywords::KeywordTable<OptimOptions>& t) {
  {
    auto k = keyword(
        "POINTS", {},
        "Ends the keywords: one atom a line follows, `SYM x y z` (any symbol; the atoms are "
        "Lennard-Jones, as OPTIM's AX with no Axilrod-Teller term). The last keyword of odata.",
        "POINTS");
    k.ends_keywords = true;
    t.add(std::move(k));
  }
  {
    auto k = keyword(
        "VARIABLES", {},
        "Ends the keywords: the coordinates of a system that is not atoms follow, one value a line "
        "(MUELLERBROWN: x and y). `finish` then holds one value a line too.",
        "VARIABLES");
    k.ends_keywords = true;
    t.add(std::move(k));
  }
  {
    auto k = keyword("MUELLERBROWN", {},
                     "The two-dimensional Mueller-Brown surface (standard constants); its two "
                     "coordinates follow VARIABLES.",
                     "MUELLERBROWN");
    k.aliases = {"MULLERBROWN"};
    t.add(std::move(k), [](const Occurrence&, OptimOptions& o) -> Result {
      o.potential = "MUELLERBROWN";
      return {};
    });
  }

  {
    auto bind_mlp = [](const Occurrence& o, OptimOptions& g) -> Result {
      g.mlp = mlp_keyword_options(o);
      g.potential = g.mlp->keyword;
      return {};
    };
    const std::string source = "the lines after VARIABLES, one a line";
    t.add(mlp3_keyword_spec(source), bind_mlp);
    t.add(mlpvb3_keyword_spec(source), bind_mlp);
  }
}

/// The periodic binary Lennard-Jones, OPTIM's atom type LS: BINARY, PARAMS and BULK.
void add_bulk_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(keyword("BINARY", binary_lj_arguments(),
                "Binary Lennard-Jones in a periodic box, shifted and truncated (OPTIM's atom type "
                "LS, routine ljpshift; the atoms after POINTS are `LS x y z`; needs PARAMS): the "
                "first ntypea atoms are of type A, the others B; epsilon_AA = sigma_AA = 1 are the "
                "units, epsab, epsbb, sigmaab and sigmabb the other pairs'. Distances are "
                "minimum-image and coordinates are never wrapped into the box. The Hessian has 3 "
                "zero modes (translations); structures are compared by their minimum-image "
                "distance over a translation and, with PERMDIST, permutations of A among A and B "
                "among B (perm.allow, when present, must not mix them); no rotation, moments of "
                "inertia or point group (order 1).",
                "BINARY 48 1.5 0.5 0.8 0.88"),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          BinaryLjParameters p;
          p.n_a = static_cast<std::size_t>(o.as_int(0));
          p.eps_ab = o.as_real(1);
          p.eps_bb = o.as_real(2);
          p.sigma_ab = o.as_real(3);
          p.sigma_bb = o.as_real(4);
          g.binary = p;
          g.potential = "BINARY";
          return {};
        });
  t.add(keyword(
            "PARAMS",
            {real_arg("Lx", {}, above(0), {}, "length"), real_arg("Ly", {}, above(0), {}, "length"),
             real_arg("Lz", {}, above(0), {}, "length"),
             real_arg("cutoff", {}, above(0), {}, "sigma")},
            "The box lengths and the cut-off of BINARY (LS atoms): atoms of types i and j "
            "interact when their minimum-image distance r is below r_c = cutoff sigma_ij, "
            "through 4 eps_ij [(sigma_ij/r)^12 - (sigma_ij/r)^6 + c2 r^2 + c0], whose c2 and "
            "c0 make the energy and the force vanish at r_c. The largest r_c must be at most "
            "half the smallest box length. (OPTIM's PARAMS of other atom types are not "
            "supported.)",
            "PARAMS 3.587037905 3.587037905 3.587037905 1.79"),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          g.params = std::array<double, 4>{o.as_real(0), o.as_real(1), o.as_real(2), o.as_real(3)};
          return {};
        });
  t.add(keywords::variadic(keyword(
            "BULK", {real_arg("box length", 0.0, above(0), {}, "length")},
            "A periodically repeated supercell (BINARY, which is periodic anyway). The three box "
            "lengths Lx Ly Lz may follow (OPTIM's bulk_boxvec); they must then equal those of "
            "PARAMS. Without them (the default 0) the box is PARAMS'.",
            "BULK 3.587037905 3.587037905 3.587037905", {}, true)),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          g.bulk = true;
          if (o.n_given == 0) return {};
          if (o.n_given != 3)
            return fmt::format("expected the three box lengths Lx Ly Lz (or none), got {}",
                               o.n_given);
          g.bulk_box = std::array<double, 3>{o.as_real(0), o.as_real(1), o.as_real(2)};
          return {};
        });
}

/// Double-ended search.
void add_double_ended_search_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(
      keyword(
          "NEWNEB",
          {int_arg("Nimage", {}, at_least(1), {}, "images"),
           int_arg("NIterMax", {}, at_least(0), {}, "iterations"),
           real_arg("RMSTol", {}, above(0), {}, "RMS gradient")},
          "Doubly-nudged elastic band (Trygubenko & Wales 2004) of Nimage images between the odata "
          "geometry and `finish`, all minimised together by L-BFGS (UPDATES m4, DGUESS d3, MAXBFGS "
          "x4 per image) for at most NIterMax iterations or until the RMS band gradient is below "
          "RMSTol. Every image higher than both its neighbours is refined by BFGSTS and, with PATH "
          "or DUMPALLPATHS, followed down to its two minima. With NEWCONNECT, these values are "
          "used for the first band of the connection only. With PERMDIST the finish point is first "
          "brought into closest coincidence over permutations and inversion too.",
          "NEWNEB 50 500 0.025"),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        g.newneb = NewNebOptions{o.as_int(0), o.as_int(1), o.as_real(2)};
        return {};
      });
  t.add(keyword("NEBK", {real_arg("k", 100.0, above(0), {}, "energy/length^2")},
                "Spring constant of the elastic band.", "NEBK 10.0"),
        keywords::bind(&OptimOptions::nebk));
  t.add(keyword("ADJUSTK",
                {int_arg("frequency", 5, at_least(1), {}, "iterations"),
                 real_arg("tolerance", 10.0, above(0), {}, "percent"),
                 real_arg("factor", 1.05, above(1))},
                "Adapt the spring constant: every `frequency` band iterations, k is multiplied by "
                "`factor` when the mean deviation of the image spacings from their mean exceeds "
                "`tolerance` percent of it, and divided by `factor` otherwise.",
                "ADJUSTK 5 10.0 1.05", {}, true),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          g.adjustk = AdjustKOptions{o.as_int(0), o.as_real(1), o.as_real(2)};
          return {};
        });
  t.add(
      keyword("REOPTIMISEENDPOINTS", {},
              "Re-minimise (BFGSMIN, BFGSSTEPS) the end points of a double-ended search whose RMS "
              "gradient is above BFGSMIN; without it such end points are an input error."),
      keywords::flag(&OptimOptions::reoptimise_endpoints));
}

/// Hybrid eigenvector-following.
void add_hybrid_eigenvector_following_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(
      keyword(
          "BFGSTS",
          {int_arg("nevs", 500, at_least(1), {}, "iterations"),
           int_arg("ncgmax1", 10, at_least(0), {}, "steps"),
           int_arg("ncgmax2", 100, at_least(0), {}, "steps"), real_arg("ceig", 1.0, above(0)),
           int_arg("nevl", 100, at_least(0), {}, "iterations")},
          "Hybrid eigenvector-following transition-state search (Munro & Wales 1999; Kumeda, Munro "
          "& Wales 2001) from the odata geometry, at most STEPS steps. Each step finds the lowest "
          "Hessian eigenpair (at most nevs Rayleigh-Ritz iterations; with gradient differences, "
          "converged when the RMS Rayleigh-Ritz gradient is below ceig), steps uphill along it and "
          "minimises in the orthogonal space by L-BFGS for at most ncgmax1 steps, or ncgmax2 once "
          "the eigenvector has stopped changing (overlap above 0.9999) with a negative eigenvalue. "
          "nevl is accepted for compatibility (no largest eigenvalue is needed here). Without "
          "BFGSTS these values still refine the candidates of NEWNEB.",
          "BFGSTS 50 3 25 0.0001"),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        g.bfgsts = BfgsTsOptions{o.as_int(0), o.as_int(1), o.as_int(2), o.as_real(3), o.as_int(4)};
        if (o.given()) g.bfgsts_given = true;
        return {};
      });
  t.add(
      keyword(
          "NOHESS", {},
          "Build no Hessian during the searches: the lowest eigenpair comes from Rayleigh-Ritz "
          "minimisation with central differences of the gradient. The stationary points found are "
          "still characterised once by their Hessian."),
      keywords::flag(&OptimOptions::nohess));
  t.add(keyword("NOIT", {},
                "Take the lowest eigenpair from the Hessian by LAPACK dsyevr (the default when the "
                "potential has an analytic Hessian; with NOIT a potential without one uses central "
                "differences of its gradient)."),
        keywords::flag(&OptimOptions::noit));
  t.add(
      keyword(
          "USEDIAG", {int_arg("n", 1, at_least(1), keywords::at_most(3))},
          "How NOHESS's Rayleigh-Ritz calculation gets the curvature along v, as OPTIM's secdiag: "
          "1, the eigenvalue from energies, [E(x + zeta v) + E(x - zeta v) - 2 E(x)] / zeta^2 "
          "(smaller truncation error); 2, from gradients, v . [g(x + zeta v) - g(x - zeta v)] / "
          "(2 zeta) (smaller rounding error where energies are large); both with zeta = 1e-3, H v "
          "= [g(x + zeta v) - g(x - zeta v)] / (2 zeta) and two gradients an iteration; 3, "
          "first-order differences [g(x + zeta v) - g(x)] / zeta with zeta = 1e-6, one gradient an "
          "iteration (OPTIM's later code).",
          "USEDIAG 2"),
      keywords::bind(&OptimOptions::usediag));
  t.add(
      keyword(
          "BFGSCONV", {real_arg("gmax", 1e-3, above(0), {}, "RMS gradient")},
          "RMS-gradient convergence of the tangent-space minimisations of BFGSTS (as in OPTIM, the "
          "RMS of CONVERGE is used instead when it is smaller).",
          "BFGSCONV 1.0D-3"),
      keywords::bind(&OptimOptions::bfgsconv));
}

/// Hybrid eigenvector-following: convergence and the step limits.
void add_step_control_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(
      keyword("CONVERGE",
              {real_arg("step", 1e-4, above(0), {}, "length"),
               real_arg("rms", 1e-6, above(0), {}, "RMS gradient"),
               word_arg("index check", {"INDEX", "NOINDEX"}, std::string("INDEX"))},
              "Convergence of a transition-state search: the unscaled eigenvector-following step "
              "|g.v / lambda| below `step` and the RMS gradient below `rms`, and (unless NOINDEX) "
              "exactly one negative Hessian eigenvalue.",
              "CONVERGE 1.0D-4 1.0D-7"),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        g.converge = ConvergeOptions{o.as_real(0), o.as_real(1), o.as_word(2) != "NOINDEX"};
        return {};
      });
  t.add(
      keyword(
          "MAXSTEP",
          {real_arg("x", 0.2, above(0), {}, "length"), real_arg("x2", 0.2, above(0), {}, "length")},
          "Initial largest uphill eigenvector-following step; it is then adapted between MINMAX "
          "and MAXMAX by TRAD. The second value is accepted for compatibility.",
          "MAXSTEP 0.1"),
      keywords::bind(&OptimOptions::max_step));
  t.add(keyword("MAXMAX", {real_arg("x", 0.5, above(0), {}, "length")},
                "Upper limit of the adapted uphill step, and the uphill step when the followed "
                "eigenvalue is not negative.",
                "MAXMAX 0.2"),
        keywords::bind(&OptimOptions::max_max));
  t.add(keyword("MINMAX", {real_arg("x", 0.01, above(0), {}, "length")},
                "Lower limit of the adapted uphill step.", "MINMAX 0.01"),
        keywords::bind(&OptimOptions::min_max));
  t.add(
      keyword(
          "TRAD", {real_arg("x", 2.0, above(0))},
          "Trust ratio of the uphill step: when the change of the gradient along the eigenvector "
          "over a step h differs from lambda h by more than x times lambda h, the largest step is "
          "divided by 1.1 (not below MINMAX), otherwise multiplied by 1.1 (not above MAXMAX).",
          "TRAD 0.2"),
      keywords::bind(&OptimOptions::trust_radius));
  t.add(keyword("PUSHOFF", {real_arg("x", 0.01, above(0), {}, "length")},
                "Displacement off a transition state along +-its eigenvector before the two "
                "minimisations of PATH and DUMPALLPATHS.",
                "PUSHOFF 0.02"),
        keywords::bind(&OptimOptions::pushoff));
}

/// Minimisation and L-BFGS settings.
void add_minimisation_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(keyword("BFGSMIN", {real_arg("gmax", 1e-3, above(0), {}, "RMS gradient")},
                "Minimise the odata geometry by L-BFGS (the default job); gmax is the RMS-gradient "
                "convergence of every minimisation, the sides of paths included.",
                "BFGSMIN 1.0D-6"),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          g.bfgsmin_rms = o.as_real(0);
          if (o.given()) g.bfgsmin_given = true;
          return {};
        });
  {
    auto k = keyword(
        "BFGSSTEPS", {int_arg("n", {}, at_least(1), {}, "iterations")},
        "Largest number of iterations of an L-BFGS minimisation (default: the value of STEPS).",
        "BFGSSTEPS 5000");
    t.add(std::move(k), keywords::bind(&OptimOptions::bfgs_steps));
  }
  t.add(
      keyword("STEPS", {int_arg("n", 1, at_least(0), {}, "steps")},
              "Largest number of eigenvector-following steps of a transition-state search (and of "
              "minimisation iterations when BFGSSTEPS is not given). STEPS 0 with ENDHESS only "
              "analyses the odata geometry.",
              "STEPS 200"),
      keywords::bind(&OptimOptions::steps));
  t.add(keyword("UPDATES",
                {int_arg("m1", 4, at_least(1)), int_arg("m2", 4, at_least(1)),
                 int_arg("m3", 4, at_least(1)), int_arg("m4", 4, at_least(1)),
                 int_arg("m5", 4, at_least(1))},
                "L-BFGS memories for minimisation, Rayleigh-Ritz, alignment (no effect here), the "
                "elastic band and the string method (no effect here).",
                "UPDATES 10 10"),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          for (std::size_t i = 0; i < 5; ++i) g.updates[i] = o.as_int(i);
          return {};
        });
  t.add(
      keyword(
          "DGUESS",
          {real_arg("d1", 0.1, above(0)), real_arg("d2", 0.1, above(0)),
           real_arg("d3", 0.001, above(0)), real_arg("d4", 0.001, above(0))},
          "Initial inverse-Hessian diagonals of L-BFGS for minimisation, Rayleigh-Ritz, the "
          "elastic band (the third here, the fourth in UPDATES and MAXBFGS) and the string method "
          "(no effect here).",
          "DGUESS 0.1 0.1 0.001"),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        for (std::size_t i = 0; i < 4; ++i) g.dguess[i] = o.as_real(i);
        return {};
      });
  t.add(
      keyword(
          "MAXBFGS",
          {real_arg("x1", 0.2, above(0), {}, "length"), real_arg("x2", 0.2, above(0), {}, "length"),
           real_arg("x3", 0.2, above(0), {}, "length"),
           real_arg("x4", 0.2, above(0), {}, "length")},
          "Largest L-BFGS step for minimisation, Rayleigh-Ritz, alignment (no effect here) and the "
          "elastic band (per image: the band's step is capped at x4 times the square root of the "
          "number of images).",
          "MAXBFGS 0.2 0.2"),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        for (std::size_t i = 0; i < 4; ++i) g.max_bfgs[i] = o.as_real(i);
        return {};
      });
  t.add(keyword(
            "MAXERISE",
            {real_arg("e1", 1e-10, at_least(0), {}, "energy"), real_arg("e2", 1e-3, at_least(0))},
            "Largest rise of the energy in a minimisation step, and of the Rayleigh-Ritz ratio in "
            "an eigenvector step, before the step is cut back.",
            "MAXERISE 1.0D-10 1.0D-3"),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          g.max_erise = {o.as_real(0), o.as_real(1)};
          return {};
        });
}

/// Paths and output.
void add_paths_output_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(keyword(
            "PATH", {int_arg("n", 3, at_least(0), {}, "frames"), real_arg("x", 0.0)},
            "Follow each transition state down to its two minima (push off by +-PUSHOFF along its "
            "eigenvector, minimise both sides with BFGSMIN) and write `EofS` (path length from the "
            "transition state, energy, frame) and `path.xyz` (n frames a side, evenly spaced, plus "
            "the three stationary points); after NEWNEB, EofS.k and path.k.xyz for its k-th "
            "transition state. Without NEWNEB a transition-state search comes first. x is accepted "
            "for compatibility.",
            "PATH 1000 0.0", {}, true),
        [](const Occurrence& o, OptimOptions& g) -> Result {
          g.path = PathOptions{o.as_int(0), o.as_real(1)};
          return {};
        });
  t.add(
      keyword(
          "DUMPALLPATHS", {},
          "Write every min-TS-min triple found to `path.info` (OPTIM's format: energy, point-group "
          "order and symbol, Hessian eigenvalues unless NOFRQS, coordinates), the side of +PUSHOFF "
          "first. The point group of a cluster is determined when its RMS gradient is below 1e-3 "
          "(as OPTIM does; distance tolerance 1e-4), else C1; other systems are C1."),
      keywords::flag(&OptimOptions::dump_all_paths));
  t.add(
      keyword("DUMPDATA", {},
              "After a minimisation write `min.data.info`: the min.data line (energy, lnprodfreq, "
              "point-group order, principal moments of inertia) and then the coordinates."),
      keywords::flag(&OptimOptions::dump_data));
  t.add(
      keyword(
          "ENDHESS", {int_arg("n", 0, at_least(0), {}, "eigenvalues")},
          "At the end, compute the Hessian of the final geometry and log its n lowest eigenvalues "
          "(0: all), their count of negative values and lnprodfreq.",
          "ENDHESS", {}, true),
      keywords::bind(&OptimOptions::end_hess));
  t.add(
      keyword("ENDNUMHESS", {},
              "Compute every Hessian of the final analysis by central differences of the analytic "
              "gradient instead of analytically."),
      keywords::flag(&OptimOptions::end_num_hess));
  t.add(keyword("NOFRQS", {}, "Leave the Hessian eigenvalues out of `path.info`."),
        keywords::flag(&OptimOptions::no_frqs));
  t.add(keyword("EDIFFTOL", {real_arg("e", 1e-9, above(0), {}, "energy")},
                "Two stationary points are the same only if their energies differ by less than e.",
                "EDIFFTOL 1.0D-6"),
        keywords::bind(&OptimOptions::ediff_tol));
  t.add(
      keyword("GEOMDIFFTOL", {real_arg("d", 1e-3, above(0), {}, "length")},
              "Two stationary points are the same only if their distance is below d: for clusters "
              "after overall translation and rotation, and with PERMDIST after inversion and "
              "permutations of the atoms too; for networks with PERMDIST, to the closest "
              "permutational isomer.",
              "GEOMDIFFTOL 0.2"),
      keywords::bind(&OptimOptions::geomdiff_tol));
  t.add(keyword(
            "RADIUS", {real_arg("r", {}, above(0), {}, "length")},
            "Spherical container about the centre of mass of a cluster: a minimum with an atom "
            "farther than r is rejected as evaporated; its triple is not written to path.info and, "
            "in a NEWCONNECT run, neither it nor its transition state is kept.",
            "RADIUS 5.0"),
        keywords::bind(&OptimOptions::radius));
  t.add(keyword("RANSEED", {int_arg("seed", 1, at_least(0))},
                "Seed of the random start vector of the first Rayleigh-Ritz calculation of a "
                "single-ended search.",
                "RANSEED 5"),
        keywords::bind(&OptimOptions::ranseed));
}

/// Connection of distant minima.
void add_connection_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(
      keyword(
          "NEWCONNECT",
          {int_arg("NConMax", 100, at_least(1), {}, "cycles"),
           int_arg("NTriesMax", 3, at_least(1), {}, "attempts"),
           real_arg("ImageDensity", 10.0, above(0), {}, "images/length"),
           real_arg("IterDensity", 30.0, above(0), {}, "iterations/image"),
           int_arg("ImageMax", 400, at_least(1), {}, "images"),
           real_arg("ImageIncr", 0.5, at_least(0), {}, "images/length"),
           real_arg("RMStol", 0.1, above(0), {}, "RMS gradient")},
          "Connect the odata minimum to the `finish` minimum through a chain of transition states "
          "(Trygubenko & Wales 2004; Carr, Trygubenko & Wales 2005), at most NConMax cycles. Each "
          "cycle takes the missing-connection Dijkstra path between the two (DIJKSTRA) and, for "
          "each pair of minima on it that no known transition state joins, runs a DNEB of "
          "ImageDensity x distance images (ImageDensity + ImageIncr per earlier attempt of the "
          "pair; at most ImageMax) for IterDensity x images iterations down to the RMS band "
          "gradient RMStol (the first band of the run takes NEWNEB's values when NEWNEB is given), "
          "refines its candidates by BFGSTS and traces every new transition state to its minima "
          "(PUSHOFF, BFGSMIN), keeping every minimum and transition state found. A pair is tried "
          "at most NTriesMax times. The run stops when the end points are connected. Unlike OPTIM, "
          "a band also stops once its candidates have settled (the same images above both "
          "neighbours for 20 iterations, their energies changed by less than 1e-3 of the band's "
          "energy range): it is only a source of candidates. RMStol has no default in OPTIM's "
          "manual; 0.1 here.",
          "NEWCONNECT 100 1 20.0 20.0 30 0.0 0.025", {}, true),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        g.newconnect = NewConnectKeyword{o.as_int(0), o.as_int(1),  o.as_real(2), o.as_real(3),
                                         o.as_int(4), o.as_real(5), o.as_real(6)};
        return {};
      });
  t.add(
      keyword("TIMELIMIT", {real_arg("x", {}, above(0), {}, "s")},
              "Stop a NEWCONNECT run at its next cycle once it has used more than x seconds of "
              "CPU time (all of the process's threads, counted from the start of the connection), "
              "as OPTIM stops once its accumulated CPU time exceeds x. path.info keeps what was "
              "found and the exit status is 124 (as GNU timeout's), which pathsample logs as a "
              "timed-out attempt. A cycle under way is finished first. Other runs are single "
              "searches and do not check it. OPTIM's default: no limit.",
              "TIMELIMIT 600"),
      keywords::bind(&OptimOptions::time_limit));
  {
    keywords::ArgSpec cost = keywords::path_arg("cost", std::string("1"));
    cost.unit = "EXP or a positive integer n";
    auto k = keyword(
        "DIJKSTRA", {cost},
        "Cost of a pair of minima not yet joined in the missing-connection Dijkstra path of "
        "NEWCONNECT: `n` (a positive integer), the distance between the two minima (after "
        "alignment, see PERMDIST) to the power n; `EXP`, its exponential. Joined pairs cost 0 and "
        "pairs tried NTriesMax times are left out. Without DIJKSTRA the cost is the distance (n = "
        "1). OPTIM's INTERP variant (the highest energy of an interpolation) is not supported.",
        "DIJKSTRA 1");
    k.variadic = true;
    t.add(std::move(k), [](const Occurrence& o, OptimOptions& g) -> Result {
      std::string word = o.as_word(0);
      for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      if (o.args.size() > 1 || word == "INTERP")
        return std::string(
            "DIJKSTRA INTERP (interpolated energies as costs) is not supported: use DIJKSTRA n or "
            "DIJKSTRA EXP");
      const auto parsed = keywords::parse_cost_argument(o.as_word(0));
      if (!parsed) return keywords::cost_argument_error(o.as_word(0));
      g.dijkstra = DijkstraKeyword{parsed->exponential, parsed->power};
      return {};
    });
  }
}

/// How structures are compared: PERMDIST, RANROT; and DUMPPATH.
void add_identity_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add(
      keyword(
          "PERMDIST", {real_arg("tol", 0.01, above(0), {}, "length")},
          "Compare clusters over permutations of the atoms and the inversion as well as overall "
          "translation and rotation (permutational alignment; the groups of permutable atoms of "
          "`perm.allow` when the working directory has one (secondary sets not supported), else "
          "all atoms), and networks over their permutational isomers: for the identity of "
          "stationary points (GEOMDIFFTOL), the distances of DIJKSTRA and the end points of every "
          "band. tol (OPTIM's tolerance for atoms in the same orbit) is accepted; the alignment "
          "here needs none.",
          "PERMDIST 0.01D0", {}, true),
      [](const Occurrence& o, OptimOptions& g) -> Result {
        g.permdist = true;
        g.permdist_tolerance = o.as_real(0);
        return {};
      });
  t.add(keyword("RANROT", {int_arg("n", 0, at_least(0), {}, "orientations")},
                "Try n random orientations (besides the systematic ones) in each permutational "
                "alignment of PERMDIST.",
                "RANROT 5"),
        keywords::bind(&OptimOptions::ranrot));
  t.add(
      keyword("ALLPOINTS", {},
              "Write every intermediate configuration to `points` (`points.N` with a job suffix): "
              "one XYZ frame (count, `E= energy what`, then `LA x y z` an atom, or `X a b c` "
              "three values a line for systems that are not atoms) after each step of the L-BFGS "
              "minimisation of a BFGSMIN job or of REOPTIMISEENDPOINTS, and of the "
              "transition-state search of a BFGSTS or PATH job. The bands and searches of "
              "NEWNEB and NEWCONNECT are not written."),
      keywords::flag(&OptimOptions::all_points));
  t.add(keyword("DUMPPATH", {},
                "After a NEWCONNECT run that connects its end points, write the triples of the "
                "connected path to `path.info`, in path order (each oriented from the start side); "
                "DUMPALLPATHS, which writes every triple found, takes precedence."),
        keywords::flag(&OptimOptions::dump_path));
}

/// Accepted with no effect (output only).
void add_no_effect_keywords(keywords::KeywordTable<OptimOptions>& t) {
  t.add_no_effect(
      {{"PAIRCOLOUR", "pair energies of the path frames (analysis output)"},
       {"CHECKINDEX", "the Hessian index is always checked here"},
       {"DEBUG", "extra debugging output"},
       {"COPYRIGHT", "prints OPTIM's copyright notice"},
       {"WARRANTY", "prints OPTIM's warranty notice"},
       {"ADM", "prints the interatomic distance matrix (output)"},
       {"BHDEBUG", "debugging output of BHINTERP"},
       {"CALCDIHE", "an order parameter printed for CHARMM and UNRES (output)"},
       {"CHDEBUG", "CHARMM debugging output"},
       {"DCHECK", "warnings when atoms come close (output)"},
       {"DESMDEBUG", "debugging output of the double-ended searches"},
       {"DUMPMODE", "PDB files of normal modes (output)"},
       {"DUMPNEBEOS", "the EofS.neb file of a band (output)"},
       {"DUMPNEBPTS", "band points every iteration (output)"},
       {"DUMPNEBXYZ", "the neb.xyz file of a band (output)"},
       {"DUMPSP",
        "stationary points in min.data/ts.data format (output; pathsample merges path.info)"},
       {"DUMPSTRUCTURES", "AMBER 9 structure files (output)"},
       {"DUMPVECTOR", "Hessian eigenvectors in vector.dump (output; ENDHESS logs the eigenvalues)"},
       {"EFSTEPS", "prints the steps in the eigenvector basis (output)"},
       {"ERROREXIT", "halt on error: every error stops the run here"},
       {"GRADIENTS", "prints the gradient along the eigenvectors (output)"},
       {"KTWN", "kT of DUMPVECTOR's thermal modes file (output)"},
       {"LOWESTFRQ", "the lowest frequencies in min.data.info (output)"},
       {"MOVIE", "an AMBER movie (output)"},
       {"NOPOINTS", "turns off the points file, which is written only with ALLPOINTS here"},
       {"NOTE", "a comment line, as COMMENT"},
       {"PRINT", "the print level (output)"},
       {"PRINTCOEFFICIENTS", "MSEVB ground-state coefficients (output)"},
       {"RATIOS", "prints catastrophe-ratio parameters of a PATH run (output)"},
       {"SCORE", "a parallel environment (job control)"},
       {"SUMMARY", "a summary every n steps (output; the log has every step)"},
       {"SYMCUT",
        "the RMS force below which point groups are computed (1e-3 here, as OPTIM's default)"},
       {"VALUES", "prints the Hessian eigenvalues every n steps (output; ENDHESS logs them)"},
       {"VECTORS", "prints the Hessian eigenvectors every n steps (output)"}});
  t.add_unsupported(kUnsupportedOptim);
}

keywords::KeywordTable<OptimOptions> build_table() {
  keywords::KeywordTable<OptimOptions> t;
  add_coordinates_potentials_keywords(t);
  add_bulk_keywords(t);
  add_double_ended_search_keywords(t);
  add_hybrid_eigenvector_following_keywords(t);
  add_step_control_keywords(t);
  add_minimisation_keywords(t);
  add_paths_output_keywords(t);
  add_connection_keywords(t);
  add_identity_keywords(t);
  add_no_effect_keywords(t);
  return t;
}

}  // namespace

const keywords::KeywordTable<OptimOptions>& optim_keyword_table() {
  static const keywords::KeywordTable<OptimOptions> table = build_table();
  return table;
}

}  // namespace landscape::optim
