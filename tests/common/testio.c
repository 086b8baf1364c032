#define _POSIX_C_SOURCE 200809L

#include "testio.h"

#include "infa_encoding.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

char *testio_read_file(const char *path, size_t *len)
{
    if (len)
        *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

char *testio_read_inf(const char *path, size_t *len)
{
    size_t raw_len;
    char *raw = testio_read_file(path, &raw_len);
    if (!raw) {
        if (len)
            *len = 0;
        return NULL;
    }
    char *text = infa_text_decode(raw, raw_len, NULL, len);
    free(raw);
    return text;
}

bool testio_is_inf_name(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return false;
    if (strcasecmp(dot, ".inf") == 0 || strcasecmp(dot, ".inx") == 0)
        return true;
    size_t n = strlen(name);
    return n > 7 && strcasecmp(name + n - 7, ".inf.in") == 0;
}

static void testio__walk(const char *dir, testio_files *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        snprintf(p, n, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            testio__walk(p, out);
        } else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && testio_is_inf_name(e->d_name)) {
            out->paths = realloc(out->paths, (out->count + 1) * sizeof(*out->paths));
            out->paths[out->count++] = p;
            continue;
        }
        free(p);
    }
    closedir(d);
}

static int testio__cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void testio_inf_files(const char *dir, testio_files *out)
{
    out->paths = NULL;
    out->count = 0;
    testio__walk(dir, out);
    if (out->count > 1)
        qsort(out->paths, out->count, sizeof(*out->paths), testio__cmp);
}

void testio_files_free(testio_files *files)
{
    for (size_t i = 0; i < files->count; i++)
        free(files->paths[i]);
    free(files->paths);
    files->paths = NULL;
    files->count = 0;
}
