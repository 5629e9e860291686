#pragma once
// One drawing code for every picture of the suite (disconnectivity graphs, C_V plots): a page of
// lines, polylines, marks and text, written by cairo as PostScript, SVG and PNG. cairo's SVG
// surface cannot carry tooltips, so they are kept apart and added to its SVG in a post-pass.

#include <cstddef>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace landscape {

/// An RGB colour, each component in [0, 1].
struct Colour {
  double r = 0.0, g = 0.0, b = 0.0;
  friend bool operator==(const Colour&, const Colour&) = default;
};

inline constexpr Colour kBlack{0, 0, 0};
inline constexpr Colour kRed{1, 0, 0};

/// Horizontal placement of a text relative to its anchor point.
enum class TextAlign { kLeft, kCentre, kRight };

/// Output formats of a figure.
enum class FigureFormat { kPostScript, kSvg, kPng };

/// A page in PostScript points (1/72 inch), origin at the bottom left and y upwards, as in
/// disconnectionDPS's tree.ps. Items are drawn in the order they were added. Consecutive lines of
/// the same style are kept as one batch and stroked as one path, so a figure of millions of
/// segments stays cheap to build and to write.
class Figure {
 public:
  /// A page of width x height points (A4: 595 x 842).
  Figure(double width, double height);

  double width() const { return width_; }
  double height() const { return height_; }

  /// A straight segment from (x1, y1) to (x2, y2); width in points.
  void line(double x1, double y1, double x2, double y2, Colour colour = kBlack, double width = 0.5);
  /// A connected line through the points (x0, y0, x1, y1, ...); dashed draws it dashed.
  void polyline(const std::vector<double>& xy, Colour colour = kBlack, double width = 1.0,
                bool dashed = false);
  /// A filled disc of radius r.
  void disc(double x, double y, double r, Colour colour = kBlack);
  /// Text with its baseline at y, placed at x by align; size in points; angle in degrees,
  /// anticlockwise (90 for a y-axis title).
  void text(double x, double y, std::string text, double size = 10.0, Colour colour = kBlack,
            TextAlign align = TextAlign::kLeft, double angle = 0.0);
  /// A tooltip over the segment (x1, y1)-(x2, y2), shown when the pointer is over it in an SVG
  /// viewer (an invisible wide line carrying a <title>). PostScript and PNG ignore tooltips.
  void tooltip(double x1, double y1, double x2, double y2, std::string text);

  /// Number of line segments drawn (batched lines plus polyline pieces).
  std::size_t n_segments() const { return n_segments_; }
  std::size_t n_tooltips() const { return tooltips_.size(); }

  /// Writes the figure; throws RuntimeError naming the file when cairo or the file system fails.
  /// PNG pixels per point: png_scale (2 gives 1190 x 1684 pixels for A4), on a white background;
  /// figures of more than 50,000 segments use cairo's fast antialiasing for the PNG.
  void write(const std::filesystem::path& path, FigureFormat format, double png_scale = 2.0) const;
  /// The SVG text (cairo's SVG with the tooltips added).
  std::string svg() const;

 private:
  struct Style {
    Colour colour;
    double width = 0.5;
    bool dashed = false;
    friend bool operator==(const Style&, const Style&) = default;
  };
  enum class Kind { kLines, kPolyline, kDisc, kText };
  struct Item {
    Kind kind;
    Style style;
    std::vector<double>
        xy;  ///< kLines: x1 y1 x2 y2 per segment; kPolyline: points; kDisc/kText: x y (r)
    std::string text;
    double size = 0.0, angle = 0.0;
    TextAlign align = TextAlign::kLeft;
  };
  struct Tooltip {
    double x1, y1, x2, y2;
    std::string text;
  };

  void render(void* cairo_context) const;
  /// cairo's SVG with the tooltips added, to a string and/or a file as it is produced.
  void write_svg(std::string* to_string, std::ofstream* to_file) const;

  double width_, height_;
  std::vector<Item> items_;
  std::vector<Tooltip> tooltips_;
  std::size_t n_segments_ = 0;
};

/// Width in points of a text at a font size, as a Figure draws it (cairo's advance, same font).
double text_width(const std::string& text, double size);

/// Escapes &, <, > and quotes for XML text and attributes.
std::string xml_escape(const std::string& text);

/// Axis ticks: about `target` round values (1, 2 or 5 times a power of ten) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target = 6);

/// The label of an axis tick at v on an axis whose ticks are step apart: as many decimals as the
/// step needs, and never "-0".
std::string tick_label(double v, double step);

}  // namespace landscape
