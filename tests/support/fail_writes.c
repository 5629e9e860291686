/* An LD_PRELOAD shim for the fault tests: a disk that fills up, or a write that is refused, under
 * one database file. write(2) to a file whose path ends with $FAIL_WRITES_FILE succeeds
 * $FAIL_WRITES_AFTER times (default 0); then every call fails with the errno named by
 * $FAIL_WRITES_ERRNO: ENOSPC (the default), EDQUOT, EACCES, EPERM, EROFS or EIO. A full disk
 * (ENOSPC, EDQUOT) first writes half of the bytes of the failing call (a partial record or line,
 * as a full disk leaves); a refused write (the others) writes nothing. Other files, and
 * stdin/stdout/stderr, are untouched. Test-only: no program of the suite knows about it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long g_writes = 0;

/* The errno of $FAIL_WRITES_ERRNO (default ENOSPC); an unknown name aborts the test run. */
static int failure_errno(void) {
  static const struct {
    const char* name;
    int value;
  } known[] = {{"ENOSPC", ENOSPC}, {"EDQUOT", EDQUOT}, {"EACCES", EACCES},
               {"EPERM", EPERM},   {"EROFS", EROFS},   {"EIO", EIO}};
  const char* name = getenv("FAIL_WRITES_ERRNO");
  if (name == NULL || *name == '\0') return ENOSPC;
  for (size_t i = 0; i < sizeof known / sizeof known[0]; ++i)
    if (strcmp(name, known[i].name) == 0) return known[i].value;
  static const char message[] = "fail_writes: unknown FAIL_WRITES_ERRNO\n";
  if (write(2, message, sizeof message - 1) < 0) abort();
  abort();
}

static int is_target(int fd) {
  const char* name = getenv("FAIL_WRITES_FILE");
  if (name == NULL || fd <= 2) return 0;
  char link[64], path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  const ssize_t len = readlink(link, path, sizeof path - 1);
  if (len <= 0) return 0;
  path[len] = '\0';
  const size_t n = strlen(name);
  return (size_t)len >= n && strcmp(path + len - n, name) == 0 &&
         (len == (ssize_t)n || path[len - n - 1] == '/');
}

ssize_t write(int fd, const void* buf, size_t count) {
  static ssize_t (*real_write)(int, const void*, size_t) = NULL;
  if (real_write == NULL) {
    void* symbol = dlsym(RTLD_NEXT, "write");
    memcpy(&real_write, &symbol, sizeof symbol); /* ISO C has no object-to-function cast */
  }
  if (is_target(fd)) {
    const char* after = getenv("FAIL_WRITES_AFTER");
    const long allowed = after ? atol(after) : 0;
    const long k = g_writes++;
    const int code = failure_errno();
    const int full_disk = code == ENOSPC || code == EDQUOT;
    if (k == allowed && full_disk && count > 1) return real_write(fd, buf, count / 2);
    if (k >= allowed) {
      errno = code;
      return -1;
    }
  }
  return real_write(fd, buf, count);
}
