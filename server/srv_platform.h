/* What differs between POSIX and Windows, in one place: files, folders,
 * paths and URIs, standard streams. Paths are UTF-8 on both; on Windows they
 * become UTF-16 only at the system call (the wide-character APIs), so that
 * any file name works whatever the ANSI code page. */
#ifndef SRV_PLATFORM_H
#define SRV_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef _WIN32
#define SRV_PATH_SEP '\\'
#else
#define SRV_PATH_SEP '/'
#endif

/* Sets up the process: stdin/stdout in binary mode (Windows' CRT would
 * otherwise turn "\r\n" into "\n" and break every Content-Length frame),
 * SIGPIPE ignored (POSIX), and on Windows *argv replaced by UTF-8 copies of
 * the wide-character command line (kept for the process's life). */
void srv_platform_init(int *argc, char ***argv);

/* A read of stdin blocked in a thread cannot always be interrupted: libuv
 * on Windows cancels it with CancelSynchronousIo, which Wine (and some
 * pipe kinds) do not honour. The server then exits once its output is
 * flushed instead of waiting for the input handle to close. */
bool srv_platform_stdin_read_may_block_close(void);

/* stderr is a terminal or console, where a progress line can be redrawn. */
bool srv_platform_stderr_is_console(void);

/* fopen with a UTF-8 path. */
FILE *srv_platform_fopen(const char *path, const char *mode);

typedef enum {
    SRV_PATH_MISSING, /* errno says why */
    SRV_PATH_FILE,
    SRV_PATH_DIR,
    SRV_PATH_OTHER, /* devices, and with follow_links false: links */
} srv_path_kind;

/* What path is. Without follow_links a symlink (or junction) to a folder is
 * SRV_PATH_OTHER, so that folder walks cannot loop; a link to a file is
 * SRV_PATH_FILE either way. */
srv_path_kind srv_platform_path_kind(const char *path, bool follow_links);

/* The names in dir, without "." and "..", unsorted. NULL with errno set when
 * dir cannot be read. Caller frees each name and the array with free(). */
char **srv_platform_list_dir(const char *dir, size_t *count);

/* dir + separator + name; caller frees. */
char *srv_platform_path_join(const char *dir, const char *name);

/* The folder of path ("." when it has none); caller frees. */
char *srv_platform_dirname(const char *path);

/* The absolute form of path, links resolved where the system can; a copy of
 * path when it cannot. Caller frees. */
char *srv_platform_full_path(const char *path);

/* The folder above an absolute folder path, or NULL at a root ("/", "C:\",
 * "\\server\share"). Caller frees. */
char *srv_platform_parent_dir(const char *dir);

/* Paths name the same file as far as spelling goes: byte-equal on POSIX,
 * case-insensitive and '/' == '\' on Windows. */
bool srv_platform_path_equal(const char *a, const char *b);

/* file: URI -> local path: file:///a/b%20c.inf -> /a/b c.inf; on Windows
 * also file:///c%3A/x.inf and file:///C:/x.inf -> c:\x.inf and
 * file://server/share/x.inf -> \\server\share\x.inf. NULL for other schemes
 * and for a NULL uri.
 * Caller frees. */
char *srv_platform_uri_to_path(const char *uri);

/* Identity of a file's contents as the system sees them: size and
 * modification time (and on POSIX device and inode, so that a file renamed
 * into place is noticed too). */
typedef struct {
    bool valid;
    int64_t size;
    int64_t mtime_ns;
    uint64_t dev;
    uint64_t ino;
} srv_file_stamp;

/* Fills *stamp for the file path names (links followed); false with errno
 * set when it cannot be read. */
bool srv_platform_file_stamp(const char *path, srv_file_stamp *stamp);

/* Replaces the contents of path atomically: a temporary file beside the
 * target (a link's target, not the link), flushed to disk, then renamed
 * over it (POSIX rename, Windows MoveFileExW with
 * REPLACE_EXISTING | WRITE_THROUGH), keeping the file's permissions. Refuses,
 * and leaves the file untouched, when it is read-only, when `expected` is
 * valid and the file no longer matches it (changed since it was read), or
 * when another process holds it open (Windows). On failure *error receives
 * a message (caller frees) and the temporary file is gone. */
bool srv_platform_replace_file(const char *path, const char *data, size_t len,
                               const srv_file_stamp *expected, char **error);

#endif
