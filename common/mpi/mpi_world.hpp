#pragma once
// The suite's use of MPI (built with -DLANDSCAPE_MPI=ON only): one session per process over
// MPI_COMM_WORLD, messages as byte strings (common/io/byte_pack.hpp packs them), non-blocking sends
// whose buffers live until the send completes. Only the main thread calls MPI
// (MPI_THREAD_FUNNELED).
//
// A program of an MPI build started without mpirun (or srun) does not initialise MPI at all
// (launched_by_mpi() is false) and runs serially, exactly as the serial build does.

#include <list>
#include <optional>
#include <string>
#include <vector>

namespace landscape::mpi {

/// True when this process was started by an MPI launcher (mpirun, mpiexec, srun): one of the
/// launchers' environment variables (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK, PMI_SIZE) is set.
bool launched_by_mpi();

/// A message received: who sent it, its tag and its bytes.
struct Message {
  int source = 0;
  int tag = 0;
  std::string bytes;
};

/// MPI_Init_thread (FUNNELED) on construction, MPI_Finalize on destruction. One per process. The
/// session also limits OpenBLAS to one thread (ranks run side by side, one core each), ignores
/// SIGPIPE and makes output non-blocking once interrupted (mpirun stops reading a rank's output
/// while the rank is still stopping safely).
class Session {
 public:
  Session(int& argc, char**& argv);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  ~Session();

  int rank() const { return rank_; }
  int size() const { return size_; }

 private:
  int rank_ = 0;
  int size_ = 1;
};

/// Ends every process of the run (MPI_Abort) with the exit status code.
[[noreturn]] void abort_all(int code);

/// Sends bytes to rank dest with tag (MPI_Send: returns when the buffer may be reused).
void send(int dest, int tag, const std::string& bytes);

/// Blocks until a message from source (or any source, -1) with tag (or any tag, -1) arrives.
Message receive(int source = -1, int tag = -1);

/// The next message from source/tag if one has arrived, else nothing (MPI_Iprobe).
std::optional<Message> try_receive(int source = -1, int tag = -1);

/// Sends without waiting: each message's buffer is kept until its send completes. Completed sends
/// are released at every post() and poll(); wait_all() blocks until none is pending (call it before
/// the session ends).
class Outbox {
 public:
  Outbox();
  Outbox(const Outbox&) = delete;
  Outbox& operator=(const Outbox&) = delete;
  ~Outbox();

  void post(int dest, int tag, std::string bytes);
  /// Releases the buffers of completed sends; returns how many are still pending.
  std::size_t poll();
  void wait_all();

 private:
  struct Pending;
  std::list<Pending> pending_;
};

/// The largest of one int over all ranks (MPI_Allreduce MAX; every rank calls it).
int all_max(int value);

/// MPI_Allgather of one double from every rank, in rank order (a collective).
std::vector<double> all_gather(double value);

/// MPI_Sendrecv of byte strings with rank partner (both sides call it with each other's rank).
std::string exchange(int partner, int tag, const std::string& bytes);

}  // namespace landscape::mpi
