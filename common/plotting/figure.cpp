#include "common/plotting/figure.hpp"

#include <cairo-ps.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <memory>
#include <numbers>

#include "common/io/errors.hpp"

namespace landscape {
namespace {

/// Above this many segments the PNG is rasterised with cairo's fast antialiasing: a dense graph of
/// 100,000 minima draws in a third of the time and looks the same at screen resolution.
constexpr std::size_t kFastAntialiasSegments = 50000;

/// Segments per cairo path: long enough that stroking is cheap, short enough that cairo's path
/// storage and the PostScript interpreter's path limit stay small.
constexpr std::size_t kSegmentsPerStroke = 20000;

struct SurfaceCloser {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextCloser {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, SurfaceCloser>;
using ContextPtr = std::unique_ptr<cairo_t, ContextCloser>;

void check(cairo_status_t status, const std::string& what) {
  if (status != CAIRO_STATUS_SUCCESS)
    throw RuntimeError(fmt::format("{}: {}", what, cairo_status_to_string(status)));
}

std::string number(double v) { return fmt::format("{:.2f}", v); }

}  // namespace

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

Figure::Figure(double width, double height) : width_(width), height_(height) {}

void Figure::line(double x1, double y1, double x2, double y2, Colour colour, double width) {
  const Style style{colour, width, false};
  if (items_.empty() || items_.back().kind != Kind::kLines || !(items_.back().style == style))
    items_.push_back(Item{Kind::kLines, style, {}, {}, 0.0, 0.0, TextAlign::kLeft});
  auto& xy = items_.back().xy;
  xy.insert(xy.end(), {x1, y1, x2, y2});
  ++n_segments_;
}

void Figure::polyline(const std::vector<double>& xy, Colour colour, double width, bool dashed) {
  if (xy.size() < 4) return;
  items_.push_back(
      Item{Kind::kPolyline, Style{colour, width, dashed}, xy, {}, 0.0, 0.0, TextAlign::kLeft});
  n_segments_ += xy.size() / 2 - 1;
}

void Figure::disc(double x, double y, double r, Colour colour) {
  items_.push_back(
      Item{Kind::kDisc, Style{colour, 0.0, false}, {x, y, r}, {}, 0.0, 0.0, TextAlign::kLeft});
}

void Figure::text(double x, double y, std::string text, double size, Colour colour, TextAlign align,
                  double angle) {
  items_.push_back(
      Item{Kind::kText, Style{colour, 0.0, false}, {x, y}, std::move(text), size, angle, align});
}

void Figure::tooltip(double x1, double y1, double x2, double y2, std::string text) {
  tooltips_.push_back({x1, y1, x2, y2, std::move(text)});
}

namespace {
constexpr const char* kFontFamily = "Times";
}  // namespace

double text_width(const std::string& text, double size) {
  // One small context for all measurements: the font and size are all that matter.
  static const SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1));
  static const ContextPtr cr(cairo_create(surface.get()));
  cairo_select_font_face(cr.get(), kFontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr.get(), size);
  cairo_text_extents_t extents;
  cairo_text_extents(cr.get(), text.c_str(), &extents);
  return extents.x_advance;
}

void Figure::render(void* context) const {
  cairo_t* cr = static_cast<cairo_t*>(context);
  const double h = height_;
  cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  cairo_select_font_face(cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  for (const Item& item : items_) {
    const Colour& c = item.style.colour;
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    switch (item.kind) {
      case Kind::kLines: {
        cairo_set_line_width(cr, item.style.width);
        cairo_set_dash(cr, nullptr, 0, 0.0);
        const std::size_t n = item.xy.size() / 4;
        for (std::size_t s = 0; s < n; ++s) {
          const double* p = &item.xy[4 * s];
          cairo_move_to(cr, p[0], h - p[1]);
          cairo_line_to(cr, p[2], h - p[3]);
          if ((s + 1) % kSegmentsPerStroke == 0) cairo_stroke(cr);
        }
        cairo_stroke(cr);
        break;
      }
      case Kind::kPolyline: {
        cairo_set_line_width(cr, item.style.width);
        const double dash[] = {4.0 * item.style.width, 3.0 * item.style.width};
        if (item.style.dashed)
          cairo_set_dash(cr, dash, 2, 0.0);
        else
          cairo_set_dash(cr, nullptr, 0, 0.0);
        cairo_move_to(cr, item.xy[0], h - item.xy[1]);
        for (std::size_t i = 2; i + 1 < item.xy.size(); i += 2)
          cairo_line_to(cr, item.xy[i], h - item.xy[i + 1]);
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0.0);
        break;
      }
      case Kind::kDisc:
        cairo_new_sub_path(cr);
        cairo_arc(cr, item.xy[0], h - item.xy[1], item.xy[2], 0.0, 2.0 * std::numbers::pi);
        cairo_fill(cr);
        break;
      case Kind::kText: {
        cairo_set_font_size(cr, item.size);
        cairo_text_extents_t extents;
        cairo_text_extents(cr, item.text.c_str(), &extents);
        const double shift = item.align == TextAlign::kLeft     ? 0.0
                             : item.align == TextAlign::kCentre ? -0.5 * extents.x_advance
                                                                : -extents.x_advance;
        cairo_save(cr);
        cairo_translate(cr, item.xy[0], h - item.xy[1]);
        cairo_rotate(cr, -item.angle * std::numbers::pi / 180.0);
        cairo_move_to(cr, shift, 0.0);
        cairo_show_text(cr, item.text.c_str());
        cairo_new_path(cr);
        cairo_restore(cr);
        break;
      }
    }
  }
}

namespace {

/// Receives cairo's SVG and passes it on, holding back its last bytes so that the closing
/// </svg> can be found and the tooltips put before it.
class SvgSink {
 public:
  explicit SvgSink(std::string* to_string, std::ofstream* to_file)
      : string_(to_string), file_(to_file) {}
  static cairo_status_t write(void* closure, const unsigned char* data, unsigned int length) {
    auto* self = static_cast<SvgSink*>(closure);
    self->tail_.append(reinterpret_cast<const char*>(data), length);
    if (self->tail_.size() > 2 * kHold) {
      self->emit(self->tail_.substr(0, self->tail_.size() - kHold));
      self->tail_.erase(0, self->tail_.size() - kHold);
    }
    return CAIRO_STATUS_SUCCESS;
  }
  /// Writes what is held back with overlay inserted before </svg>.
  void finish(const std::string& overlay) {
    const std::size_t close = tail_.rfind("</svg>");
    if (close == std::string::npos) throw RuntimeError("SVG output: cairo wrote no closing </svg>");
    tail_.insert(close, overlay);
    emit(tail_);
    tail_.clear();
  }

