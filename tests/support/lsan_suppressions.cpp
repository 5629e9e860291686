// Linked into every test executable (tests/CMakeLists.txt, cmake/LandscapeTest.cmake). cairo 1.16's
// PostScript surface loses a font-subset buffer when it finishes a file, and fontconfig keeps
// pieces of its parsed configuration unreachable (any text drawn or measured loads it): neither is
// ours, so LeakSanitizer is told to ignore leaks that those libraries allocate (ours would still
// show).
extern "C" const char* __lsan_default_suppressions() {
  return "leak:libcairo.so\nleak:libfontconfig.so\n";
}
