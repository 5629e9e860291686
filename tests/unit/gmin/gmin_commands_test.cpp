// gmin's --dataset command: it writes MLPdata and MLPdata.test, and never replaces them silently
// under a database whose minima are minima of the loss over them.
#include "gmin/gmin_commands.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "common/io/errors.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::gmin {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::scratch_dir;
using testing::write_file;

/// A stream written by the command and read back.
class Captured {
 public:
  Captured() : file_(std::tmpfile()) {}
  ~Captured() { std::fclose(file_); }
  Captured(const Captured&) = delete;
  Captured& operator=(const Captured&) = delete;
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    std::rewind(file_);
    std::string s;
    for (int c; (c = std::fgetc(file_)) != EOF;) s += static_cast<char>(c);
    return s;
  }

 private:
  std::FILE* file_;
};

struct Outcome {
  int status;
  std::string out, err;
};

Outcome dataset(const fs::path& dir, const std::vector<std::string>& args) {
  Captured out, err;
  const int status = write_dataset_command(args, dir, out.file(), err.file());
  return {status, out.text(), err.text()};
}

TEST(DatasetCommand, WritesBothFilesInAnEmptyDirectory) {
  const fs::path dir = scratch_dir("dataset-empty");
  const Outcome r = dataset(dir, {"spiral", "1", "40", "10"});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_NE(r.out.find("wrote 40 training items to MLPdata and 10 test items"), std::string::npos)
      << r.out;
  EXPECT_TRUE(fs::exists(dir / "MLPdata"));
  EXPECT_TRUE(fs::exists(dir / "MLPdata.test"));
  fs::remove_all(dir);
}

TEST(DatasetCommand, ReplacesDataWithoutADatabase) {
  const fs::path dir = scratch_dir("dataset-no-db");
  ASSERT_EQ(dataset(dir, {"spiral", "1", "40", "10"}).status, kExitOk);
  const std::string before = read_file(dir / "MLPdata");
  write_file(dir / "min.data", "");  // an empty min.data holds no minima
  const Outcome r = dataset(dir, {"spiral", "2", "40", "10"});
  ASSERT_EQ(r.status, kExitOk) << r.err;
  EXPECT_NE(read_file(dir / "MLPdata"), before);
  fs::remove_all(dir);
}

TEST(DatasetCommand, RefusesToReplaceDataUnderADatabaseUnlessForced) {
  const fs::path dir = scratch_dir("dataset-db");
  ASSERT_EQ(dataset(dir, {"spiral", "1", "40", "10"}).status, kExitOk);
  const std::string train = read_file(dir / "MLPdata"), test = read_file(dir / "MLPdata.test");
  write_file(dir / "min.data", "0.5 1.0 1 1.0 1.0 1.0\n");
  const Outcome r = dataset(dir, {"spiral", "2", "40", "10"});
  EXPECT_EQ(r.status, kExitBadInput);
  EXPECT_NE(r.err.find("gmin --dataset: MLPdata already exists and min.data here holds minima"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("Nothing was written"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_EQ(read_file(dir / "MLPdata"), train);
  EXPECT_EQ(read_file(dir / "MLPdata.test"), test);

  // The test file alone is protected too.
  fs::remove(dir / "MLPdata");
  const Outcome t = dataset(dir, {"spiral", "2", "40", "10"});
  EXPECT_EQ(t.status, kExitBadInput);
  EXPECT_NE(t.err.find("MLPdata.test already exists"), std::string::npos) << t.err;
  EXPECT_FALSE(fs::exists(dir / "MLPdata"));
  EXPECT_EQ(read_file(dir / "MLPdata.test"), test);

  // --force replaces both, wherever it is given.
  const Outcome f = dataset(dir, {"spiral", "--force", "2", "40", "10"});
  ASSERT_EQ(f.status, kExitOk) << f.err;
  EXPECT_TRUE(fs::exists(dir / "MLPdata"));
  EXPECT_NE(read_file(dir / "MLPdata.test"), test);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::gmin
