#pragma once
// WalkerTeam over Open MPI (an MPI build only): minima and results as tagged messages to rank 0,
// sent without waiting (mpi::Outbox); BHPT's collectives over MPI_COMM_WORLD.

#include "common/mpi/mpi_world.hpp"
#include "gmin/walker_team.hpp"

namespace landscape::gmin {

class MpiWalkerTeam final : public WalkerTeam {
 public:
  explicit MpiWalkerTeam(const mpi::Session& session)
      : rank_(session.rank()), size_(session.size()) {}
  /// Waits for every send of this walker to complete.
  ~MpiWalkerTeam() override;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void send_minimum(const MinimumRecord& record) override;
  void receive_minima(const std::function<void(int, const MinimumRecord&)>& add) override;
  void send_result(const WalkerResult& result) override;
  std::vector<WalkerResult> gather_results(
      const std::function<void(int, const MinimumRecord&)>& add) override;
  int all_max(int value) override;
  std::vector<double> all_gather(double value) override;
  std::string swap_with(int partner, const std::string& bytes) override;

 private:
  int rank_, size_;
  mpi::Outbox outbox_;
};

}  // namespace landscape::gmin
