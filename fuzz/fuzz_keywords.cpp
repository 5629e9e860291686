// The keyword parser of each program on arbitrary text (data, odata, pathdata, dinfo): every
// problem is a diagnostic with file:line, never a throw or a crash. FUZZ_PROGRAM selects the table.
#include "disconnect/disconnect_keywords.hpp"
#include "fuzz/fuzz_support.hpp"
#include "gmin/gmin_keywords.hpp"
#include "optim/optim_keywords.hpp"
#include "pathsample/pathsample_keywords.hpp"

namespace {

template <class Options, class Table>
void parse(const Table& table, const char* file, std::string_view text) {
  Options options;
  const auto result = table.parse(file, text, options);
  for (const auto& d : result.diagnostics)
    if (d.line < 0) __builtin_trap();  // a diagnostic always names its line (0: the file)
  (void)table.echo(result);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landscape;
  const std::string_view text = fuzz::as_text(data, size);
#if FUZZ_PROGRAM == 1
  parse<gmin::GminOptions>(gmin::gmin_keyword_table(), "data", text);
#elif FUZZ_PROGRAM == 2
  parse<optim::OptimOptions>(optim::optim_keyword_table(), "odata", text);
#elif FUZZ_PROGRAM == 3
  parse<pathsample::PathsampleOptions>(pathsample::pathsample_keyword_table(), "pathdata", text);
#else
  parse<disconnect::DisconnectOptions>(disconnect::disconnect_keyword_table(), "dinfo", text);
#endif
  return 0;
}
