// pathdata parsing: the tutorial's pathdata with its campaign keywords, and the network keywords.
#include "pathsample/pathsample_keywords.hpp"

#include <gtest/gtest.h>

#include <string>

namespace landscape::pathsample {
namespace {

/// The tutorial's pathdata, with its campaign keywords (EXEC, CPUS, ... CYCLES, UNTRAP).
const std::string kTutorialPathdata =
    "EXEC /home/energy/workshop/binaries/OPTIM\nCPUS 1\nSYSTEM AX\nNATOMS 38\nSEED 1\nDIRECTION "
    "AB\nCONNECTIONS 1\nTEMPERATURE 0.1\nPERMDIST 0.01D0\nRANROT 5\nETOL 1.0D-6\nGEOMDIFFTOL "
    "0.2\nITOL 0.1D0\nSTARTFROMPATH path.info.initial 1 2\nCYCLES 0\nUNTRAP 0.035 3.0\n";

TEST(PathsampleKeywords, TheTutorialPathdataParsesWithCampaignKeywordsAccepted) {
  PathsampleOptions o;
  const auto r = pathsample_keyword_table().parse("pathdata", kTutorialPathdata, o);
  ASSERT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  EXPECT_EQ(o.natoms, 38);
  EXPECT_FALSE(o.cv.has_value());
  EXPECT_DOUBLE_EQ(o.cv_fraction, 0.99);
}

TEST(PathsampleKeywords, BulkGivesThePeriodicBox) {
  PathsampleOptions o;
  const auto r = pathsample_keyword_table().parse(
      "pathdata", "NATOMS 60\nBULK 3.587037905 3.587037905 4.0\nSYSTEM LS\n", o);
  ASSERT_TRUE(r.ok()) << keywords::format_all(r.diagnostics);
  ASSERT_TRUE(o.bulk.has_value());
  EXPECT_EQ(*o.bulk, (std::array<double, 3>{3.587037905, 3.587037905, 4.0}));
  EXPECT_EQ(o.campaign.system, "LS");
  PathsampleOptions cluster;
  ASSERT_TRUE(pathsample_keyword_table().parse("pathdata", "NATOMS 38\n", cluster).ok());
  EXPECT_FALSE(cluster.bulk.has_value());
}

TEST(PathsampleKeywords, NetworkKeywordsGiveTheNumberOfWeights) {
  PathsampleOptions o;
  ASSERT_TRUE(
      pathsample_keyword_table().parse("pathdata", "MLPVB3 2 1 3 2 100\nCV 0.1 1 0.1\n", o).ok());
  ASSERT_TRUE(o.network.has_value());
  EXPECT_EQ(o.network->shape().n_weights(), 3 * (2 + 2) + 3 + 2);
  PathsampleOptions p;
  ASSERT_TRUE(pathsample_keyword_table().parse("pathdata", "MLP3 2 3 2\n", p).ok());
  EXPECT_EQ(p.network->shape().n_weights(), 12);
}

}  // namespace
}  // namespace landscape::pathsample
