/* `inf-ls --check`: batch diagnostics (and --fix / --diff) over files and
 * directories. */
#ifndef SRV_CHECK_H
#define SRV_CHECK_H

/* argv holds the arguments after --check. Returns the process exit code:
 * 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error. */
int srv_check_main(int argc, char **argv);

#include <stddef.h>

/* The INF files --check would read under dir (same skip rules, sorted),
 * at most max of them. Caller must free() each path and the array. */
char **srv_check_list_infs(const char *dir, size_t max, size_t *count);
/* The same, and *dirs receives every folder the walk listed (dir itself
 * first when it could be read; caller must free() each and the array,
 * which may be NULL when *dir_count is 0). */
char **srv_check_list_infs_dirs(const char *dir, size_t max, size_t *count, char ***dirs,
                                size_t *dir_count);

#endif
