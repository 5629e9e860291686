#include "disconnect/tree_figure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "common/plotting/label_placement.hpp"
#include "disconnect/disconnect_keywords.hpp"

namespace landscape::disconnect {
namespace {

constexpr double kBranchWidth = 0.5;  // points; disconnectionDPS's 0.1 is too faint on screen
constexpr double kAxisWidth = 0.5;
constexpr double kTick = 3.0;
constexpr double kAxisFont = 10.0;
constexpr double kAxisLine = 1.2 * kAxisFont;  // least spacing of two axis labels, points
constexpr int kMaxAxisDecimals = 12;
constexpr double kIdTick = 10.0;      // IDMIN's tick below the branch end, points
constexpr double kDigitHeight = 0.8;  // a label's box: digits' height, in font sizes
constexpr double kLabelGap = 0.25;    // space above a label, in font sizes
constexpr std::size_t kNoLine = static_cast<std::size_t>(-1);

Colour hsv(double hue_degrees) {
  const double h = std::fmod(hue_degrees, 360.0) / 60.0;
  const double x = 1.0 - std::fabs(std::fmod(h, 2.0) - 1.0);
  switch (static_cast<int>(h)) {
    case 0:
      return {1, x, 0};
    case 1:
      return {x, 1, 0};
    case 2:
      return {0, 1, x};
    case 3:
      return {0, x, 1};
    case 4:
      return {x, 0, 1};
    default:
      return {1, 0, x};
  }
}

/// The energy axis: a tick per level, the labels of energy_axis_labels, and the axis title.
void draw_energy_axis(Figure& fig, const TreePage& page, const DisconnectivityGraph& graph,
                      const DisconnectOptions& options) {
  const double ax = page.axis_x();
  fig.line(ax, page.y(graph.levels.front().energy), ax, page.y(graph.levels.back().energy), kBlack,
           kAxisWidth);
  for (const auto& level : graph.levels)
    fig.line(ax - kTick / 2, page.y(level.energy), ax + kTick / 2, page.y(level.energy), kBlack,
             kAxisWidth);
  const EnergyAxisLabels axis = energy_axis_labels(graph, options, page);
  double widest = 0.0;
  for (std::size_t l = 0; l < graph.levels.size(); ++l) {
    if (axis.labels[l].empty()) continue;
    widest = std::max(widest, text_width(axis.labels[l], kAxisFont));
    fig.text(ax - kTick - 2.0, page.y(graph.levels[l].energy) - 0.35 * kAxisFont, axis.labels[l],
             kAxisFont, kBlack, TextAlign::kRight);
  }
  if (options.axis_title.empty()) return;
  // Left of the widest label, rotated, centred on the axis.
  const double x = std::max(kAxisFont, ax - kTick - 2.0 - widest - 0.5 * kAxisFont);
  const double y = 0.5 * (page.y(graph.levels.front().energy) + page.y(graph.levels.back().energy));
  fig.text(x, y, options.axis_title, kAxisFont + 1.0, kBlack, TextAlign::kCentre, 90.0);
}

/// A vertical line of the drawing: one segment or several that continue each other.
struct VerticalLine {
  double x, e1, e2;
  int colour;
};

/// The segments as lines to draw: the slanted ones as they are, the vertical ones merged.
struct BranchLines {
  std::vector<VerticalLine> vertical;
  std::vector<const TreeSegment*> slanted;
};

/// Sorts the segments into slanted and vertical lines. A segment that continues the line above it
/// straight down (same x, same colour) extends that line instead of starting one: the picture is
/// the same and the files are smaller.
BranchLines branch_lines(const DisconnectivityGraph& graph, std::size_t n_levels) {
  BranchLines lines;
  std::vector<std::vector<std::size_t>> line_of(n_levels);
  for (std::size_t l = 0; l < n_levels; ++l)
    line_of[l].assign(graph.levels[l].nodes.size(), kNoLine);
  for (const TreeSegment& s : graph.segments) {
    if (s.x1 != s.x2) {
      lines.slanted.push_back(&s);
      continue;
    }
    auto& vertical = lines.vertical;
    const std::size_t parent = graph.levels[s.level].nodes[s.node].parent;
    const std::size_t above = line_of[s.level - 1][parent];
    if (above != kNoLine && vertical[above].x == s.x1 && vertical[above].colour == s.colour &&
        vertical[above].e2 == s.e1) {
      vertical[above].e2 = s.e2;
      line_of[s.level][s.node] = above;
    } else {
      line_of[s.level][s.node] = vertical.size();
      vertical.push_back({s.x1, s.e1, s.e2, s.colour});
    }
  }
  return lines;
}

/// The branches: black first, then the coloured ones (TRMIN) on top of them, list by list.
void draw_branches(Figure& fig, const TreePage& page, const DisconnectivityGraph& graph,
                   const DisconnectOptions& options) {
  const BranchLines lines = branch_lines(graph, options.graph.levels);
  const int n_lists = options.trmin ? static_cast<int>(options.trmin->n_lists) : 0;
  for (int pass = 0; pass <= n_lists; ++pass) {
    const Colour c = pass == 0 ? kBlack : list_colour(pass, n_lists, options.choose_colours);
    for (const TreeSegment* s : lines.slanted)
      if (s->colour == pass)
        fig.line(page.x(s->x1), page.y(s->e1), page.x(s->x2), page.y(s->e2), c, kBranchWidth);
    for (const VerticalLine& v : lines.vertical)
      if (v.colour == pass)
        fig.line(page.x(v.x), page.y(v.e1), page.x(v.x), page.y(v.e2), c, kBranchWidth);
  }
}

/// A tooltip on every branch end: "minimum i, E = ...".
void add_branch_end_tooltips(Figure& fig, const TreePage& page, const DisconnectivityGraph& graph,
                             const std::vector<double>& minimum_energies) {
  for (const TreeSegment& s : graph.segments)
    if (s.leaf)
      fig.tooltip(
          page.x(s.x1), page.y(s.e1), page.x(s.x2), page.y(s.e2),
          fmt::format("minimum {}, E = {:.10g}", s.minimum + 1, minimum_energies[s.minimum]));
}

/// IDENTIFY_NODE and IDENTIFY_NODE_SIZE: each node below the top level with enough minima gets
/// its level_position name or its size.
void label_nodes(Figure& fig, const TreePage& page, const DisconnectivityGraph& graph,
                 const DisconnectOptions& options) {
  const double ls = options.label_size;
  for (std::size_t l = 1; l < options.graph.levels; ++l) {
    const TreeLevel& level = graph.levels[l];
    for (std::size_t j = 0; j < level.order.size(); ++j) {
      const TreeNode& node = level.nodes[level.order[j]];
      const double x = page.x(node.x), y = page.y(level.energy);
      if (options.identify_node && node.n_children > 1 &&
          static_cast<long long>(node.size) > *options.identify_node)
        fig.text(x, y, fmt::format("{}_{}", l + 1, j + 1), ls, Colour{0.5, 0, 1});
      if (options.identify_node_size && node.size > 1 &&
          static_cast<long long>(node.size) > *options.identify_node_size)
        fig.text(x, y, fmt::format("{}", node.size), ls, Colour{0, 0.7, 0});
    }
  }
}

/// Draws the minimum labels: IDMIN's tick, a leader line where a label moved down, the number.
void draw_minimum_labels(Figure& fig, const std::vector<MinimumLabel>& labels,
                         const DisconnectOptions& options) {
  const double gap = kLabelGap * options.label_size;
  for (const MinimumLabel& l : labels) {
    if (l.tick) fig.line(l.x, l.y, l.x, l.y - kIdTick, kRed, 1.0);
    if (l.moved)
      fig.line(l.x, l.y - (l.tick ? kIdTick : 0.0), l.x, l.box.top() + 0.5 * gap, kRed, 0.25);
    fig.text(l.x, l.box.bottom, l.text, options.label_size, kRed, TextAlign::kCentre);
  }
}

}  // namespace

TreePage TreePage::for_options(const DisconnectOptions& o) {
  TreePage p;
  if (o.letter) {
    p.width = 612.0;
    p.height = 792.0;
  }
  p.first = o.graph.first;
  p.delta = o.graph.delta;
  p.levels = o.graph.levels;
  return p;
}

Colour list_colour(int k, int n, bool choose_colours) {
  if (choose_colours) {
    static const Colour kSet[] = {{1, 0, 0},    {0, 0.75, 0},    {0, 0, 1},        {1, 0, 1},
                                  {1, 0.55, 0}, {0, 0.75, 0.75}, {0.55, 0.3, 0.1}, {0.5, 0.5, 0.5}};
    return kSet[static_cast<std::size_t>(k - 1) % std::size(kSet)];
  }
  const double hue = n <= 1 ? 0.0 : 270.0 * static_cast<double>(k - 1) / static_cast<double>(n - 1);
  return hsv(hue);
}

/// TRMIN's legend in the top margin, right-aligned: a line of each list's colour and its file.
void draw_trmin_legend(Figure& fig, const TreePage& page, const DisconnectOptions& options) {
  if (!options.trmin) return;
  const int n = static_cast<int>(options.trmin->n_lists);
  const double x = page.width - page.margin_x;
  for (int k = 1; k <= n && k <= static_cast<int>(options.trmin->files.size()); ++k) {
    const double y = page.height - 12.0 - 10.0 * (k - 1);
    const Colour c = list_colour(k, n, options.choose_colours);
    fig.line(x - 18.0, y + 3.0, x, y + 3.0, c, 2.0);
    fig.text(x - 22.0, y, options.trmin->files[static_cast<std::size_t>(k - 1)], 8.0, kBlack,
             TextAlign::kRight);
  }
}

EnergyAxisLabels energy_axis_labels(const DisconnectivityGraph& graph,
                                    const DisconnectOptions& options, const TreePage& page) {
  EnergyAxisLabels axis;
  axis.width = options.label_width;
  axis.decimals = options.label_decimals;
  const std::size_t n = graph.levels.size();
  auto label = [&](std::size_t l) {
    std::string s = format_fortran_f(graph.levels[l].energy, axis.width, axis.decimals);
    return s.erase(0, s.find_first_not_of(' '));
  };
  // More decimals while two neighbouring levels read the same (LABELFORMAT too coarse for DELTA),
  // a wider field while a value does not fit (Fortran's asterisks).
  for (int tries = 0; tries < 40; ++tries) {
    bool clash = false, overflow = false;
    for (std::size_t l = 0; l < n; ++l) {
      const std::string s = label(l);
      overflow = overflow || s.find('*') != std::string::npos;
      clash = clash || (l > 0 && s == label(l - 1));
    }
    if (overflow)
      ++axis.width;
    else if (clash && axis.decimals < kMaxAxisDecimals) {
      ++axis.decimals;
      ++axis.width;
    } else {
      break;
    }
  }
  // A label every stride levels, from the top one, where levels are closer than a label's line.
  const double spacing =
      n > 1 ? page.y(graph.levels[0].energy) - page.y(graph.levels[1].energy) : 2.0 * kAxisFont;
  axis.stride = spacing >= kAxisLine ? 1 : static_cast<std::size_t>(std::ceil(kAxisLine / spacing));
  axis.labels.resize(n);
  for (std::size_t l = 0; l < n; l += axis.stride) axis.labels[l] = label(l);
  return axis;
}

std::vector<MinimumLabel> minimum_labels(const DisconnectivityGraph& graph,
                                         const DisconnectOptions& options, const TreePage& page,
                                         std::size_t n_minima) {
  std::vector<const TreeSegment*> end_of(n_minima, nullptr);
  for (const TreeSegment& s : graph.segments)
    if (s.leaf && s.minimum < n_minima) end_of[s.minimum] = &s;
  std::vector<MinimumLabel> labels;
  std::vector<bool> named(n_minima, false);
  auto add = [&](std::size_t m, bool tick) {
    MinimumLabel l;
    l.minimum = m;
    l.x = page.x(end_of[m]->x2);
    l.y = page.y(end_of[m]->e2);
    l.text = fmt::format("{}", m + 1);
    l.tick = tick;
    labels.push_back(std::move(l));
  };
  for (long long id : options.id_minima) {
    const std::size_t m = static_cast<std::size_t>(id - 1);
    if (m >= n_minima || !end_of[m] || named[m]) continue;
    named[m] = true;
    add(m, true);
  }
  if (options.identify)
    for (std::size_t m = 0; m < n_minima; ++m)
      if (end_of[m] && !named[m]) add(m, false);
  if (labels.empty()) return labels;
  const double size = options.label_size;
  const double height = kDigitHeight * size, gap = kLabelGap * size;
  std::vector<LabelBox> wanted;
  for (const MinimumLabel& l : labels) {
    const double width = text_width(l.text, size);
    const double below = l.tick ? kIdTick + gap : gap;
    wanted.push_back({l.x - 0.5 * width, l.y - below - height, width, height});
  }
  const std::vector<LabelBox> placed = place_labels_below(wanted, height + gap);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    labels[i].box = placed[i];
    labels[i].moved = placed[i].bottom < wanted[i].bottom;
  }
  return labels;
}

Figure draw_tree(const DisconnectivityGraph& graph, const DisconnectOptions& options,
                 const std::vector<double>& minimum_energies) {
  const TreePage page = TreePage::for_options(options);
  Figure fig(page.width, page.height);
  draw_energy_axis(fig, page, graph, options);
  draw_branches(fig, page, graph, options);
  add_branch_end_tooltips(fig, page, graph, minimum_energies);

  if (options.identify_node || options.identify_node_size) label_nodes(fig, page, graph, options);
  draw_minimum_labels(fig, minimum_labels(graph, options, page, minimum_energies.size()), options);
  draw_trmin_legend(fig, page, options);
  return fig;
}

}  // namespace landscape::disconnect
