#include "disconnect/disconnect_keywords.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "common/keywords/arg_builders.hpp"
#include "common/keywords/binders.hpp"

namespace landscape::disconnect {
namespace {

using keywords::above;
using keywords::at_least;
using keywords::int_arg;
using keywords::Occurrence;
using keywords::path_arg;
using keywords::real_arg;
using Result = std::optional<std::string>;

using keywords::keyword;

using keywords::repeatable;
using keywords::required;

/// Required.
void add_required_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  t.add(required(keyword("DELTA", {real_arg("dE", {}, above(0), {}, "energy")},
                         "Energy spacing of the levels of the basin analysis.", "DELTA 0.2")),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          d.graph.delta = o.as_real(0);
          return {};
        });
  t.add(required(keyword("FIRST", {real_arg("E1", {}, {}, {}, "energy")},
                         "Energy of the top level (the top of the energy axis); level i lies at E1 "
                         "- (i - 1) dE.",
                         "FIRST -168.5")),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          d.graph.first = o.as_real(0);
          return {};
        });
  t.add(required(keyword("LEVELS", {int_arg("n", {}, at_least(2), {}, "levels")},
                         "Number of levels of the basin analysis; the axis runs from FIRST down to "
                         "FIRST - (n - 1) DELTA.",
                         "LEVELS 29")),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          if (o.as_int(0) > 100000) return "more than 100000 levels";
          d.graph.levels = static_cast<std::size_t>(o.as_int(0));
          return {};
        });
  t.add(required(keyword(
            "MINIMA", {path_arg("file")},
            "The minima (min.data format; only the energy column is read, the line number is the "
            "minimum's index).",
            "MINIMA min.data")),
        keywords::bind(&DisconnectOptions::minima_file));
  t.add(required(keyword(
            "TS", {path_arg("file")},
            "The transition states (ts.data format; the energy and the two minima, columns 1, 4 "
            "and 5, are read; a transition state naming a minimum that min.data does not have is "
            "an error).",
            "TS ts.data")),
        keywords::bind(&DisconnectOptions::ts_file));
}

/// What is analysed.
void add_analysis_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  t.add(
      keyword("CONNECTMIN", {int_arg("min", {}, at_least(1), {}, "minimum")},
              "Keep only the minima connected to this minimum (through transition states that pass "
              "TSTHRESH and MAXTSBARRIER); the default is the global minimum.",
              "CONNECTMIN 2"),
      keywords::bind(&DisconnectOptions::connect_min));
  t.add(
      keyword("NCONNMIN", {int_arg("n", 0, at_least(0), {}, "connections")},
              "Drop minima with n connections or fewer, counted over the non-degenerate transition "
              "states and repeated until no more drop out.",
              "NCONNMIN 0"),
      [](const Occurrence& o, DisconnectOptions& d) -> Result {
        d.graph.nconnmin = static_cast<int>(o.as_int(0));
        return {};
      });
  t.add(
      keyword("TSTHRESH", {real_arg("E", {}, {}, {}, "energy")},
              "Ignore transition states above this energy.", "MAXTSENERGY -168.5", {"MAXTSENERGY"}),
      [](const Occurrence& o, DisconnectOptions& d) -> Result {
        d.graph.ts_threshold = o.as_real(0);
        return {};
      });
  t.add(keyword(
            "MAXTSBARRIER", {real_arg("barrier", {}, {}, {}, "energy")},
            "Ignore transition states whose barriers from both of their minima exceed this value.",
            "MAXTSBARRIER 5.0"),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          d.graph.barrier_threshold = o.as_real(0);
          return {};
        });
  t.add(keyword(
            "NOBARRIERS", {},
            "Set each transition state's energy to that of the higher of its two minima before the "
            "basin analysis (the landscape basin-hopping sees)."),
        [](const Occurrence&, DisconnectOptions& d) -> Result {
          d.graph.barriers = false;
          return {};
        });
  t.add(
      keyword("NOSPLIT", {},
              "Do not give every minimum its own branch: basins at a level join through transition "
              "states below the level above, so two minima separated by a barrier lower than that "
              "level share a branch."),
      [](const Occurrence&, DisconnectOptions& d) -> Result {
        d.graph.split = false;
        return {};
      });
}

