// The drawing code: PostScript, SVG (with the tooltip post-pass) and PNG from one figure.
#include "common/plotting/figure.hpp"

#include <cairo.h>
#include <gtest/gtest.h>

#include "common/io/errors.hpp"
#include "pathsample/cv_plot.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

using landscape::Figure;
using landscape::FigureFormat;

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

Figure sample() {
  Figure fig(200, 100);
  for (int i = 0; i < 50; ++i) fig.line(10 + i, 10, 10 + i, 90, kBlack, 0.5);
  fig.line(0, 0, 200, 100, kRed, 1.0);
  fig.polyline({0, 50, 100, 60, 200, 50}, {0, 0, 1}, 1.0, true);
  fig.disc(100, 50, 3);
  fig.text(100, 20, "E = -173.93 & <more>", 10, kBlack, TextAlign::kCentre);
  fig.tooltip(10, 10, 10, 90, "minimum 1, E = -1 & <2>");
  fig.tooltip(11, 10, 11, 90, "minimum 2");
  return fig;
}

TEST(Figure, BatchesLinesOfOneStyle) {
  const Figure fig = sample();
  EXPECT_EQ(fig.n_segments(), 53u);
  EXPECT_EQ(fig.n_tooltips(), 2u);
}

TEST(Figure, WritesPostScriptSvgAndPng) {
  const auto dir = scratch_dir("figure");
  const Figure fig = sample();
  fig.write(dir / "f.ps", FigureFormat::kPostScript);
  fig.write(dir / "f.svg", FigureFormat::kSvg);
  fig.write(dir / "f.png", FigureFormat::kPng, 3.0);
  const std::string ps = read_file(dir / "f.ps");
  EXPECT_EQ(ps.rfind("%!PS-Adobe", 0), 0u);
  EXPECT_NE(ps.find("%%EOF"), std::string::npos);
  const std::string svg = read_file(dir / "f.svg");
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  EXPECT_EQ(count(svg, "<title>"), 2u);
  EXPECT_NE(svg.find("<title>minimum 1, E = -1 &amp; &lt;2&gt;</title>"), std::string::npos);
  // The tooltips come last, inside the document, at SVG coordinates (y down).
  EXPECT_LT(svg.find("id=\"tooltips\""), svg.rfind("</svg>"));
  EXPECT_NE(svg.find("x1=\"10.00\" y1=\"90.00\" x2=\"10.00\" y2=\"10.00\""), std::string::npos);
  cairo_surface_t* png = cairo_image_surface_create_from_png((dir / "f.png").c_str());
  ASSERT_EQ(cairo_surface_status(png), CAIRO_STATUS_SUCCESS);
  EXPECT_EQ(cairo_image_surface_get_width(png), 600);
  EXPECT_EQ(cairo_image_surface_get_height(png), 300);
  // A pixel on the blue dashed polyline's first dash is not white; a corner far from all lines is.
  cairo_surface_flush(png);
  const unsigned char* data = cairo_image_surface_get_data(png);
  const int stride = cairo_image_surface_get_stride(png);
  auto pixel = [&](int x, int y) {
    return *reinterpret_cast<const uint32_t*>(data + y * stride + 4 * x) & 0xffffffu;
  };
  EXPECT_EQ(pixel(599, 3), 0xffffffu);
  EXPECT_NE(pixel(3 * 25, 3 * 50), 0xffffffu);  // the vertical black lines at x = 10 .. 59
  cairo_surface_destroy(png);
  std::filesystem::remove_all(dir);
}

TEST(Figure, ReportsFilesThatCannotBeWritten) {
  const Figure fig = sample();
  EXPECT_THROW(fig.write("/nonexistent-dir/f.png", FigureFormat::kPng), RuntimeError);
  EXPECT_THROW(fig.write("/nonexistent-dir/f.svg", FigureFormat::kSvg), RuntimeError);
  EXPECT_THROW(fig.write("/nonexistent-dir/f.ps", FigureFormat::kPostScript), RuntimeError);
}

TEST(CvPlot, TicksAreRoundNumbers) {
  EXPECT_EQ(nice_ticks(0.0, 1.0), (std::vector<double>{0.0, 0.2, 0.4, 0.6, 0.8, 1.0}));
  const auto t = nice_ticks(107.3, 125.1);
  ASSERT_FALSE(t.empty());
  EXPECT_DOUBLE_EQ(t.front(), 110.0);
  EXPECT_DOUBLE_EQ(t.back(), 125.0);
}

TEST(CvPlot, MarksAndTooltipsOnTheCurve) {
  std::vector<pathsample::HeatCapacityPoint> cv;
  for (int i = 0; i <= 100; ++i) cv.push_back({0.01 * i, 100.0 + i % 7, 0, 0});
  const Figure fig = pathsample::plot_heat_capacity(cv, {{0.3, "1: T = 0.3"}}, "test");
  EXPECT_EQ(fig.n_tooltips(), 100u);
  const std::string svg = fig.svg();
  EXPECT_NE(svg.find("T = 0.5, C_V = 101"), std::string::npos);
}

}  // namespace
}  // namespace landscape::testing
