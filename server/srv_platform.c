#include "srv_platform.h"

#include "srv_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int srv__hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool srv__is_sep(char c)
{
#ifdef _WIN32
    return c == '/' || c == '\\';
#else
    return c == '/';
#endif
}

/* Percent-decodes s up to '?' or '#'. Caller frees. */
static char *srv__uri_unescape(const char *p)
{
    srv_buf buf = {0};
    for (; *p && *p != '?' && *p != '#'; p++) {
        int hi, lo;
        if (*p == '%' && (hi = srv__hex(p[1])) >= 0 && (lo = srv__hex(p[2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            srv_buf_append(&buf, &c, 1);
            p += 2;
        } else {
            srv_buf_append(&buf, p, 1);
        }
    }
    return srv_buf_take(&buf);
}

char *srv_platform_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir);
    bool sep = n > 0 && srv__is_sep(dir[n - 1]);
    return srv_xasprintf("%s%s%s", dir, sep || n == 0 ? "" : (char[]){SRV_PATH_SEP, 0}, name);
}

char *srv_platform_dirname(const char *path)
{
    const char *last = NULL;
    for (const char *p = path; *p; p++)
        if (srv__is_sep(*p))
            last = p;
#ifdef _WIN32
    /* "C:x.inf" is relative to the current folder of drive C. */
    if (!last && path[0] && path[1] == ':')
        return srv_xstrndup(path, 2);
    if (last && last == path + 2 && path[1] == ':')
        return srv_xstrndup(path, 3);
#endif
    if (!last)
        return srv_xstrdup(".");
    if (last == path)
        return srv_xstrndup(path, 1);
    return srv_xstrndup(path, (size_t)(last - path));
}

#ifndef _WIN32
/* ==== POSIX ================================================================ */

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

void srv_platform_init(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* A client that dies mid-write must not kill us with SIGPIPE; libuv
     * reports EPIPE instead. */
    signal(SIGPIPE, SIG_IGN);
}

bool srv_platform_stdin_read_may_block_close(void)
{
    return false;
}

bool srv_platform_stderr_is_console(void)
{
    return isatty(STDERR_FILENO);
}

FILE *srv_platform_fopen(const char *path, const char *mode)
{
    return fopen(path, mode);
}

srv_path_kind srv_platform_path_kind(const char *path, bool follow_links)
{
    struct stat st;
    if ((follow_links ? stat(path, &st) : lstat(path, &st)) != 0)
        return SRV_PATH_MISSING;
    if (S_ISDIR(st.st_mode))
        return SRV_PATH_DIR;
    if (S_ISREG(st.st_mode))
        return SRV_PATH_FILE;
    if (S_ISLNK(st.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return SRV_PATH_FILE;
    return SRV_PATH_OTHER;
}

#include <dirent.h>

char **srv_platform_list_dir(const char *dir, size_t *count)
{
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = srv_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = srv_xstrdup(e->d_name);
    }
    closedir(d);
    *count = n;
    return names ? names : srv_xcalloc(1, sizeof *names);
}

char *srv_platform_full_path(const char *path)
{
    char *real = realpath(path, NULL);
    return real ? real : srv_xstrdup(path);
}

char *srv_platform_parent_dir(const char *dir)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n <= 1)
        return NULL;
    size_t i = n;
    while (i > 0 && dir[i - 1] != '/')
        i--;
    if (i == 0)
        return NULL;
    return srv_xstrndup(dir, i == 1 ? 1 : i - 1);
}

bool srv_platform_path_equal(const char *a, const char *b)
{
    return strcmp(a, b) == 0;
}

char *srv_platform_uri_to_path(const char *uri)
{
    if (!uri)
        return NULL;
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') {
        p = strchr(p, '/'); /* skip an authority such as "localhost" */
        if (!p)
            return NULL;
    }
    return srv__uri_unescape(p);
}

bool srv_platform_file_stamp(const char *path, srv_file_stamp *stamp)
{
    struct stat st;
    memset(stamp, 0, sizeof *stamp);
    if (stat(path, &st) != 0)
        return false;
    stamp->valid = true;
    stamp->size = (int64_t)st.st_size;
    stamp->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    stamp->dev = (uint64_t)st.st_dev;
    stamp->ino = (uint64_t)st.st_ino;
    return true;
}

static bool srv__stamp_equal(const srv_file_stamp *a, const srv_file_stamp *b)
{
    return a->size == b->size && a->mtime_ns == b->mtime_ns && a->dev == b->dev && a->ino == b->ino;
}