/// Which branches are drawn (after the basin analysis).
void add_branches_drawn_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  t.add(keyword("LOWEST", {int_arg("n", {}, at_least(1), {}, "minima")},
                "Draw only the branches leading to the n lowest minima (counted among the minima "
                "analysed); the others still shape the basins.",
                "LOWEST 100"),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          d.graph.lowest = static_cast<std::size_t>(o.as_int(0));
          return {};
        });
  t.add(
      keyword(
          "MONOTONIC", {},
          "Draw only the minima at the bottom of monotonic sequences: the higher minimum of every "
          "transition state analysed is removed (after LOWEST)."),
      [](const Occurrence&, DisconnectOptions& d) -> Result {
        d.graph.monotonic = true;
        return {};
      });
  t.add(keyword("EXCLUDEALL", {},
                "Remove every minimum from the drawing; PICK then chooses the ones drawn."),
        [](const Occurrence&, DisconnectOptions& d) -> Result {
          d.graph.exclude_all = true;
          return {};
        });
  t.add(keyword("PICK", {path_arg("file")},
                "A list of minimum numbers, one a line, applied after LOWEST, MONOTONIC and "
                "EXCLUDEALL: a number puts that minimum back, a negative number removes it.",
                "PICK pick.list"),
        keywords::bind(&DisconnectOptions::pick_file));
}

/// Layout and labels.
void add_layout_labels_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  t.add(keyword(
            "CENTREGMIN", {},
            "When a basin splits, put the branch holding the global minimum in the middle of its "
            "siblings (the position after half of them). Other branches may still push it off the "
            "centre of the page."),
        [](const Occurrence&, DisconnectOptions& d) -> Result {
          d.graph.centre_gmin = true;
          return {};
        });
  t.add(repeatable(
            keyword("IDMIN", {int_arg("min", {}, at_least(1), {}, "minimum")},
                    "Label this minimum's branch end with its number (in red, with a short tick "
                    "below it); it is drawn even if LOWEST, MONOTONIC or PICK would remove it. "
                    "Repeat for more minima.",
                    "IDMIN 2")),
        keywords::append(&DisconnectOptions::id_minima));
  t.add(keyword("IDENTIFY", {}, "Label every branch end with the number of its minimum."),
        keywords::flag(&DisconnectOptions::identify));
  t.add(keyword("IDENTIFY_NODE", {int_arg("max", {}, at_least(0), {}, "minima")},
                "Label each basin that splits into more than one branch and holds more than max "
                "minima as LEVEL_NODE (node numbers from the left, as in node_numbers).",
                "IDENTIFY_NODE 10"),
        keywords::bind(&DisconnectOptions::identify_node));
  t.add(keyword("IDENTIFY_NODE_SIZE", {int_arg("max", {}, at_least(0), {}, "minima")},
                "Label each basin of more than one minimum and more than max minima with its size.",
                "IDENTIFY_NODE_SIZE 10"),
        keywords::bind(&DisconnectOptions::identify_node_size));
  t.add(keyword(
            "LABELFORMAT", {path_arg("format", std::string("F8.2"))},
            "Fortran F edit descriptor of the energy-axis labels (the real program's default F8.2; "
            "its manual says F6.1).",
            "LABELFORMAT F6.1"),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          d.label_format = o.as_word(0);
          if (!parse_f_format(d.label_format, d.label_width, d.label_decimals))
            return fmt::format("expected a Fortran F edit descriptor such as F8.2, got '{}'",
                               d.label_format);
          return {};
        });
  t.add(keyword("AXISTITLE", {path_arg("title", std::string("Energy"))},
                "Title of the energy axis (this suite's; disconnectionDPS draws none), e.g. "
                "`Loss` for a network: one word, "
                "underscores read as blanks (`Energy_/_epsilon`).",
                "AXISTITLE Loss"),
        [](const Occurrence& o, DisconnectOptions& d) -> Result {
          d.axis_title = o.as_word(0);
          std::replace(d.axis_title.begin(), d.axis_title.end(), '_', ' ');
          return {};
        });
  t.add(keyword("LABELSIZE", {real_arg("size", 10.0, above(0), {}, "points")},
                "Font size of the minimum and node labels (IDMIN, IDENTIFY, IDENTIFY_NODE, "
                "IDENTIFY_NODE_SIZE).",
                "LABELSIZE 5"),
        keywords::bind(&DisconnectOptions::label_size));
  t.add(keyword("LETTER", {}, "US letter page (612 x 792 points) instead of A4 (595 x 842)."),
        keywords::flag(&DisconnectOptions::letter));
}