 private:
  static constexpr std::size_t kHold = 4096;
  void emit(const std::string& text) {
    if (string_) string_->append(text);
    if (file_) file_->write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  std::string* string_;
  std::ofstream* file_;
  std::string tail_;
};

}  // namespace

void Figure::write_svg(std::string* to_string, std::ofstream* to_file) const {
  SvgSink sink(to_string, to_file);
  {
    SurfacePtr surface(cairo_svg_surface_create_for_stream(SvgSink::write, &sink, width_, height_));
    check(cairo_surface_status(surface.get()), "SVG surface");
    ContextPtr cr(cairo_create(surface.get()));
    render(cr.get());
    check(cairo_status(cr.get()), "SVG drawing");
    cr.reset();
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "SVG output");
  }
  // The post-pass: invisible wide lines carrying <title> elements, drawn last so that they are on
  // top for the pointer. A stroke of opacity 0 is still "painted", so it receives pointer events.
  std::string overlay;
  if (!tooltips_.empty()) {
    overlay =
        "<g id=\"tooltips\" fill=\"none\" stroke=\"#000000\" stroke-opacity=\"0\" "
        "stroke-width=\"5\" stroke-linecap=\"round\">\n";
    for (const Tooltip& t : tooltips_)
      overlay += "<line x1=\"" + number(t.x1) + "\" y1=\"" + number(height_ - t.y1) + "\" x2=\"" +
                 number(t.x2) + "\" y2=\"" + number(height_ - t.y2) + "\"><title>" +
                 xml_escape(t.text) + "</title></line>\n";
    overlay += "</g>\n";
  }
  sink.finish(overlay);
}

std::string Figure::svg() const {
  std::string text;
  write_svg(&text, nullptr);
  return text;
}

void Figure::write(const std::filesystem::path& path, FigureFormat format, double png_scale) const {
  const std::string name = path.filename().string();
  switch (format) {
    case FigureFormat::kSvg: {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      if (!out) throw RuntimeError(fmt::format("{}: cannot write", name));
      write_svg(nullptr, &out);
      out.flush();
      if (!out) throw RuntimeError(fmt::format("{}: cannot write", name));
      return;
    }
    case FigureFormat::kPostScript: {
      SurfacePtr surface(cairo_ps_surface_create(path.c_str(), width_, height_));
      check(cairo_surface_status(surface.get()), name);
      ContextPtr cr(cairo_create(surface.get()));
      render(cr.get());
      check(cairo_status(cr.get()), name);
      cr.reset();
      cairo_surface_finish(surface.get());
      check(cairo_surface_status(surface.get()), name);
      return;
    }
    case FigureFormat::kPng: {
      const int w = static_cast<int>(std::lround(width_ * png_scale));
      const int h = static_cast<int>(std::lround(height_ * png_scale));
      SurfacePtr surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
      check(cairo_surface_status(surface.get()), name);
      ContextPtr cr(cairo_create(surface.get()));
      cairo_set_source_rgb(cr.get(), 1, 1, 1);
      cairo_paint(cr.get());
      cairo_scale(cr.get(), png_scale, png_scale);
      if (n_segments_ > kFastAntialiasSegments) cairo_set_antialias(cr.get(), CAIRO_ANTIALIAS_FAST);
      render(cr.get());
      check(cairo_status(cr.get()), name);
      cr.reset();
      cairo_surface_flush(surface.get());
      check(cairo_surface_write_to_png(surface.get(), path.c_str()), name);
      return;
    }
  }
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / target;
  const int exponent = static_cast<int>(std::floor(std::log10(raw)));
  const double power = std::pow(10.0, std::abs(exponent));  // exact for the exponents of plots
  double mantissa = 10.0;
  for (double m : {1.0, 2.0, 5.0})
    if ((exponent >= 0 ? m * power : m / power) >= raw) {
      mantissa = m;
      break;
    }
  // Tick k is k * mantissa * 10^exponent, computed so that 0.6 is 0.6 and not 0.6000000000000001.
  auto tick = [&](long long k) {
    const double km = static_cast<double>(k) * mantissa;
    return exponent >= 0 ? km * power : km / power;
  };
  const double step = exponent >= 0 ? mantissa * power : mantissa / power;
  std::vector<double> ticks;
  for (auto k = static_cast<long long>(std::ceil(lo / step - 1e-9)); tick(k) <= hi + 1e-9 * step;
       ++k)
    ticks.push_back(tick(k));
  return ticks;
}

std::string tick_label(double v, double step) {
  const int decimals = std::max(0, static_cast<int>(std::ceil(-std::log10(step) - 1e-9)));
  std::string s = fmt::format("{:.{}f}", v, decimals);
  if (s == fmt::format("-{:.{}f}", 0.0, decimals)) s.erase(0, 1);
  return s;
}

}  // namespace landscape
