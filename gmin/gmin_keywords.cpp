#include "gmin/gmin_keywords.hpp"

#include <fmt/format.h>

#include "common/keywords/arg_builders.hpp"
#include "common/keywords/binders.hpp"
#include "common/landscape/bulk_keywords.hpp"

namespace landscape::gmin {
namespace {

using keywords::above;
using keywords::at_least;
using keywords::at_most;
using keywords::int_arg;
using keywords::logical_arg;
using keywords::Occurrence;
using keywords::path_arg;
using keywords::real_arg;
using Result = std::optional<std::string>;

using keywords::keyword;

// Keywords of the real GMIN (2011 manual and later ML keywords) that this suite does not support.
const std::vector<std::string> kUnsupportedGmin = {"2D",
                                                   "A9INTE",
                                                   "ACKLAND",
                                                   "ALGLUE",
                                                   "AMBER9",
                                                   "AMCHNMAX",
                                                   "AMCHNMIN",
                                                   "AMCHPMAX",
                                                   "AMCHPMIN",
                                                   "ANGSTROM",
                                                   "ARGON",
                                                   "ARM",
                                                   "ARNO",
                                                   "AUCMLPVB3",
                                                   "AXTELL",
                                                   "BFGS",
                                                   "BINSTRUCTURES",
                                                   "BLJCLUSTER",
                                                   "BLN",
                                                   "BSMIN",
                                                   "BSPT",
                                                   "BSPTDUMPFRQ",
                                                   "CAPSID",
                                                   "CENTREXY",
                                                   "CG",
                                                   "CHARMM",
                                                   "CHARMMTYPE",
                                                   "CHFREQ",
                                                   "CHMD",
                                                   "CHNMAX",
                                                   "CHNMIN",
                                                   "CHPMAX",
                                                   "CHPMIN",
                                                   "CHRIGIDROT",
                                                   "CHRIGIDTRANS",
                                                   "CISTRANS",
                                                   "COLDFUSION",
                                                   "COMPRESS",
                                                   "COOPMOVE",
                                                   "CPMD",
                                                   "CUTOFF",
                                                   "DBRENT",
                                                   "DECAY",
                                                   "DF1",
                                                   "DFTB",
                                                   "DIELEC",
                                                   "DIPOLES",
                                                   "DL",
                                                   "DOMOVE",
                                                   "DOMOVERES",
                                                   "DONTMOVE",
                                                   "DONTMOVEALL",
                                                   "DONTMOVEGROUP",
                                                   "DONTMOVERES",
                                                   "DZUGUTOV",
                                                   "EAMAL",
                                                   "EAMLJ",
                                                   "EQUILIBRATION",
                                                   "FAKEWATER",
                                                   "FAL",
                                                   "FIXCOM",
                                                   "FIXEDEND",
                                                   "FNI",
                                                   "FRAUSI",
                                                   "FREEZE",
                                                   "FREEZEALL",
                                                   "FREEZEGROUP",
                                                   "FREEZERES",
                                                   "FS",
                                                   "GROUND",
                                                   "GROUPROTATION",
                                                   "GUIDE",
                                                   "GUPTA",
                                                   "HISTOGRAM",
                                                   "INTMIN",
                                                   "JC",
                                                   "JUMPMOVE",
                                                   "LB2",
                                                   "LIGMOVE",
                                                   "LJCOUL",
                                                   "LOCALSAMPLE",
                                                   "MAKEOLIGO",
                                                   "MGGLUE",
                                                   "MLPB3",
                                                   "MLPB3NEW",
                                                   "MLPNEWREG",
                                                   "MLPNORM",
                                                   "MLPPROB",
                                                   "MLPRINT",
                                                   "MLPVB3NN",
                                                   "MLQ",
                                                   "MORSE",
                                                   "MSORIG",
                                                   "MSTRANS",
                                                   "MULLERBROWN",
                                                   "MULTIPLICITY",
                                                   "NATB",
                                                   "NEON",
                                                   "NEWJUMP",
                                                   "NMAX",
                                                   "NMIN",
                                                   "NOCHIRALCHECKS",
                                                   "NOCISTRANS",
                                                   "NOCISTRANSDNA",
                                                   "NOCISTRANSRNA",
                                                   "NOFREEZE",
                                                   "NOPHIPSI",
                                                   "NOREGBIAS",
                                                   "ODIHE",
                                                   "OEINT",
                                                   "ORGYR",
                                                   "OSASA",
                                                   "P46",
                                                   "PACHECO",
                                                   "PAH",
                                                   "PARALLEL",
                                                   "PBGLUE",
                                                   "PERMDIST",
                                                   "PLUS",
                                                   "PMAX",
                                                   "PMIN",
                                                   "POWER",
                                                   "PROJI",
                                                   "PROJIH",
                                                   "PTMC",
                                                   "PULL",
                                                   "QCUTOFF",
                                                   "QUAD",
                                                   "QUCENTRE",
                                                   "RANDOMSEED",
                                                   "RCUTOFF",
                                                   "RESIZE",
                                                   "RESTART",
                                                   "RGCL2",
                                                   "RINGROTSCALE",
                                                   "RKMIN",
                                                   "RMS",
                                                   "ROTAMER",
                                                   "SAVEINTE",
                                                   "SC",
                                                   "SEED",
                                                   "SETCENTRE",
                                                   "SIDESTEP",
                                                   "STAR",
                                                   "STEEREDMIN",
                                                   "STICKY",
                                                   "STOCK",
                                                   "STRAND",
                                                   "SW",
                                                   "SYMMETRISE",
                                                   "TABOO",
                                                   "TETHER",
                                                   "THOMSON",
                                                   "TIP",
                                                   "TOLBRENT",
                                                   "TOMEGA",
                                                   "TOSI",
                                                   "TSALLIS",
                                                   "TWOPLUS",
                                                   "UACHIRAL",
                                                   "UNFREEZE",
                                                   "UNFREEZERES",
                                                   "VGW",
                                                   "VGWCPF",
                                                   "VGWCPS",
                                                   "VGWTOL",
                                                   "VISITPROP",
                                                   "WELCH",
                                                   "ZETT1"};

/// The basin-hopping walk: steps, temperature, step size and their adjustment.
void add_walk_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(keyword("STEPS",
                {int_arg("nsteps", 10000, at_least(0), {}, "steps"),
                 real_arg("temperature factor", 1.0, above(0))},
                "Number of basin-hopping steps; the temperature is multiplied by the factor after "
                "every step.",
                "STEPS 5000 1.0"),
        keywords::bind(&GminOptions::steps, &GminOptions::temperature_factor));
  t.add(keyword("TEMPERATURE", {real_arg("T", 0.3, above(0), {}, "energy")},
                "Metropolis temperature of the basin-hopping walk (k_B = 1).", "TEMPERATURE 1.0"),
        keywords::bind(&GminOptions::temperature));
  t.add(
      keyword(
          "STEP",
          {real_arg("step", 0.3, above(0), {}, "length"), real_arg("astep", 0.3, at_least(0)),
           real_arg("ostep", 0.3, at_least(0)), int_arg("block", 0, at_least(0))},
          "Largest Cartesian displacement per coordinate (uniform in [-step, step]). The most "
          "weakly bound atom, when its binding energy is above astep times that of the most "
          "tightly bound one, jumps instead to a random direction one unit beyond the cluster "
          "surface (an angular move; astep 0 turns them off). Adaptive steps scale step and astep "
          "together. ostep and block concern rigid bodies and have no effect on atomic clusters.",
          "STEP 0.40 0.51"),
      keywords::bind(&GminOptions::step, &GminOptions::astep, &GminOptions::ostep,
                     &GminOptions::block));
  t.add(keyword("ACCEPTRATIO", {real_arg("ratio", 0.5, above(0), keywords::below(1))},
                "Target acceptance ratio: the step (or, with FIXSTEP, the temperature) is adjusted "
                "towards it.",
                "ACCEPTRATIO 0.5"),
        keywords::bind(&GminOptions::accept_ratio));
  t.add(keyword("CHANGEACCEPT", {int_arg("interval", 50, at_least(1), {}, "steps")},
                "Interval at which the acceptance ratio is checked and the step (or temperature) "
                "scaled by 1.05.",
                "CHANGEACCEPT 50"),
        keywords::bind(&GminOptions::change_accept));
  t.add(keyword("FIXSTEP", {},
                "Keep the step size fixed and adjust the temperature towards ACCEPTRATIO instead."),
        keywords::flag(&GminOptions::fix_step));
  t.add(keyword("FIXTEMP", {}, "Keep the temperature fixed (with FIXSTEP this is FIXBOTH)."),
        keywords::flag(&GminOptions::fix_temp));
  t.add(keyword("FIXBOTH", {}, "Adjust neither the step size nor the temperature."),
        keywords::flag(&GminOptions::fix_both));
}

/// The quenches: convergence and the L-BFGS settings.
void add_quench_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(keyword("SLOPPYCONV", {real_arg("rms", 1e-3, above(0), {}, "RMS gradient")},
                "RMS-gradient convergence of the quenches during basin-hopping.",
                "SLOPPYCONV 5.0D-3", {"BASIN"}),
        keywords::bind(&GminOptions::sloppy_conv));
  t.add(keyword(
            "TIGHTCONV", {real_arg("rms", 1e-3, above(0), {}, "RMS gradient")},
            "RMS-gradient convergence of the final re-quench of the SAVE lowest minima and of the "
            "DATABASE minima.",
            "TIGHTCONV 1.0D-3", {"QMAX"}),
        keywords::bind(&GminOptions::tight_conv));
  t.add(keyword("MAXIT",
                {int_arg("sloppy", 500, at_least(1), {}, "iterations"),
                 int_arg("tight", 500, at_least(1), {}, "iterations")},
                "Largest number of L-BFGS iterations in the basin-hopping quenches and in the "
                "final quenches.",
                "MAXIT 600 500"),
        keywords::bind(&GminOptions::maxit_sloppy, &GminOptions::maxit_tight));
}

