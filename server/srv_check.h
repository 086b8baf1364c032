/* `inf-ls --check`: batch diagnostics (and --fix / --diff) over files and
 * directories. */
#ifndef SRV_CHECK_H
#define SRV_CHECK_H

/* argv holds the arguments after --check. Returns the process exit code:
 * 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
int srv_check_main(int argc, char **argv);

#include "srv_platform.h"

#include <stddef.h>

/* The INF files --check would read under dir (same skip rules, sorted),
 * at most max of them. Caller must free() each path and the array. */
char **srv_check_list_infs(const char *dir, size_t max, size_t *count);
/* The same, and *dirs receives every folder the walk listed (dir itself
 * first when it could be read), each with its stamp taken before it was
 * listed. Caller must free() each path and the array (NULL when
 * *dir_count is 0). */
typedef struct {
    char *path;
    srv_file_stamp stamp;
} srv_check_dir;
char **srv_check_list_infs_dirs(const char *dir, size_t max, size_t *count, srv_check_dir **dirs,
                                size_t *dir_count);

#endif