bool srv_platform_replace_file(const char *path, const char *data, size_t len,
                               const srv_file_stamp *expected, char **error)
{
    char *target = srv_platform_full_path(path);
    char *dir = srv_platform_dirname(target);
    char *base = srv_xstrdup(target + strlen(dir) + (strcmp(dir, "/") == 0 ? 0 : 1));
    char *tmp = srv_xasprintf("%s/.%s.inf-ls-XXXXXX", strcmp(dir, "/") == 0 ? "" : dir, base);
    bool ok = false, tmp_made = false;
    int fd = -1;
    struct stat st;
    if (stat(target, &st) != 0) {
        *error = srv_xasprintf("cannot replace the file: %s", strerror(errno));
        goto cleanup;
    }
    /* The owner marked it read-only (a checked-out file under version
     * control, say): renaming over it would bypass that. Root too. */
    if ((st.st_mode & 0222) == 0) {
        *error = srv_xstrdup("not fixed: the file is read-only");
        goto cleanup;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        *error = srv_xasprintf("not fixed: cannot create a temporary file next to it: %s",
                               strerror(errno));
        goto cleanup;
    }
    tmp_made = true;
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = srv_xasprintf("not fixed: cannot write the new contents: %s", strerror(errno));
            goto cleanup;
        }
        off += (size_t)n;
    }
    if (fchmod(fd, st.st_mode & 07777) != 0 || fsync(fd) != 0) {
        *error = srv_xasprintf("not fixed: cannot write the new contents: %s", strerror(errno));
        goto cleanup;
    }
    int rc = close(fd);
    fd = -1;
    if (rc != 0) {
        *error = srv_xasprintf("not fixed: cannot write the new contents: %s", strerror(errno));
        goto cleanup;
    }
    /* Last moment before the rename: someone else's edit must not be lost. */
    srv_file_stamp now;
    if (expected && expected->valid &&
        (!srv_platform_file_stamp(target, &now) || !srv__stamp_equal(expected, &now))) {
        *error = srv_xstrdup("not fixed: the file changed on disk while inf-ls was fixing it; "
                             "run again");
        goto cleanup;
    }
    if (rename(tmp, target) != 0) {
        *error = srv_xasprintf("not fixed: cannot replace the file: %s", strerror(errno));
        goto cleanup;
    }
    tmp_made = false;
    /* Make the rename itself durable. */
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    ok = true;
cleanup:
    if (fd >= 0)
        close(fd);
    if (tmp_made)
        unlink(tmp);
    free(tmp);
    free(base);
    free(dir);
    free(target);
    return ok;
}

#else
/* ==== Windows ============================================================== */

#define WIN32_LEAN_AND_MEAN
#include <windows.h>
/* After windows.h, which it needs. */
#include <shellapi.h>

#include <fcntl.h>
#include <io.h>
#include <wchar.h>

/* UTF-8 -> UTF-16 (NUL-terminated); caller frees. Invalid bytes become
 * U+FFFD, which no file name has, so the call then fails cleanly. */
static wchar_t *srv__wide(const char *s)
{
    int n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        return srv_xcalloc(1, sizeof(wchar_t));
    wchar_t *w = srv_xmalloc((size_t)n * sizeof *w);
    MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n);
    return w;
}

/* UTF-16 -> UTF-8; caller frees. */
static char *srv__utf8(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    if (n <= 0)
        return srv_xstrdup("");
    char *s = srv_xmalloc((size_t)n);
    WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}

/* Win32 error -> errno, for the messages strerror() makes. */
static void srv__set_errno(DWORD err)
{
    switch (err) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_NAME:
    case ERROR_BAD_NETPATH:
        errno = ENOENT;
        break;
    case ERROR_ACCESS_DENIED:
    case ERROR_SHARING_VIOLATION:
    case ERROR_LOCK_VIOLATION:
        errno = EACCES;
        break;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        errno = ENOSPC;
        break;
    case ERROR_DIRECTORY:
        errno = ENOTDIR;
        break;
    default:
        errno = EIO;
        break;
    }
}

/* The system's message for err, without the trailing newline; caller frees. */
static char *srv__win_message(DWORD err)
{
    wchar_t *w = NULL;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                 FORMAT_MESSAGE_IGNORE_INSERTS,
                             NULL, err, 0, (wchar_t *)&w, 0, NULL);
    if (!n || !w)
        return srv_xasprintf("Windows error %lu", (unsigned long)err);
    while (n > 0 && (w[n - 1] == L'\n' || w[n - 1] == L'\r' || w[n - 1] == L'.'))
        w[--n] = 0;
    char *s = srv__utf8(w);
    LocalFree(w);
    return s;
}

