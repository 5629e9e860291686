#include "gmin/mpi/mpi_walker_team.hpp"

#include <fmt/format.h>

#include "common/io/errors.hpp"

namespace landscape::gmin {
namespace {

// Message tags between the walkers and rank 0.
constexpr int kTagMinimum = 1;
constexpr int kTagResult = 2;
constexpr int kTagSwap = 3;

}  // namespace

MpiWalkerTeam::~MpiWalkerTeam() { outbox_.wait_all(); }

void MpiWalkerTeam::send_minimum(const MinimumRecord& record) {
  outbox_.post(0, kTagMinimum, pack_minimum(record));
}

void MpiWalkerTeam::receive_minima(const std::function<void(int, const MinimumRecord&)>& add) {
  while (auto m = mpi::try_receive(-1, kTagMinimum)) add(m->source, unpack_minimum(m->bytes));
}

void MpiWalkerTeam::send_result(const WalkerResult& result) {
  // After every minimum: messages between two ranks are not overtaken (same communicator), so
  // rank 0 has all of this walker's minima once it has its result.
  outbox_.post(0, kTagResult, pack_result(result));
  outbox_.wait_all();
}

std::vector<WalkerResult> MpiWalkerTeam::gather_results(
    const std::function<void(int, const MinimumRecord&)>& add) {
  std::vector<WalkerResult> results;
  std::vector<bool> done(static_cast<std::size_t>(size_), false);
  for (int left = size_ - 1; left > 0;) {
    const mpi::Message m = mpi::receive();
    if (m.tag == kTagMinimum) {
      add(m.source, unpack_minimum(m.bytes));
    } else if (m.tag == kTagResult) {
      WalkerResult r = unpack_result(m.bytes);
      if (r.rank != m.source || done[static_cast<std::size_t>(m.source)])
        throw RuntimeError(fmt::format("walker {} sent a second or mislabelled result", m.source));
      done[static_cast<std::size_t>(m.source)] = true;
      results.push_back(std::move(r));
      --left;
    } else {
      throw RuntimeError(
          fmt::format("unexpected message (tag {}) from walker {}", m.tag, m.source));
    }
  }
  return results;
}

int MpiWalkerTeam::all_max(int value) { return mpi::all_max(value); }

std::vector<double> MpiWalkerTeam::all_gather(double value) { return mpi::all_gather(value); }

std::string MpiWalkerTeam::swap_with(int partner, const std::string& bytes) {
  return mpi::exchange(partner, kTagSwap, bytes);
}

}  // namespace landscape::gmin