/// The lowest minima kept, the targets and the seed.
void add_saved_minima_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(keyword("SAVE", {int_arg("n", 5, at_least(1))},
                "Number of lowest distinct minima kept, re-quenched with TIGHTCONV and written to "
                "`lowest`.",
                "SAVE 2"),
        keywords::bind(&GminOptions::save));
  t.add(keyword("EDIFF", {real_arg("e", 0.02, at_least(0), {}, "energy")},
                "Minima closer in energy than this are the same for SAVE; a lower one replaces the "
                "saved one.",
                "EDIFF 0.003"),
        keywords::bind(&GminOptions::ediff));
  t.add(keywords::variadic(keyword("TARGET", {real_arg("energy")},
                                   "Stop as soon as a quench energy is within EDIFF of one of the "
                                   "target energies.",
                                   "TARGET -173.9284264418")),
        keywords::append(&GminOptions::targets));
  t.add(
      keyword(
          "RANSEED", {int_arg("seed", 1, at_least(0))},
          "Seed of the random-number generator (64-bit Mersenne Twister); the same seed gives the "
          "same serial run bit for bit on the same machine and BLAS kernel only (basin-hopping is "
          "chaotic: another OpenBLAS kernel rounds differently and the run takes another path). "
          "The default, 1, is fixed; with it the unchanged LJ38 tutorial input finds the global "
          "minimum within its 5000 steps (36 of the seeds 1-40 do).",
          "RANSEED 42"),
      keywords::bind(&GminOptions::ranseed));
  t.add(
      keyword("MPI", {},
              "GMIN's switch for a parallel run. Here the run is parallel when gmin is started by "
              "mpirun (or srun) with more than one process, with or without MPI; the keyword is "
              "accepted so that GMIN's inputs run unchanged (doc/mpi.md). Each process is a "
              "basin-hopping walker with seed RANSEED + rank; rank 0 writes the database and "
              "`lowest`."),
      keywords::flag(&GminOptions::mpi));
  t.add(keyword(
            "BHPT",
            {real_arg("pttmin", 0.1, above(0), {}, "energy"),
             real_arg("pttmax", 1.0, above(0), {}, "energy"),
             real_arg("exchprob", 0.1, at_least(0), at_most(1))},
            "Parallel-tempering basin-hopping over the walkers of an MPI run (doc/mpi.md): walker "
            "r of K runs at pttmin (pttmax/pttmin)^(r/(K-1)), and after each step, with "
            "probability exchprob, the Markov states of one random pair of neighbouring walkers "
            "are exchanged with probability min(1, exp((E_i - E_j)(1/T_i - 1/T_j))). The "
            "decisions come from a generator seeded with RANSEED, the same on every rank, so a "
            "run is reproducible for a fixed seed and number of walkers. Replaces TEMPERATURE; "
            "with one process the walker runs at pttmin.",
            "BHPT 0.5 2.0 0.1", {}, true),
        [](const Occurrence& o, GminOptions& g) -> Result {
          if (o.as_real(1) < o.as_real(0)) return std::string("pttmax must be at least pttmin");
          g.bhpt = ParallelTemperingOptions{o.as_real(0), o.as_real(1), o.as_real(2)};
          return {};
        });
  t.add(keyword("UPDATES", {int_arg("m", 4, at_least(1), {}, "pairs")},
                "L-BFGS memory: number of correction pairs kept.", "UPDATES 10"),
        keywords::bind(&GminOptions::updates));
  t.add(keyword(
            "DGUESS", {real_arg("d", 0.1, above(0))},
            "Initial diagonal of the L-BFGS inverse Hessian, used at the start and after a reset.",
            "DGUESS 0.1"),
        keywords::bind(&GminOptions::dguess));
  t.add(keyword("MAXBFGS", {real_arg("step", 0.4, above(0), {}, "length")},
                "Largest L-BFGS step (norm of the whole step vector).", "MAXBFGS 0.4"),
        keywords::bind(&GminOptions::max_bfgs));
  t.add(keyword("MAXERISE", {real_arg("rise", 1e-10, at_least(0), {}, "energy")},
                "Largest energy rise an L-BFGS step may cause before it is cut back.",
                "MAXERISE 1.0D-10"),
        keywords::bind(&GminOptions::max_erise));
}

