/* An LD_PRELOAD shim for the fault tests: a disk that fills up under one database file.
 * write(2) to a file whose path ends with $FAIL_WRITES_FILE succeeds $FAIL_WRITES_AFTER times
 * (default 0); the next call writes half of its bytes (a partial record or line, as a full disk
 * leaves), and every later call fails with ENOSPC. Other files, and stdin/stdout/stderr, are
 * untouched. Test-only: no program of the suite knows about it. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long g_writes = 0;

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
    if (k == allowed && count > 1) return real_write(fd, buf, count / 2);
    if (k >= allowed) {
      errno = ENOSPC;
      return -1;
    }
  }
  return real_write(fd, buf, count);
}