/// Colours.
void add_colours_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  {
    auto k = keyword(
        "TRMIN",
        {int_arg("n", {}, at_least(1), {}, "lists"), int_arg("max", {}, at_least(1), {}, "minima"),
         path_arg("file")},
        "Colour the branches of the minima listed in n files (one minimum number a line, as "
        "pathsample's min.plus.N and min.minus.N): a segment takes the colour of list k when every "
        "minimum below it is in a list and k is the last of those lists. max is the number of "
        "minima (disconnectionDPS's array size; min.data's count is what is used). Coloured "
        "branches are drawn over the black ones. Without CHOOSECOLOURS the colours run over a "
        "rainbow from red to purple in file order. A legend in the top margin gives each file its "
        "colour.",
        "TRMIN 2 64 min.minus.1 min.plus.1");
    k.variadic = true;
    t.add(std::move(k), [](const Occurrence& o, DisconnectOptions& d) -> Result {
      TrMinOptions tr;
      tr.n_lists = o.as_int(0);
      tr.max_minima = o.as_int(1);
      for (std::size_t i = 2; i < o.args.size(); ++i) tr.files.push_back(o.as_word(i));
      if (static_cast<long long>(tr.files.size()) != tr.n_lists)
        return fmt::format("{} list file(s) announced, {} given", tr.n_lists, tr.files.size());
      d.trmin = std::move(tr);
      return {};
    });
  }
  t.add(
      keyword(
          "CHOOSECOLOURS", {},
          "With TRMIN: colour the lists red, green, blue, magenta, orange, cyan, brown, grey (then "
          "again) instead of a rainbow."),
      keywords::flag(&DisconnectOptions::choose_colours));
  t.add(keyword("COLOUROUTPUT", {},
                "With TRMIN: write node_sections, the colour of every coloured node at each level.",
                {}, {"COLOURPRINT"}),
        keywords::flag(&DisconnectOptions::colour_output));
}

/// Dumps.
void add_dumps_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  t.add(
      keyword(
          "DUMPNUMBERS", {},
          "Write node_numbers: the minima of every node at every level, nodes from left to right."),
      keywords::flag(&DisconnectOptions::dump_numbers));
  t.add(
      keyword(
          "DUMPSIZES", {},
          "Write node_sizes: the number of minima of every node at every level, nodes from left to "
          "right."),
      keywords::flag(&DisconnectOptions::dump_sizes));
}

/// Newer disconnectionDPS builds: accepted.
void add_newer_build_keywords(keywords::KeywordTable<DisconnectOptions>& t) {
  t.add_no_effect(
      {{"AUTORANGE", "automatic energy range of newer builds; FIRST and LEVELS set the range here"},
       {"SCALEBAR", "scale bar of newer builds; the energy axis is always drawn here"}});
  t.add_unsupported({"WEIGHTS"});
}

keywords::KeywordTable<DisconnectOptions> build_table() {
  keywords::KeywordTable<DisconnectOptions> t;
  add_required_keywords(t);
  add_analysis_keywords(t);
  add_branches_drawn_keywords(t);
  add_layout_labels_keywords(t);
  add_colours_keywords(t);
  add_dumps_keywords(t);
  add_newer_build_keywords(t);
  return t;
}

}  // namespace

bool parse_f_format(std::string_view text, int& width, int& decimals) {
  std::string s;
  for (char c : text)
    if (c != '(' && c != ')' && c != ' ')
      s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (s.size() < 4 || s[0] != 'F') return false;
  const std::size_t dot = s.find('.');
  if (dot == std::string::npos || dot < 2 || dot + 1 >= s.size()) return false;
  int w = 0, d = 0;
  for (std::size_t i = 1; i < dot; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    w = 10 * w + (s[i] - '0');
    if (w > 60) return false;
  }
  for (std::size_t i = dot + 1; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    d = 10 * d + (s[i] - '0');
    if (d > 30) return false;
  }
  if (w < 1 || d >= w) return false;
  width = w;
  decimals = d;
  return true;
}

std::string format_fortran_f(double value, int width, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s == fmt::format("-{:.{}f}", 0.0, decimals)) s.erase(0, 1);  // Fortran writes no -0.00
  if (s.size() > static_cast<std::size_t>(width) && s.rfind("0.", 0) == 0) s.erase(0, 1);
  if (s.size() > static_cast<std::size_t>(width) && s.rfind("-0.", 0) == 0) s.erase(1, 1);
  if (s.size() > static_cast<std::size_t>(width))
    return std::string(static_cast<std::size_t>(width), '*');
  return std::string(static_cast<std::size_t>(width) - s.size(), ' ') + s;
}

const keywords::KeywordTable<DisconnectOptions>& disconnect_keyword_table() {
  static const keywords::KeywordTable<DisconnectOptions> table = build_table();
  return table;
}

}  // namespace landscape::disconnect