/// Clusters: the container and the atom order.
void add_cluster_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(
      keyword("RADIUS", {real_arg("r", {}, above(0), {}, "length")},
              "Radius of the spherical container about the centre of mass; a quench that leaves an "
              "atom outside it is rejected. Default r_e[1 + (3N/(4 pi sqrt 2))^(1/3)] with r_e = "
              "2^(1/6).",
              "RADIUS 3.0"),
      keywords::bind(&GminOptions::radius));
  t.add(keyword("CENTRE", {}, "Move the centre of mass to the origin after every quench."),
        keywords::flag(&GminOptions::centre));
  t.add(
      keyword("SORT", {}, "Write the atoms of `lowest` from the most to the least strongly bound."),
      keywords::flag(&GminOptions::sort));
  t.add(
      keyword("NORESET", {},
              "Do not reset the Markov chain to the quench minimum: the next step starts from the "
              "perturbed, unquenched coordinates."),
      keywords::flag(&GminOptions::noreset));
}

/// The periodic binary Lennard-Jones (the BLJ glass former): BINARY, PERIODIC and SHIFTCUT.
void add_bulk_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(keyword("BINARY", binary_lj_arguments(),
                "Binary Lennard-Jones in a periodic box, shifted and truncated (GMIN's ljpshift; "
                "needs PERIODIC and SHIFTCUT): the first ntypea atoms of `coords` are of type A, "
                "the others B; epsilon_AA = sigma_AA = 1 are the units, epsab, epsbb, sigmaab and "
                "sigmabb the other pairs'. Distances are minimum-image; coordinates are never "
                "wrapped into the box. A step moves every coordinate by U(-1,1)*step (no angular "
                "moves, no container: RADIUS, CENTRE and SORT have no effect). DATABASE counts 3 "
                "zero modes (translations), stores point-group order 1 and moments 1 1 1, and "
                "compares minima by their minimum-image distance over a translation and "
                "permutations of A among A and B among B (no rotation), as AVOID does.",
                "BINARY 48 1.5 0.5 0.8 0.88"),
        [](const Occurrence& o, GminOptions& g) -> Result {
          BinaryLjParameters p;
          p.n_a = static_cast<std::size_t>(o.as_int(0));
          p.eps_ab = o.as_real(1);
          p.eps_bb = o.as_real(2);
          p.sigma_ab = o.as_real(3);
          p.sigma_bb = o.as_real(4);
          g.binary = p;
          return {};
        });
  t.add(keywords::variadic(keyword(
            "PERIODIC", {real_arg("box length", {}, above(0), {}, "length")},
            "The box lengths boxlx boxly boxlz of BINARY's periodic box; one length gives a cube.",
            "PERIODIC 3.587037905 3.587037905 3.587037905")),
        [](const Occurrence& o, GminOptions& g) -> Result {
          if (o.args.size() != 1 && o.args.size() != 3)
            return fmt::format("expected one box length (a cube) or three, got {}", o.args.size());
          const double x = o.as_real(0);
          g.periodic = o.args.size() == 1 ? std::array<double, 3>{x, x, x}
                                          : std::array<double, 3>{x, o.as_real(1), o.as_real(2)};
          return {};
        });
  t.add(keyword("SHIFTCUT", {real_arg("cutoff", {}, above(0), {}, "sigma")},
                "The cut-off of BINARY in units of each pair's sigma: atoms of types i and j "
                "interact when their minimum-image distance r is below r_c = cutoff sigma_ij, "
                "through 4 eps_ij [(sigma_ij/r)^12 - (sigma_ij/r)^6 + c2 r^2 + c0], whose c2 and "
                "c0 make the energy and the force vanish at r_c. The largest r_c must be at most "
                "half the smallest box length.",
                "SHIFTCUT 1.79"),
        keywords::bind(&GminOptions::shiftcut));
}

