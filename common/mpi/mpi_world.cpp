#include "common/mpi/mpi_world.hpp"

#include <cblas.h>
#include <mpi.h>

#include <csignal>
#include <cstdlib>

#include "common/io/interrupt.hpp"

namespace landscape::mpi {
namespace {

/// MPI's error handler on MPI_COMM_WORLD is MPI_ERRORS_ARE_FATAL: a failing call ends the run, so
/// the return codes need no checking here beyond what the standard leaves to us.
int count_of(const MPI_Status& status) {
  int n = 0;
  MPI_Get_count(&status, MPI_BYTE, &n);
  return n;
}

Message receive_probed(const MPI_Status& status) {
  Message m;
  m.source = status.MPI_SOURCE;
  m.tag = status.MPI_TAG;
  m.bytes.resize(static_cast<std::size_t>(count_of(status)));
  MPI_Recv(m.bytes.data(), static_cast<int>(m.bytes.size()), MPI_BYTE, m.source, m.tag,
           MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return m;
}

int any_source(int source) { return source < 0 ? MPI_ANY_SOURCE : source; }
int any_tag(int tag) { return tag < 0 ? MPI_ANY_TAG : tag; }

}  // namespace

bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

Session::Session(int& argc, char**& argv) {
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
  // One core per process: the ranks of a node run side by side, and a threaded BLAS would keep
  // two cores busy per rank.
  openblas_set_num_threads(1);
  // A rank's stdout and stderr are pipes to mpirun, which stops reading them when it is stopping
  // the run (SIGTERM): a rank still logging would block on a full pipe, or die of SIGPIPE, before
  // its safe stop (rank 0 before writing `lowest` or merging its last jobs). So from the interrupt
  // on, output does not block, and a closed pipe is a failed write, not a signal. A rank receives
  // an interrupt twice (from the process group and from mpirun): the second does not kill it.
  std::signal(SIGPIPE, SIG_IGN);
  treat_interrupts_as_mpi_rank();
}

Session::~Session() { MPI_Finalize(); }

void abort_all(int code) {
  MPI_Abort(MPI_COMM_WORLD, code);
  std::_Exit(code);
}

void send(int dest, int tag, const std::string& bytes) {
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD);
}

Message receive(int source, int tag) {
  MPI_Status status;
  MPI_Probe(any_source(source), any_tag(tag), MPI_COMM_WORLD, &status);
  return receive_probed(status);
}

std::optional<Message> try_receive(int source, int tag) {
  int flag = 0;
  MPI_Status status;
  MPI_Iprobe(any_source(source), any_tag(tag), MPI_COMM_WORLD, &flag, &status);
  if (flag == 0) return std::nullopt;
  return receive_probed(status);
}

struct Outbox::Pending {
  std::string bytes;
  MPI_Request request = MPI_REQUEST_NULL;
};

Outbox::Outbox() = default;

Outbox::~Outbox() {
  if (!pending_.empty()) wait_all();
}

void Outbox::post(int dest, int tag, std::string bytes) {
  poll();
  Pending& p = pending_.emplace_back();
  p.bytes = std::move(bytes);
  MPI_Isend(p.bytes.data(), static_cast<int>(p.bytes.size()), MPI_BYTE, dest, tag, MPI_COMM_WORLD,
            &p.request);
}

std::size_t Outbox::poll() {
  for (auto it = pending_.begin(); it != pending_.end();) {
    int done = 0;
    MPI_Test(&it->request, &done, MPI_STATUS_IGNORE);
    it = done ? pending_.erase(it) : std::next(it);
  }
  return pending_.size();
}

void Outbox::wait_all() {
  for (auto& p : pending_) MPI_Wait(&p.request, MPI_STATUS_IGNORE);
  pending_.clear();
}

int all_max(int value) {
  int result = 0;
  MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return result;
}

std::vector<double> all_gather(double value) {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::vector<double> all(static_cast<std::size_t>(size));
  MPI_Allgather(&value, 1, MPI_DOUBLE, all.data(), 1, MPI_DOUBLE, MPI_COMM_WORLD);
  return all;
}

std::string exchange(int partner, int tag, const std::string& bytes) {
  // Sizes first, so that the partner's buffer can be allocated.
  long long mine = static_cast<long long>(bytes.size()), theirs = 0;
  MPI_Sendrecv(&mine, 1, MPI_LONG_LONG, partner, tag, &theirs, 1, MPI_LONG_LONG, partner, tag,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string received(static_cast<std::size_t>(theirs), '\0');
  MPI_Sendrecv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, partner, tag,
               received.data(), static_cast<int>(received.size()), MPI_BYTE, partner, tag,
               MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  return received;
}

}  // namespace landscape::mpi
