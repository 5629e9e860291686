#pragma once
// The walkers of a parallel gmin run (`mpirun -np K gmin`, doc/mpi.md): K basin-hopping walkers,
// walker r with seed RANSEED + r. Rank 0 owns the database and `lowest`: the other walkers screen
// their quench minima as DATABASE does (tight re-quench, identity against what they have sent,
// Hessian) and send the new ones to rank 0, which adds those that are not already stored; at the
// end each walker sends its SAVE list and rank 0 merges them into one `lowest`. With BHPT the
// walkers run at a ladder of temperatures and exchange Markov states (parallel tempering).
//
// WalkerTeam is the transport, without MPI in its interface: gmin/mpi/ implements it with Open
// MPI, and a serial run has no team at all.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/io/min_database.hpp"
#include "gmin/saved_minima.hpp"

namespace landscape::gmin {

/// What one walker did, for rank 0's summary.
struct WalkerSummary {
  long long steps = 0, quenches = 0, function_calls = 0, accepted = 0, restarts = 0;
  long long minima_sent = 0;  ///< screened minima sent to rank 0 (DATABASE)
  double best_energy = 0.0;
  double seconds = 0.0;
  double temperature = 0.0;  ///< the walker's temperature at the start (BHPT: its rung)
};

/// A walker's end of run: its SAVE list (re-quenched) and its summary.
struct WalkerResult {
  int rank = 0;
  std::vector<SavedMinimum> lowest;
  WalkerSummary summary;
};

/// The messages' contents (native byte order, one machine kind per run).
std::string pack_minimum(const MinimumRecord& record);
MinimumRecord unpack_minimum(const std::string& bytes);
std::string pack_result(const WalkerResult& result);
WalkerResult unpack_result(const std::string& bytes);

/// The SAVE lists of all walkers as one: the `capacity` lowest minima whose energies differ by at
/// least ediff (SavedMinima's rule), offered walker by walker in rank order, so the result does
/// not depend on the order in which the lists arrived.
std::vector<SavedMinimum> merge_lowest(std::vector<WalkerResult> results, std::size_t capacity,
                                       double ediff);

/// The temperature of walker rank of size under BHPT: t_min (t_max/t_min)^(rank/(size-1)).
double ladder_temperature(int rank, int size, double t_min, double t_max);

/// The transport between the walkers.
class WalkerTeam {
 public:
  virtual ~WalkerTeam() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;

  /// Walkers > 0: sends a screened minimum to rank 0 (does not wait for it to be received).
  virtual void send_minimum(const MinimumRecord& record) = 0;
  /// Rank 0: hands every minimum that has arrived to add(rank, record), without waiting.
  virtual void receive_minima(const std::function<void(int, const MinimumRecord&)>& add) = 0;
  /// Walkers > 0: sends the end of run (after the last minimum).
  virtual void send_result(const WalkerResult& result) = 0;
  /// Rank 0: waits for every other walker's end of run, handing the minima that arrive meanwhile
  /// to add; returns the results in rank order.
  virtual std::vector<WalkerResult> gather_results(
      const std::function<void(int, const MinimumRecord&)>& add) = 0;

  /// Collectives of BHPT (every walker calls them at the same steps): the largest of one value,
  /// every walker's value in rank order, and a swap of bytes with one partner.
  virtual int all_max(int value) = 0;
  virtual std::vector<double> all_gather(double value) = 0;
  virtual std::string swap_with(int partner, const std::string& bytes) = 0;
};

}  // namespace landscape::gmin