/// Restarts, taboo lists, dumps and TRACKDATA.
void add_restart_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(keyword("NEWRESTART",
                {int_arg("nrelax", {}, at_least(1), {}, "steps"), int_arg("nhs", 0, at_least(0))},
                "Restart when the lowest energy since the last restart has not improved by more "
                "than EDIFF within nrelax steps: reseed from random coordinates, or with AVOID ... "
                "F reject the step and put the best structure in the AVOID list.",
                "NEWRESTART 40"),
        [](const Occurrence& o, GminOptions& g) -> Result {
          g.new_restart = NewRestartOptions{o.as_int(0), o.as_int(1)};
          return {};
        });
  t.add(
      keyword(
          "AVOID",
          {real_arg("dist", 1.0, above(0), {}, "length"), int_arg("nmax", 10, at_least(1)),
           logical_arg("reseed", true)},
          "Keep a cyclic list of nmax structures to avoid (filled at each NEWRESTART); a new "
          "lowest minimum within dist of one of them (distance after permutational alignment: "
          "rotations, inversion, atom permutations) reseeds the run (reseed T) or rejects the step "
          "(F).",
          "AVOID 4.0 20 F", {}, true),
      [](const Occurrence& o, GminOptions& g) -> Result {
        g.avoid = AvoidOptions{o.as_real(0), o.as_int(1), o.as_logical(2)};
        return {};
      });
  t.add(keyword("TRACKDATA", {},
                "Write `energy`, `markov` and `best` (step and energy) after every quench."),
        keywords::flag(&GminOptions::track_data));
  t.add(
      keyword("DUMPINT", {int_arg("interval", 1000, at_least(1), {}, "steps")},
              "Interval of the restart dump `GMIN.dump` (read back with RESTORE).", "DUMPINT 6000"),
      keywords::bind(&GminOptions::dump_interval));
  t.add(
      keyword("RESTORE", {path_arg("dumpfile")},
              "Continue the run saved in dumpfile (written every DUMPINT steps) where it stopped.",
              "RESTORE GMIN.dump"),
      keywords::bind(&GminOptions::restore_file));
}