static char **srv__argv_utf8;

void srv_platform_init(int *argc, char ***argv)
{
    _setmode(_fileno(stdin), _O_BINARY);
    _setmode(_fileno(stdout), _O_BINARY);
    _setmode(_fileno(stderr), _O_BINARY);
    if (srv_platform_stderr_is_console()) {
        SetConsoleOutputCP(CP_UTF8);
        /* The progress line is redrawn with "\r\033[K". */
        HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
        DWORD mode;
        if (GetConsoleMode(err, &mode))
            SetConsoleMode(err, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    }
    int n = 0;
    wchar_t **wargv = CommandLineToArgvW(GetCommandLineW(), &n);
    if (!wargv)
        return;
    srv__argv_utf8 = srv_xcalloc((size_t)n + 1, sizeof *srv__argv_utf8);
    for (int i = 0; i < n; i++)
        srv__argv_utf8[i] = srv__utf8(wargv[i]);
    LocalFree(wargv);
    *argc = n;
    *argv = srv__argv_utf8;
}

bool srv_platform_stdin_read_may_block_close(void)
{
    return true;
}

bool srv_platform_stderr_is_console(void)
{
    DWORD mode;
    HANDLE h = GetStdHandle(STD_ERROR_HANDLE);
    return h != INVALID_HANDLE_VALUE && h != NULL && GetConsoleMode(h, &mode);
}

FILE *srv_platform_fopen(const char *path, const char *mode)
{
    wchar_t *wp = srv__wide(path), *wm = srv__wide(mode);
    FILE *f = _wfopen(wp, wm);
    free(wp);
    free(wm);
    return f;
}

srv_path_kind srv_platform_path_kind(const char *path, bool follow_links)
{
    wchar_t *w = srv__wide(path);
    DWORD attr = GetFileAttributesW(w);
    srv_path_kind kind = SRV_PATH_OTHER;
    if (attr == INVALID_FILE_ATTRIBUTES) {
        srv__set_errno(GetLastError());
        kind = SRV_PATH_MISSING;
    } else if (attr & FILE_ATTRIBUTE_DIRECTORY) {
        kind =
            (attr & FILE_ATTRIBUTE_REPARSE_POINT) && !follow_links ? SRV_PATH_OTHER : SRV_PATH_DIR;
    } else if (attr & FILE_ATTRIBUTE_DEVICE) {
        kind = SRV_PATH_OTHER;
    } else {
        kind = SRV_PATH_FILE;
    }
    free(w);
    return kind;
}

char **srv_platform_list_dir(const char *dir, size_t *count)
{
    char *pattern = srv_platform_path_join(dir, "*");
    wchar_t *w = srv__wide(pattern);
    free(pattern);
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW(w, &fd);
    free(w);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD err = GetLastError();
        if (err == ERROR_FILE_NOT_FOUND) { /* an empty drive root */
            *count = 0;
            return srv_xcalloc(1, sizeof(char *));
        }
        srv__set_errno(err);
        return NULL;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    do {
        if (wcscmp(fd.cFileName, L".") == 0 || wcscmp(fd.cFileName, L"..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = srv_xrealloc(names, cap * sizeof *names);
        }
        names[n++] = srv__utf8(fd.cFileName);
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    *count = n;
    return names ? names : srv_xcalloc(1, sizeof *names);
}

char *srv_platform_full_path(const char *path)
{
    wchar_t *w = srv__wide(path);
    DWORD n = GetFullPathNameW(w, 0, NULL, NULL);
    char *out = NULL;
    if (n) {
        wchar_t *full = srv_xmalloc((size_t)n * sizeof *full);
        if (GetFullPathNameW(w, n, full, NULL))
            out = srv__utf8(full);
        free(full);
    }
    free(w);
    return out ? out : srv_xstrdup(path);
}

/* Length of the root of an absolute path: "C:\" -> 3, "\\server\share\" ->
 * up to and including the share name; 0 when there is none. */
static size_t srv__root_len(const char *p)
{
    if (p[0] && p[1] == ':')
        return srv__is_sep(p[2]) ? 3 : 2;
    if (srv__is_sep(p[0]) && srv__is_sep(p[1])) {
        size_t i = 2;
        for (int part = 0; part < 2; part++) {
            while (p[i] && !srv__is_sep(p[i]))
                i++;
            if (part == 0 && p[i])
                i++;
        }
        return i;
    }
    return srv__is_sep(p[0]) ? 1 : 0;
}

char *srv_platform_parent_dir(const char *dir)
{
    size_t root = srv__root_len(dir);
    size_t n = strlen(dir);
    while (n > root && srv__is_sep(dir[n - 1]))
        n--;
    if (n <= root)
        return NULL;
    size_t i = n;
    while (i > root && !srv__is_sep(dir[i - 1]))
        i--;
    if (i <= root)
        return srv_xstrndup(dir, root);
    return srv_xstrndup(dir, i - 1);
}

bool srv_platform_path_equal(const char *a, const char *b)
{
    wchar_t *wa = srv__wide(a), *wb = srv__wide(b);
    for (wchar_t *p = wa; *p; p++)
        if (*p == L'/')
            *p = L'\\';
    for (wchar_t *p = wb; *p; p++)
        if (*p == L'/')
            *p = L'\\';
    /* The file system's own case folding, not the locale's. */
    bool eq = CompareStringOrdinal(wa, -1, wb, -1, TRUE) == CSTR_EQUAL;
    free(wa);
    free(wb);
    return eq;
}

char *srv_platform_uri_to_path(const char *uri)
{
    if (!uri)
        return NULL;
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    char *path;
    if (*p == '/') {
        path = srv__uri_unescape(p);
        /* "/c:/x" -> "c:/x"; VS Code escapes the colon (file:///c%3A/x). */
        if (((path[1] >= 'a' && path[1] <= 'z') || (path[1] >= 'A' && path[1] <= 'Z')) &&
            path[2] == ':')
            memmove(path, path + 1, strlen(path));
    } else {
        const char *slash = strchr(p, '/');
        if (!slash)
            return NULL;
        if ((size_t)(slash - p) == 9 && strncmp(p, "localhost", 9) == 0) {
            path = srv__uri_unescape(slash);
            if (path[1] && path[2] == ':')
                memmove(path, path + 1, strlen(path));
        } else {
            /* file://server/share/x.inf is the UNC path \\server\share\x.inf. */
            char *rest = srv__uri_unescape(p);
            path = srv_xasprintf("//%s", rest);
            free(rest);
        }
    }
    for (char *c = path; *c; c++)
        if (*c == '/')
            *c = '\\';
    return path;
}

static int64_t srv__filetime(FILETIME t)
{
    return (int64_t)(((uint64_t)t.dwHighDateTime << 32) | t.dwLowDateTime) * 100;
}

bool srv_platform_file_stamp(const char *path, srv_file_stamp *stamp)
{
    memset(stamp, 0, sizeof *stamp);
    wchar_t *w = srv__wide(path);
    WIN32_FILE_ATTRIBUTE_DATA a;
    bool ok = GetFileAttributesExW(w, GetFileExInfoStandard, &a);
    free(w);
    if (!ok) {
        srv__set_errno(GetLastError());
        return false;
    }
    stamp->valid = true;
    stamp->size = (int64_t)(((uint64_t)a.nFileSizeHigh << 32) | a.nFileSizeLow);
    stamp->mtime_ns = srv__filetime(a.ftLastWriteTime);
    return true;
}

static bool srv__stamp_equal(const srv_file_stamp *a, const srv_file_stamp *b)
{
    return a->size == b->size && a->mtime_ns == b->mtime_ns;
}

/* The file a symlink leads to, so that the fix lands in the target and the
 * link stays a link; the path itself otherwise. Caller frees. */
static wchar_t *srv__final_path(const wchar_t *w)
{
    DWORD attr = GetFileAttributesW(w);
    if (attr == INVALID_FILE_ATTRIBUTES || !(attr & FILE_ATTRIBUTE_REPARSE_POINT))
        return _wcsdup(w);
    HANDLE h = CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return _wcsdup(w);
    wchar_t buf[32768];
    DWORD n = GetFinalPathNameByHandleW(h, buf, 32768, 0);
    CloseHandle(h);
    if (!n || n >= 32768)
        return _wcsdup(w);
    /* "\\?\C:\x" -> "C:\x", "\\?\UNC\server\x" -> "\\server\x". */
    if (wcsncmp(buf, L"\\\\?\\UNC\\", 8) == 0) {
        buf[6] = L'\\';
        return _wcsdup(buf + 6);
    }
    if (wcsncmp(buf, L"\\\\?\\", 4) == 0)
        return _wcsdup(buf + 4);
    return _wcsdup(buf);
}

static bool srv__in_use(DWORD err)
{
    return err == ERROR_SHARING_VIOLATION || err == ERROR_LOCK_VIOLATION ||
           err == ERROR_UNABLE_TO_REMOVE_REPLACED || err == ERROR_USER_MAPPED_FILE;
}

bool srv_platform_replace_file(const char *path, const char *data, size_t len,
                               const srv_file_stamp *expected, char **error)
{
    char *full = srv_platform_full_path(path);
    wchar_t *wfull = srv__wide(full);
    wchar_t *target = srv__final_path(wfull);
    char *target8 = srv__utf8(target);
    char *dir = srv_platform_dirname(target8);
    const char *base = target8 + strlen(dir);
    while (srv__is_sep(*base))
        base++;
    char *tmp8 = NULL;
    wchar_t *tmp = NULL;
    HANDLE h = INVALID_HANDLE_VALUE;
    bool ok = false, tmp_made = false;
    DWORD err;

    DWORD attr = GetFileAttributesW(target);
    if (attr == INVALID_FILE_ATTRIBUTES) {
        char *m = srv__win_message(GetLastError());
        *error = srv_xasprintf("not fixed: %s", m);
        free(m);
        goto cleanup;
    }
    if (attr & FILE_ATTRIBUTE_READONLY) {
        *error = srv_xstrdup("not fixed: the file is read-only");
        goto cleanup;
    }
    /* A unique name beside the target: same volume, so the rename is
     * atomic. */
    for (unsigned i = 0; i < 100 && h == INVALID_HANDLE_VALUE; i++) {
        free(tmp8);
        free(tmp);
        char *name =
            srv_xasprintf(".%s.inf-ls-%lu-%u.tmp", base, (unsigned long)GetCurrentProcessId(), i);
        tmp8 = srv_platform_path_join(dir, name);
        free(name);
        tmp = srv__wide(tmp8);
        h = CreateFileW(tmp, GENERIC_WRITE, 0, NULL, CREATE_NEW,
                        FILE_ATTRIBUTE_NORMAL | FILE_ATTRIBUTE_HIDDEN, NULL);
        err = GetLastError();
        if (h == INVALID_HANDLE_VALUE && err != ERROR_FILE_EXISTS)
            break;
    }
    if (h == INVALID_HANDLE_VALUE) {
        char *m = srv__win_message(err);
        *error = srv_xasprintf("not fixed: cannot create a temporary file next to it: %s", m);
        free(m);
        goto cleanup;
    }
    tmp_made = true;
    size_t off = 0;
    while (off < len) {
        DWORD chunk = len - off > 0x40000000 ? 0x40000000 : (DWORD)(len - off), n = 0;
        if (!WriteFile(h, data + off, chunk, &n, NULL)) {
            char *m = srv__win_message(GetLastError());
            *error = srv_xasprintf("not fixed: cannot write the new contents: %s", m);
            free(m);
            goto cleanup;
        }
        off += n;
    }
    if (!FlushFileBuffers(h)) {
        char *m = srv__win_message(GetLastError());
        *error = srv_xasprintf("not fixed: cannot write the new contents: %s", m);
        free(m);
        goto cleanup;
    }
    CloseHandle(h);
    h = INVALID_HANDLE_VALUE;
    srv_file_stamp now;
    if (expected && expected->valid &&
        (!srv_platform_file_stamp(target8, &now) || !srv__stamp_equal(expected, &now))) {
        *error = srv_xstrdup("not fixed: the file changed on disk while inf-ls was fixing it; "
                             "run again");
        goto cleanup;
    }
    /* MoveFileExW rather than ReplaceFileW: both are atomic on NTFS, but
     * ReplaceFileW may leave its own backup file behind when the target is
     * in use (Wine does). The target's attributes go on the new file; its
     * ACL comes from the folder, as for any file created there. */
    SetFileAttributesW(tmp, attr & ~(DWORD)FILE_ATTRIBUTE_READONLY);
    if (!MoveFileExW(tmp, target, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
        err = GetLastError();
        char *m = srv__win_message(err);
        *error = srv__in_use(err) || err == ERROR_ACCESS_DENIED
                     ? srv_xasprintf("not fixed: the file is in use by another process (%s)", m)
                     : srv_xasprintf("not fixed: cannot replace the file: %s", m);
        free(m);
        goto cleanup;
    }
    tmp_made = false;
    ok = true;
cleanup:
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    if (tmp_made)
        DeleteFileW(tmp);
    free(tmp);
    free(tmp8);
    free(dir);
    free(target8);
    free(target);
    free(wfull);
    free(full);
    return ok;
}

#endif
