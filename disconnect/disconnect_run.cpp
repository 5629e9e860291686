#include "disconnect/disconnect_run.hpp"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>

#include "common/io/cli.hpp"
#include "common/io/errors.hpp"
#include "common/io/fields.hpp"
#include "common/io/logger.hpp"
#include "common/io/min_database.hpp"
#include "common/io/program_main.hpp"
#include "common/io/text_file.hpp"
#include "common/io/ts_database.hpp"
#include "common/keywords/program_start.hpp"
#include "disconnect/disconnect_keywords.hpp"
#include "disconnect/tree_figure.hpp"

namespace landscape::disconnect {
namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: disconnect [dinfo-file]   draw the disconnectivity graph of the database named in "
    "dinfo\n       disconnect --keywords     print the keyword reference (Markdown)\n       "
    "disconnect --help | --version\nInputs: dinfo (keywords; MINIMA and TS name min.data and "
    "ts.data). Outputs: tree.ps, tree.svg,\ntree.png; node_numbers (DUMPNUMBERS), node_sizes "
    "(DUMPSIZES), node_sections (COLOUROUTPUT).\n";

std::string read_text(const fs::path& path, const std::string& name) {
  auto text = read_text_file(path);
  if (!text) throw InputError(fmt::format("{}: cannot open", name));
  return *std::move(text);
}

/// A list of minimum numbers, one a line (PICK, TRMIN). Blank lines are skipped; the first word of
/// every other line must be an integer.
std::vector<std::pair<long long, std::size_t>> read_number_list(const fs::path& path,
                                                                const std::string& name) {
  std::vector<std::pair<long long, std::size_t>> out;
  std::size_t line_no = 0;
  for (const std::string& line : split_lines(read_text(path, name))) {
    ++line_no;
    std::istringstream words(line);
    std::string word;
    if (!(words >> word)) continue;
    const std::optional<long long> v = parse_integer(word);
    if (!v)
      throw InputError(
          fmt::format("{}:{}: expected a minimum number, got '{}'", name, line_no, word));
    out.emplace_back(*v, line_no);
  }
  return out;
}

std::string write_node_sizes(const DisconnectivityGraph& g) {
  std::string out;
  for (std::size_t l = 0; l < g.levels.size(); ++l) {
    const TreeLevel& level = g.levels[l];
    out += fmt::format("Level: {:2d} energy {:20.10f}\n", l + 1, level.energy);
    for (std::size_t j = 0; j < level.order.size(); ++j)
      out += fmt::format("{:5d}:{:7d}\n", j + 1, level.nodes[level.order[j]].size);
    out += "\n";
  }
  return out;
}

std::string write_node_numbers(const DisconnectivityGraph& g) {
  std::string out;
  for (std::size_t l = 0; l < g.levels.size(); ++l) {
    const TreeLevel& level = g.levels[l];
    out += fmt::format("\nLEVEL {:3d}\n=========\n", l + 1);
    for (std::size_t j = 0; j < level.order.size(); ++j) {
      out += fmt::format("\nNode {:6d}\n", j + 1);
      for (std::size_t m : g.members(l, level.order[j])) out += fmt::format("{:6d}\n", m + 1);
    }
  }
  return out;
}

std::string write_node_sections(const DisconnectivityGraph& g) {
  std::string out;
  for (std::size_t l = 0; l < g.levels.size(); ++l) {
    const TreeLevel& level = g.levels[l];
    out += fmt::format("\nLEVEL {:3d}\n=========\n", l + 1);
    for (std::size_t j = 0; j < level.order.size(); ++j) {
      const int c = level.nodes[level.order[j]].colour;
      if (c != 0) out += fmt::format("Node {:6d} --> Colour {:6d}\n", j + 1, c);
    }
  }
  return out;
}

void write_text_file(const fs::path& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << text;
  f.flush();
  if (!f) throw RuntimeError(fmt::format("{}: cannot write", path.filename().string()));
}

/// The files the keywords name, checked before anything is read.
void validate(const DisconnectOptions& opt,
              const keywords::KeywordTable<DisconnectOptions>::Result& parsed, const fs::path& dir,
              keywords::DiagnosticSink& sink) {
  for (const char* name : {"MINIMA", "TS"}) {
    const auto* o = parsed.find(name);
    if (!fs::exists(dir / o->as_word(0)))
      sink.at(*o, fmt::format("file '{}' not found", o->as_word(0)));
  }
  if (!opt.pick_file.empty() && !fs::exists(dir / opt.pick_file))
    sink.cite(parsed, "PICK", fmt::format("file '{}' not found", opt.pick_file));
  if (opt.trmin)
    for (const auto& f : opt.trmin->files)
      if (!fs::exists(dir / f)) sink.cite(parsed, "TRMIN", fmt::format("file '{}' not found", f));
}

/// The energies of the minima and the connections of the transition states (only those are kept).
DisconnectivityInput read_graph_input(const DisconnectOptions& opt, const fs::path& dir,
                                      Logger& log) {
  const auto t0 = std::chrono::steady_clock::now();
  DisconnectivityInput input;
  // disconnect only reads the database: a torn last line stops it (InputError, exit status 1).
  {
    const auto minima =
        read_min_data(dir / opt.minima_file, opt.minima_file, MinDataColumns::kEnergyOnly);
    input.minimum_energies.reserve(minima.size());
    for (const auto& m : minima) input.minimum_energies.push_back(m.energy);
  }
  const std::size_t n_min = input.minimum_energies.size();
  {
    const auto ts = read_ts_data(dir / opt.ts_file, opt.ts_file, n_min, TsDataColumns::kConnection);
    input.transition_states.reserve(ts.size());
    for (const auto& t : ts) input.transition_states.push_back({t.energy, t.min1 - 1, t.min2 - 1});
  }
  const double read_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log.info("{} minima read from {}, {} transition states from {} in {:.2f} s", n_min,
           opt.minima_file, input.transition_states.size(), opt.ts_file, read_seconds);
  return input;
}

/// The minimum numbers of dinfo (CONNECTMIN, IDMIN) against the minima read.
void validate_minimum_numbers(const DisconnectOptions& opt,
                              const keywords::KeywordTable<DisconnectOptions>::Result& parsed,
                              std::size_t n_min, keywords::DiagnosticSink& sink) {
  if (opt.connect_min > static_cast<long long>(n_min))
    sink.cite(parsed, "CONNECTMIN",
              fmt::format("minimum {} does not exist ({} has {} minima)", opt.connect_min,
                          opt.minima_file, n_min));
  for (const auto& o : parsed.parsed.occurrences)
    if (o.spec->name == "IDMIN" && o.as_int(0) > static_cast<long long>(n_min))
      sink.at(o, fmt::format("minimum {} does not exist ({} has {} minima)", o.as_int(0),
                             opt.minima_file, n_min));
}

/// The graph options from dinfo and the files it names (PICK, TRMIN), with 0-based minima.
void resolve_graph_options(DisconnectOptions& opt, std::size_t n_min, const fs::path& dir,
                           Logger& log) {
  DisconnectivityOptions& g = opt.graph;
  if (opt.connect_min > 0) g.connect_min = static_cast<std::size_t>(opt.connect_min - 1);
  for (long long id : opt.id_minima) g.id_minima.push_back(static_cast<std::size_t>(id - 1));
  if (!opt.pick_file.empty())
    for (const auto& [v, line] : read_number_list(dir / opt.pick_file, opt.pick_file)) {
      if (v == 0 || std::llabs(v) > static_cast<long long>(n_min)) {
        log.warn("{}:{}: ignoring {}: minimum numbers run from 1 to {}", opt.pick_file, line, v,
                 n_min);
        continue;
      }
      g.pick.push_back(v);
    }
  if (!opt.trmin) return;
  g.colour_lists.assign(n_min, 0);
  if (opt.trmin->max_minima != static_cast<long long>(n_min))
    log.info("note: TRMIN gives {} minima; {} has {}", opt.trmin->max_minima, opt.minima_file,
             n_min);
  for (std::size_t k = 0; k < opt.trmin->files.size(); ++k) {
    const std::string& f = opt.trmin->files[k];
    const auto list = read_number_list(dir / f, f);
    for (const auto& [v, line] : list) {
      if (v < 1 || v > static_cast<long long>(n_min))
        throw InputError(fmt::format("{}:{}: minimum {} does not exist ({} has {} minima)", f, line,
                                     v, opt.minima_file, n_min));
      g.colour_lists[static_cast<std::size_t>(v - 1)] = static_cast<int>(k + 1);
    }
    log.info("colour {}: {} minima read from {}", k + 1, list.size(), f);
  }
}

/// What the graph holds, level by level, for the log.
void log_graph(const DisconnectivityGraph& graph, const DisconnectOptions& opt,
               const DisconnectivityInput& input, double graph_seconds, Logger& log) {
  const DisconnectivityOptions& g = opt.graph;
  log.info("{} non-degenerate transition states; global minimum {} (E = {:.10f})",
           graph.n_nondegenerate_ts, graph.global_minimum + 1,
           input.minimum_energies[graph.global_minimum]);
  log.info(
      "connected to minimum {}: {} minima are not; {} minima with {} connections or fewer are "
      "dropped",
      graph.connect_min + 1, graph.n_disconnected, graph.n_underconnected, g.nconnmin);
  log.info("remaining minima and transition states: {} {}; minima drawn: {}", graph.n_kept_minima,
           graph.n_live_ts, graph.n_drawn_minima);
  for (std::size_t l = 0; l < graph.levels.size(); ++l)
    log.info("  level {:3d}  E = {:16.8f}  {:7d} {}", l + 1, graph.levels[l].energy,
             graph.levels[l].nodes.size(), graph.levels[l].nodes.size() == 1 ? "basin" : "basins");
  std::size_t n_ends = 0;
  for (const auto& s : graph.segments) n_ends += s.leaf;
  log.info("{} columns, {} line segments, {} branch ends (basins and layout in {:.2f} s)",
           graph.n_columns, graph.segments.size(), n_ends, graph_seconds);
  if (graph.n_columns == 0)
    log.warn("no minimum lies below FIRST + DELTA = {:g}: the graph is empty", g.first + g.delta);
  for (long long id : opt.id_minima) {
    bool found = false;
    for (const auto& s : graph.segments)
      found = found || (s.leaf && s.minimum + 1 == static_cast<std::size_t>(id));
    if (!found)
      log.warn(
          "IDMIN {}: the minimum has no branch end in the graph (not connected, or above FIRST + "
          "DELTA)",
          id);
  }
}

/// tree.ps, tree.svg, tree.png and the DUMP files.
void write_tree(const DisconnectivityGraph& graph, const DisconnectOptions& opt,
                const DisconnectivityInput& input, const fs::path& dir, Logger& log) {
  if (!graph.levels.empty()) {
    const EnergyAxisLabels axis = energy_axis_labels(graph, opt, TreePage::for_options(opt));
    if (axis.width != opt.label_width || axis.decimals != opt.label_decimals)
      log.info(
          "energy axis labels in F{}.{}: LABELFORMAT F{}.{} would give two levels the same label "
          "or "
          "asterisks",
          axis.width, axis.decimals, opt.label_width, opt.label_decimals);
    if (axis.stride > 1)
      log.info("energy axis: a label every {} levels (the levels are too close for one each)",
               axis.stride);
  }
  const Figure fig = draw_tree(graph, opt, input.minimum_energies);
  std::string drawing_times;
  for (const auto& [name, format] :
       {std::pair{"tree.ps", FigureFormat::kPostScript}, std::pair{"tree.svg", FigureFormat::kSvg},
        std::pair{"tree.png", FigureFormat::kPng}}) {
    const auto t2 = std::chrono::steady_clock::now();
    fig.write(dir / name, format);
    drawing_times +=
        fmt::format("{}{} {:.2f} s", drawing_times.empty() ? "" : ", ", name,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count());
  }
  log.info("drawn: {}", drawing_times);
  if (opt.dump_sizes) write_text_file(dir / "node_sizes", write_node_sizes(graph));
  if (opt.dump_numbers) write_text_file(dir / "node_numbers", write_node_numbers(graph));
  if (opt.colour_output && opt.trmin)
    write_text_file(dir / "node_sections", write_node_sections(graph));
}

int run(const CliRequest& cli, const fs::path& dir, Logger& log, std::FILE* err) {
  const auto& table = disconnect_keyword_table();
  keywords::DiagnosticSink sink(cli.argument);
  auto in = keywords::read_keyword_input(table, dir, cli.argument, sink, hash_comments_to_bang);
  if (!sink.empty()) return sink.report(err, "disconnect", "drawn");
  DisconnectOptions& opt = in->options;
  validate(opt, in->parsed, dir, sink);
  if (!sink.empty()) return sink.report(err, "disconnect", "drawn");

  log.info("{} disconnect: disconnectivity graph", suite_version());
  keywords::log_keywords_in_effect(log, table, *in);

  const auto t0 = std::chrono::steady_clock::now();
  const DisconnectivityInput input = read_graph_input(opt, dir, log);
  const std::size_t n_min = input.minimum_energies.size();
  validate_minimum_numbers(opt, in->parsed, n_min, sink);
  if (!sink.empty()) return sink.report(err, "disconnect", "drawn");
  if (n_min == 0) throw InputError(fmt::format("{}: no minima to draw", opt.minima_file));
  resolve_graph_options(opt, n_min, dir, log);

  const auto t1 = std::chrono::steady_clock::now();
  const DisconnectivityGraph graph = build_disconnectivity_graph(input, opt.graph);
  log_graph(graph, opt, input,
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count(), log);
  write_tree(graph, opt, input, dir, log);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  log.info("wrote tree.ps, tree.svg and tree.png{}{}{} in {:.2f} s",
           opt.dump_sizes ? ", node_sizes" : "", opt.dump_numbers ? ", node_numbers" : "",
           opt.colour_output && opt.trmin ? ", node_sections" : "", seconds);
  return kExitOk;
}

}  // namespace

std::string hash_comments_to_bang(std::string text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t first = text.find_first_not_of(" \t", pos);
    if (first != std::string::npos && text[first] == '#') text[first] = '!';
    const std::size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return text;
}

int run_disconnect(const std::vector<std::string>& args, const fs::path& dir, std::FILE* out,
                   std::FILE* err) {
  const ProgramFrontEnd program = keywords::keyword_program(
      "disconnect", "dinfo", kUsage, disconnect_keyword_table(), kDisconnectReferenceIntro);
  return run_program_main(program, args, out, err, [&](const CliRequest& cli, Logger& log) {
    return run(cli, dir, log, err);
  });
}

}  // namespace landscape::disconnect