/// MLMIN, MLSUP and MLSUPDATABASE: the MLSUP step (Niroomand et al. 2022, algorithm 1).
void add_mlsup_keywords(keywords::KeywordTable<GminOptions>& t) {
  auto count = [](const char* name, const char* unit) {
    return int_arg(name, {}, at_least(1), {}, unit);
  };
  auto lambda = [](const char* name) { return real_arg(name, {}, at_least(0)); };
  t.add(keyword("MLMIN",
                {count("Nin", "features"), count("Ninstart", "column"), count("Nhid", "nodes"),
                 count("Nout", "classes"), count("Ndata", "items"), lambda("lambda"),
                 count("Nmin", "minima")},
                "The MLSUP step's minima: Nmin minima of the MLPVB3 network Nin Ninstart Nhid Nout "
                "(lambda as in MLPVB3), their weights one a line, minimum after minimum, in "
                "`MLMINweights` (pathsample's MLMINSELECT writes it, with `MLMINselection`), "
                "evaluated on the first Ndata items of `MLPdata` (MLPVB3 layout). Needs MLSUP and "
                "MLPTESTDATA; runs in a directory of its own (no DATABASE, no MLP3/MLPVB3).",
                "MLMIN 2 1 3 2 3200 1.0D-5 4"),
        [](const Occurrence& o, GminOptions& g) -> Result {
          MlminOptions m;
          m.network.keyword = "MLPVB3";
          m.network.biases = true;
          m.network.n_in = o.as_int(0);
          m.network.n_in_start = o.as_int(1);
          m.network.n_hidden = o.as_int(2);
          m.network.n_out = o.as_int(3);
          m.network.n_data = o.as_int(4);
          m.network.lambda = o.as_real(5);
          m.n_minima = o.as_int(6);
          g.mlmin = m;
          return {};
        });
  t.add(
      keyword("MLSUP",
              {count("Nin", "features"), count("Ninstart", "column"), count("Nhid_meta", "nodes"),
               count("Nmin", "minima"), count("Ndata", "items"), lambda("lambda_meta")},
              "Train the MLSUP meta-network (Niroomand et al. 2022, algorithm 1): each training "
              "item d is labelled b_d, the 0-based position in `MLMINweights` of the MLMIN minimum "
              "that gives its class the largest probability (ties: the lowest position; eq. 2), "
              "and basin-hopping (RANSEED, STEPS, STEP, TEMPERATURE, ...) minimises the loss of an "
              "MLPVB3 network Nin Ninstart Nhid_meta Nmin on (x_d, b_d) with L2 term lambda_meta "
              "(eq. 3); output k is the k-th minimum of `MLMINweights`. Nin, Ninstart, Ndata and "
              "Nmin must be MLMIN's. Writes `lowest`, `mlsup.weights` (the lowest meta-network, "
              "one weight a line), `mlsup.csv`, `mlsup.md` (test-set AUCs: best chosen minimum, "
              "best of the database, MLSUP, TMA, majority vote) and `mlsup.png`/`mlsup.svg`. The "
              "paper uses Nhid_meta 3.",
              "MLSUP 2 1 3 4 3200 1.0D-5"),
      [](const Occurrence& o, GminOptions& g) -> Result {
        g.mlsup = MlsupOptions{o.as_int(0), o.as_int(1), o.as_int(2),
                               o.as_int(3), o.as_int(4), o.as_real(5)};
        return {};
      });
  t.add(keyword("MLSUPDATABASE", {path_arg("dir")},
                "The directory of the network's database (min.data + points.min, read only): the "
                "best test AUC over all its minima goes into `mlsup.csv` as best_database_auc.",
                "MLSUPDATABASE ../explore"),
        keywords::bind(&GminOptions::mlsup_database));
}

