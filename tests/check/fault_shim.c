/* LD_PRELOAD shim for the --fix fault tests (test_fix_faults.py). It acts
 * only on the temporary file --fix creates with mkstemp, never on stdout or
 * stderr. INFLS_FAULT selects the fault:
 *   enospc   writes to the temporary file fail with ENOSPC after 1 KiB, as
 *            on a full disk (the first write succeeds in part);
 *   fsync    fsync of the temporary file fails with EIO;
 *   touch    when the temporary file is created, INFLS_FAULT_PATH gets a
 *            line appended, as if an editor saved it between read and write.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int shim_fd = -1;
static size_t shim_written;

static const char *shim_fault(void)
{
    const char *f = getenv("INFLS_FAULT");
    return f ? f : "";
}

int mkstemp(char *template)
{
    int (*real)(char *) = (int (*)(char *))dlsym(RTLD_NEXT, "mkstemp");
    int fd = real(template);
    if (fd >= 0) {
        shim_fd = fd;
        shim_written = 0;
    }
    if (fd >= 0 && strcmp(shim_fault(), "touch") == 0) {
        const char *path = getenv("INFLS_FAULT_PATH");
        FILE *f = path ? fopen(path, "ab") : NULL;
        if (f) {
            fputs("; saved by another editor\r\n", f);
            fclose(f);
        }
    }
    return fd;
}

ssize_t write(int fd, const void *buf, size_t count)
{
    ssize_t (*real)(int, const void *, size_t) =
        (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (fd == shim_fd && strcmp(shim_fault(), "enospc") == 0) {
        const size_t room = 1024;
        if (shim_written >= room) {
            errno = ENOSPC;
            return -1;
        }
        if (count > room - shim_written)
            count = room - shim_written;
        ssize_t n = real(fd, buf, count);
        if (n > 0)
            shim_written += (size_t)n;
        return n;
    }
    return real(fd, buf, count);
}

int fsync(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (fd == shim_fd && strcmp(shim_fault(), "fsync") == 0) {
        errno = EIO;
        return -1;
    }
    return real(fd);
}

int close(int fd)
{
    int (*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, "close");
    if (fd == shim_fd)
        shim_fd = -1;
    return real(fd);
}
