// SIGINT and SIGTERM stop each program at a safe point: the log says "interrupted", the exit
// status is 128 + the signal, and every file is consistent (gmin writes `lowest` and its database
// opens without repair; optim's path.info reads; pathsample merges its running jobs, leaves no job
// files behind and marks no unfinished pair).
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

#include "common/io/min_database.hpp"
#include "common/io/ts_database.hpp"
#include "common/landscape/path_info.hpp"
#include "tests/support/started_program.hpp"
#include "tests/support/test_paths.hpp"

namespace landscape::testing {
namespace {

namespace fs = std::filesystem;

TEST(Interrupt, GminStopsBetweenStepsAndWritesLowestAndAConsistentDatabase) {
  const fs::path dir = scratch_dir("interrupt-gmin");
  fs::copy_file(lj38_tutorial_dir() / "01_gmin" / "coords", dir / "coords");
  write_file(dir / "data",
             "STEPS 100000000 1.0\nTEMPERATURE 1.0\nSTEP 0.40 0.51\nSAVE 2\nDATABASE\nRANSEED 4\n");
  const Started g = start("gmin", dir);
  ASSERT_TRUE(wait_for(g, "database: ")) << read_file(g.log);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(stop_with(g, SIGTERM), 143) << read_file(g.log);
  const std::string log = read_file(g.log);
  EXPECT_NE(log.find("interrupted at step"), std::string::npos) << log;
  EXPECT_NE(log.find("interrupted by SIGTERM: stopped at a safe point (exit status 143)"),
            std::string::npos)
      << log;
  EXPECT_TRUE(fs::exists(dir / "lowest"));
  const MinDatabase db = MinDatabase::open(dir, 114);
  EXPECT_TRUE(db.repairs().empty());
  EXPECT_GE(db.size(), 1u);
  fs::remove_all(dir);
}

TEST(Interrupt, OptimStopsBetweenConnectionCyclesWithAReadablePathInfo) {
  const fs::path dir = scratch_dir("interrupt-optim");
  for (const char* f : {"odata", "finish"})
    fs::copy_file(lj38_tutorial_dir() / "03_optim" / f, dir / f);
  const Started o = start("optim", dir);
  ASSERT_TRUE(wait_for(o, "keywords in effect")) << read_file(o.log);
  EXPECT_EQ(stop_with(o, SIGINT), 130) << read_file(o.log);
  const std::string log = read_file(o.log);
  EXPECT_NE(log.find("interrupted by SIGINT"), std::string::npos) << log;
  if (fs::exists(dir / "path.info")) {
    EXPECT_NO_THROW(landscape::read_path_info(dir / "path.info", 114, true));
  }
  fs::remove_all(dir);
}

TEST(Interrupt, PathsampleMergesItsRunningJobsAndLeavesNoJobFiles) {
  const fs::path dir = scratch_dir("interrupt-pathsample");
  for (const auto& e : fs::directory_iterator(lj38_tutorial_dir() / "05_pathsample_expanded"))
    if (e.path().extension() != ".expected") fs::copy_file(e.path(), dir / e.path().filename());
  std::string pathdata = read_file(dir / "pathdata");
  const auto exec = pathdata.find("EXEC");
  pathdata.replace(exec, pathdata.find('\n', exec) - exec,
                   "EXEC " + (bin_dir() / "optim").string());
  const auto cpus = pathdata.find("CPUS");
  pathdata.replace(cpus, pathdata.find('\n', cpus) - cpus, "CPUS 2");
  write_file(dir / "pathdata", pathdata);
  const Started p = start("pathsample", dir);
  ASSERT_TRUE(wait_for(p, "job 2 started")) << read_file(p.log);
  EXPECT_EQ(stop_with(p, SIGTERM), 143) << read_file(p.log);
  const std::string log = read_file(p.log);
  EXPECT_NE(log.find("interrupted: no more jobs are started"), std::string::npos) << log;
  EXPECT_NE(log.find("interrupted by SIGTERM"), std::string::npos) << log;
  // The jobs it stopped are counted as stopped, not failed, and the summary line says how many.
  EXPECT_EQ(log.find("ended with exit status 143"), std::string::npos) << log;
  std::size_t stopped = 0;
  for (auto at = log.find("was stopped by a signal"); at != std::string::npos;
       at = log.find("was stopped by a signal", at + 1))
    ++stopped;
  if (stopped > 0) {
    EXPECT_NE(log.find(fmt::format(", {} stopped by a signal) in", stopped)), std::string::npos)
        << log;
  }
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    for (const char* stem : {"odata.", "finish.", "path.info."})
      EXPECT_FALSE(name.rfind(stem, 0) == 0 && name != "odata.connect") << name << " left behind";
  }
  const MinDatabase minima = MinDatabase::open(dir, 114);
  const TsDatabase ts = TsDatabase::open(dir, 114, minima.size());
  EXPECT_TRUE(minima.repairs().empty());
  EXPECT_TRUE(ts.repairs().empty());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace landscape::testing