/// DATABASE, the network keywords and what has no effect.
void add_database_keywords(keywords::KeywordTable<GminOptions>& t) {
  t.add(keyword(
            "DATABASE",
            {real_arg("etol", 1e-6, above(0), {}, "energy"),
             real_arg("itol", 1e-3, above(0), {}, "moment of inertia")},
            "Re-quench every distinct minimum to TIGHTCONV, check that its Hessian has no negative "
            "eigenvalue and append it to min.data and points.min (PATHSAMPLE format, with "
            "lnprodfreq, the point-group order and the principal moments). Minima are the same "
            "when their energies differ by less than etol, their principal moments of inertia by "
            "less than itol and their aligned distance is below GEOMDIFFTOL. Network minima are "
            "stored in canonical form, but identity is their isomer-aligned distance, never a "
            "comparison of canonical forms. An existing database in the directory is read and "
            "extended.",
            "DATABASE 1.0D-6 1.0D-3", {}, true),
        [](const Occurrence& o, GminOptions& g) -> Result {
          g.database = DatabaseOptions{o.as_real(0), o.as_real(1)};
          return {};
        });
  {
    const std::string source =
        "`coords`, one a line (without `coords`, seeded random weights in [-1, 1])";
    auto bind_mlp = [](const Occurrence& o, GminOptions& g) -> Result {
      if (g.mlp)
        return fmt::format("a second network keyword; {} was given already", g.mlp->keyword);
      g.mlp = mlp_keyword_options(o);
      return {};
    };
    t.add(mlp3_keyword_spec(source), bind_mlp);
    t.add(mlpvb3_keyword_spec(source), bind_mlp);
  }
  t.add(keyword(
            "MLPTESTDATA", {path_arg("file"), int_arg("ndata", {}, at_least(1), {}, "items")},
            "Test data of a network run (same layout as `MLPdata`): the training and test AUC and "
            "accuracy of every minimum saved are written to the log.",
            "MLPTESTDATA MLPdata.test 800"),
        [](const Occurrence& o, GminOptions& g) -> Result {
          g.mlp_test = MlpTestDataOptions{o.as_word(0), o.as_int(1)};
          return {};
        });
  add_mlsup_keywords(t);
  t.add(
      keyword(
          "GEOMDIFFTOL", {real_arg("d", 1e-2, above(0), {}, "length")},
          "Two minima (DATABASE) whose distance after alignment is below d are the same: for "
          "clusters over rotations, inversion and atom permutations, for networks over hidden-node "
          "permutations and sign flips. AVOID compares clusters after the same alignment.",
          "GEOMDIFFTOL 1.0D-2"),
      keywords::bind(&GminOptions::geomdifftol));
  t.add_no_effect({{"MONITOR", "pair energies and atom types every n steps (analysis output)"},
                   {"DEBUG", "extra debugging output"},
                   {"CHARMMENERGIES", "prints CHARMM energy components (output)"},
                   {"DUMP", "every step's energy and quench geometry in dump.X.xyz (output)"},
                   {"DUMPQU", "AMBER 9 quench geometries (output)"},
                   {"DUMPSTEPS", "AMBER 9 geometries after each step (output)"},
                   {"NOTE", "a comment line, as COMMENT"},
                   {"PAIRDIST", "tracks distances between atom pairs (output)"}});
  t.add_unsupported(kUnsupportedGmin);
}

keywords::KeywordTable<GminOptions> build_table() {
  keywords::KeywordTable<GminOptions> t;
  add_walk_keywords(t);
  add_quench_keywords(t);
  add_saved_minima_keywords(t);
  add_cluster_keywords(t);
  add_bulk_keywords(t);
  add_restart_keywords(t);
  add_database_keywords(t);
  // GMIN reads these alone too (the value then keeps its default), though a value is their point.
  t.expect_values({"TEMPERATURE", "STEP", "STEPS", "SAVE", "EDIFF", "SLOPPYCONV", "TIGHTCONV",
                   "RANSEED", "ACCEPTRATIO", "CHANGEACCEPT", "UPDATES", "DGUESS", "MAXBFGS",
                   "MAXERISE", "DUMPINT", "GEOMDIFFTOL"});
  return t;
}

}  // namespace

const keywords::KeywordTable<GminOptions>& gmin_keyword_table() {
  static const keywords::KeywordTable<GminOptions> table = build_table();
  return table;
}

}  // namespace landscape::gmin
