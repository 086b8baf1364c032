#include "srv_check.h"

#include "infa.h"
#include "infa_encoding.h"
#include "srv_diff.h"
#include "srv_json.h"
#include "srv_position.h"
#include "srv_settings.h"
#include "srv_util.h"
#include "srv_version.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --fix repeats fix-all until nothing changes, so that a second run is a
 * no-op even when one fix uncovers another; this bounds the repeats. */
#define SRV_FIX_PASSES 4
/* Progress is worth drawing only for runs that take a moment. */
#define SRV_PROGRESS_MIN_FILES 20

typedef struct {
    bool json;
    int fail_on; /* fail when severity <= fail_on; 0 = never */
    bool fix;
    bool diff;
    char *config_file;
    srv_settings cli;
    srv_settings config_file_settings;
    char **paths;
    size_t path_count;
} srv_check_options;

typedef struct {
    char **items;
    size_t count;
    size_t cap;
} srv_strings;

typedef struct {
    size_t files;
    size_t by_severity[5];
    size_t unreadable;
    size_t fixed;
    bool failed;
    bool io_error;
    bool progress; /* a progress line may be on the terminal */
    /* The settings file of the last folder, so siblings skip the search. */
    char *cached_dir;
    srv_settings cached_settings;
} srv_check_state;

static void srv__strings_push(srv_strings *s, char *str)
{
    if (s->count == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 16;
        s->items = srv_xrealloc(s->items, s->cap * sizeof *s->items);
    }
    s->items[s->count++] = str;
}

static int srv__cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool srv__has_inf_extension(const char *name)
{
    size_t n = strlen(name);
    if (n < 4 || name[n - 4] != '.')
        return false;
    const char *ext = name + n - 3;
    char lower[4];
    for (int i = 0; i < 3; i++)
        lower[i] = (char)(ext[i] >= 'A' && ext[i] <= 'Z' ? ext[i] - 'A' + 'a' : ext[i]);
    lower[3] = '\0';
    return strcmp(lower, "inf") == 0 || strcmp(lower, "inx") == 0;
}

/* Collects INF files under dir, sorted so output is stable. Hidden folders
 * (.git and the like) are skipped, and symlinked folders are not followed
 * so that loops cannot happen. */
static void srv__walk(const char *dir, srv_strings *out, srv_strings *errors)
{
    DIR *d = opendir(dir);
    if (!d) {
        srv__strings_push(errors,
                          srv_xasprintf("%s: cannot read folder: %s", dir, strerror(errno)));
        return;
    }
    srv_strings names = {0};
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        srv__strings_push(&names, srv_xstrdup(e->d_name));
    }
    closedir(d);
    if (names.count)
        qsort(names.items, names.count, sizeof *names.items, srv__cmp_str);
    size_t dlen = strlen(dir);
    bool slash = dlen > 0 && dir[dlen - 1] == '/';
    for (size_t i = 0; i < names.count; i++) {
        char *path = srv_xasprintf("%s%s%s", dir, slash ? "" : "/", names.items[i]);
        struct stat lst, st;
        if (lstat(path, &lst) != 0) {
            free(path);
            continue;
        }
        if (S_ISDIR(lst.st_mode)) {
            srv__walk(path, out, errors);
            free(path);
        } else if (srv__has_inf_extension(names.items[i]) &&
                   (S_ISREG(lst.st_mode) ||
                    (S_ISLNK(lst.st_mode) && stat(path, &st) == 0 && S_ISREG(st.st_mode)))) {
            srv__strings_push(out, path);
        } else {
            free(path);
        }
        free(names.items[i]);
    }
    free(names.items);
}

char **srv_check_list_infs(const char *dir, size_t max, size_t *count)
{
    srv_strings out = {0}, errors = {0};
    srv__walk(dir, &out, &errors);
    for (size_t i = 0; i < errors.count; i++)
        free(errors.items[i]);
    free(errors.items);
    for (size_t i = max; i < out.count; i++)
        free(out.items[i]);
    *count = out.count < max ? out.count : max;
    return out.items;
}

/* ---- Writing files ------------------------------------------------------- */

/* Replaces path's contents atomically: a temporary file in the same folder,
 * fsync, then rename over the original, keeping its permission bits. The
 * target of a symlink is replaced, not the link. */
static bool srv__write_atomic(const char *path, const char *data, size_t len, char **error)
{
    char *real = realpath(path, NULL);
    const char *target = real ? real : path;
    struct stat st;
    bool have_mode = stat(target, &st) == 0;
    char *dir = srv_xstrdup(target);
    char *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : target;
    if (slash)
        *slash = '\0';
    char *tmp = srv_xasprintf("%s/.%s.inf-ls-XXXXXX", slash ? (*dir ? dir : "") : ".", base);
    bool ok = false;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        *error = srv_xasprintf("cannot create a temporary file next to it: %s", strerror(errno));
        goto cleanup;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            *error = srv_xasprintf("cannot write: %s", strerror(errno));
            close(fd);
            unlink(tmp);
            goto cleanup;
        }
        off += (size_t)n;
    }
    if ((have_mode && fchmod(fd, st.st_mode & 07777) != 0) || fsync(fd) != 0) {
        *error = srv_xasprintf("cannot write: %s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto cleanup;
    }
    if (close(fd) != 0 || rename(tmp, target) != 0) {
        *error = srv_xasprintf("cannot replace the file: %s", strerror(errno));
        unlink(tmp);
        goto cleanup;
    }
    /* Make the rename itself durable. */
    int dfd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    ok = true;
cleanup:
    free(tmp);
    free(dir);
    free(real);
    return ok;
}

/* ---- Settings ------------------------------------------------------------ */

static void srv__warn_stderr(void *ctx, const char *message)
{
    (void)ctx;
    srv_log("%s", message);
}

static infa_config *srv__config_for(srv_check_options *o, srv_check_state *st, const char *path)
{
    const srv_settings *file_layer = NULL;
    if (o->config_file) {
        file_layer = &o->config_file_settings;
    } else {
        const char *slash = strrchr(path, '/');
        char *dir = !slash          ? srv_xstrdup(".")
                    : slash == path ? srv_xstrdup("/")
                                    : srv_xstrndup(path, (size_t)(slash - path));
        if (!st->cached_dir || strcmp(st->cached_dir, dir) != 0) {
            free(st->cached_dir);
            st->cached_dir = dir;
            srv_settings_clear(&st->cached_settings);
            char *file = srv_settings_find_file(dir);
            if (file)
                srv_settings_merge_file(&st->cached_settings, file, srv__warn_stderr, NULL);
            free(file);
        } else {
            free(dir);
        }
        file_layer = &st->cached_settings;
    }
    const srv_settings *layers[] = {file_layer, &o->cli};
    return srv_settings_build(layers, 2);
}

/* ---- Output -------------------------------------------------------------- */

/* 1-based line and column, the column counted in characters. */
static void srv__line_col(const infa_document *doc, infa_point p, unsigned *line, unsigned *col)
{
    *line = p.row + 1;
    *col = srv_position_column(doc, SRV_ENC_UTF32, p) + 1;
}

static void srv__print_text(FILE *out, const char *path, const infa_document *doc,
                            const infa_diagnostic_list *list)
{
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        unsigned line, col;
        srv__line_col(doc, d->range.start, &line, &col);
        fprintf(out, "%s:%u:%u: %s: %s [%s]\n", path, line, col, infa_severity_name(d->severity),
                d->message ? d->message : "", d->rule_id ? d->rule_id : "");
        for (size_t r = 0; r < d->related_count; r++) {
            srv__line_col(doc, d->related[r].range.start, &line, &col);
            fprintf(out, "%s:%u:%u: note: %s\n", path, line, col,
                    d->related[r].message ? d->related[r].message : "");
        }
    }
}

static json_t *srv__range_fields(const infa_document *doc, infa_range r, json_t *obj)
{
    unsigned line, col;
    srv__line_col(doc, r.start, &line, &col);
    json_object_set_new(obj, "line", json_integer(line));
    json_object_set_new(obj, "column", json_integer(col));
    srv__line_col(doc, r.end, &line, &col);
    json_object_set_new(obj, "endLine", json_integer(line));
    json_object_set_new(obj, "endColumn", json_integer(col));
    return obj;
}

static json_t *srv__diagnostics_json(const infa_document *doc, const infa_diagnostic_list *list)
{
    json_t *arr = json_array();
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        json_t *j = srv__range_fields(doc, d->range, json_object());
        json_object_set_new(j, "severity", json_string(infa_severity_name(d->severity)));
        json_object_set_new(j, "rule", srv_json_string(d->rule_id ? d->rule_id : ""));
        json_object_set_new(j, "message", srv_json_string(d->message ? d->message : ""));
        if (d->href)
            json_object_set_new(j, "href", srv_json_string(d->href));
        if (d->infverif_code)
            json_object_set_new(j, "infverif", json_integer(d->infverif_code));
        json_object_set_new(j, "fixable", json_boolean(d->fixable));
        json_t *related = json_array();
        for (size_t r = 0; r < d->related_count; r++) {
            json_t *rj = srv__range_fields(doc, d->related[r].range, json_object());
            json_object_set_new(rj, "message", srv_json_string(d->related[r].message));
            json_array_append_new(related, rj);
        }
        json_object_set_new(j, "related", related);
        json_array_append_new(arr, j);
    }
    return arr;
}

/* ---- One file ------------------------------------------------------------ */

/* Applies fix-all until the text stops changing. Returns the fixed text
 * (caller frees) or NULL when nothing changed; *doc is replaced by a
 * document of the fixed text. */
static char *srv__fix(infa_document **doc, const infa_config *config, size_t *out_len)
{
    char *result = NULL;
    for (int pass = 0; pass < SRV_FIX_PASSES; pass++) {
        infa_code_action_list *actions = infa_document_fix_all(*doc, config);
        size_t edits = 0;
        const infa_code_action *a = NULL;
        for (size_t i = 0; i < infa_code_action_list_count(actions); i++) {
            a = infa_code_action_list_get(actions, i);
            if (a->edit_count) {
                edits = a->edit_count;
                break;
            }
        }
        if (!edits) {
            infa_code_action_list_delete(actions);
            break;
        }
        size_t len, new_len;
        const char *text = infa_document_text(*doc, &len);
        char *fixed = infa_edits_apply(text, len, a->edits, a->edit_count, &new_len);
        infa_code_action_list_delete(actions);
        if (new_len == len && memcmp(fixed, text, len) == 0) {
            free(fixed);
            break;
        }
        infa_document_delete(*doc);
        *doc = infa_document_new(fixed, new_len);
        free(result);
        result = fixed;
        *out_len = new_len;
    }
    return result;
}

static void srv__check_file(srv_check_options *o, srv_check_state *st, const char *path,
                            json_t *files_json)
{
    st->files++;
    json_t *fj = o->json ? json_pack("{s:o}", "path", srv_json_string(path)) : NULL;
    size_t raw_len;
    char *raw = srv_file_read(path, &raw_len);
    if (!raw) {
        char *msg = srv_xasprintf("cannot read: %s", strerror(errno));
        fprintf(stderr, "inf-ls: %s: %s\n", path, msg);
        st->unreadable++;
        st->io_error = true;
        if (fj) {
            json_object_set_new(fj, "error", srv_json_string(msg));
            json_array_append_new(files_json, fj);
        }
        free(msg);
        return;
    }
    infa_text_encoding enc;
    size_t text_len;
    char *text = infa_text_decode(raw, raw_len, &enc, &text_len);
    infa_config *config = srv__config_for(o, st, path);
    infa_document *doc = infa_document_new(text, text_len);
    if (fj)
        json_object_set_new(fj, "encoding", json_string(infa_encoding_name(enc.kind)));

    if (o->fix || o->diff) {
        size_t fixed_len = 0;
        char *fixed = srv__fix(&doc, config, &fixed_len);
        if (fixed && o->diff) {
            srv_buf one = {0};
            srv_diff_unified(&one, path, text, text_len, fixed, fixed_len);
            if (fj)
                json_object_set_new(fj, "diff", srv_json_stringn(one.data, one.len));
            else
                fwrite(one.data ? one.data : "", 1, one.len, stdout);
            srv_buf_free(&one);
        } else if (fixed) {
            size_t out_len;
            char *bytes = infa_text_encode(fixed, fixed_len, enc, &out_len);
            char *error = NULL;
            if (srv__write_atomic(path, bytes, out_len, &error)) {
                st->fixed++;
                if (!o->json)
                    fprintf(stderr, "inf-ls: %s: fixed\n", path);
            } else {
                fprintf(stderr, "inf-ls: %s: %s\n", path, error);
                st->io_error = true;
                if (fj)
                    json_object_set_new(fj, "error", srv_json_string(error));
            }
            free(error);
            free(bytes);
        }
        if (fj && o->fix && !o->diff)
            json_object_set_new(fj, "fixed", json_boolean(fixed != NULL));
        free(fixed);
    }

    infa_diagnostic_list *list = infa_document_diagnose(doc, config);
    size_t n = infa_diagnostic_list_count(list);
    for (size_t i = 0; i < n; i++) {
        infa_severity sev = infa_diagnostic_list_get(list, i)->severity;
        if (sev >= 1 && sev <= 4)
            st->by_severity[sev]++;
        if ((int)sev <= o->fail_on)
            st->failed = true;
    }
    if (fj) {
        json_object_set_new(fj, "diagnostics", srv__diagnostics_json(doc, list));
        json_array_append_new(files_json, fj);
    } else {
        if (st->progress && n) {
            /* Findings must not be appended to the progress line. */
            fputs("\r\033[K", stderr);
            fflush(stderr);
        }
        /* With --diff, stdout carries the patch and findings go to stderr. */
        srv__print_text(o->diff ? stderr : stdout, path, doc, list);
    }
    infa_diagnostic_list_delete(list);
    infa_document_delete(doc);
    infa_config_delete(config);
    free(text);
    free(raw);
}

/* ---- Arguments ----------------------------------------------------------- */

static bool srv__parse_level(const char *s, int *out)
{
    if (strcmp(s, "none") == 0) {
        *out = 0;
        return true;
    }
    infa_severity sev;
    if (!infa_severity_parse(s, &sev) || sev == INFA_SEVERITY_OFF)
        return false;
    *out = (int)sev;
    return true;
}

static int srv__usage_error(const char *fmt, const char *arg)
{
    fputs("inf-ls: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'inf-ls --help'.\n", stderr);
    return 2;
}

/* Returns -1 on success, else an exit status. */
static int srv__parse_args(int argc, char **argv, srv_check_options *o)
{
    bool only_paths = false;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        if (only_paths || a[0] != '-' || strcmp(a, "-") == 0) {
            o->paths = srv_xrealloc(o->paths, (o->path_count + 1) * sizeof *o->paths);
            o->paths[o->path_count++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_paths = true;
            continue;
        }
        if (strcmp(a, "--fix") == 0) {
            o->fix = true;
            continue;
        }
        if (strcmp(a, "--diff") == 0) {
            o->diff = true;
            continue;
        }
        if (strcmp(a, "--check") == 0 || strcmp(a, "--stdio") == 0)
            continue;
        /* Options with a value: --name VALUE or --name=VALUE. */
        static const char *const with_value[] = {"--format", "--fail-on", "--profile", "--severity",
                                                 "--config"};
        const char *name = NULL, *value = NULL;
        for (size_t k = 0; k < sizeof with_value / sizeof *with_value; k++) {
            size_t n = strlen(with_value[k]);
            if (strncmp(a, with_value[k], n) == 0 && (a[n] == '\0' || a[n] == '=')) {
                name = with_value[k];
                if (a[n] == '=')
                    value = a + n + 1;
                else if (i + 1 < argc)
                    value = argv[++i];
                else
                    return srv__usage_error("option '%s' needs a value", name);
                break;
            }
        }
        if (!name)
            return srv__usage_error("unknown option '%s'", a);
        if (strcmp(name, "--format") == 0) {
            if (strcmp(value, "json") == 0)
                o->json = true;
            else if (strcmp(value, "text") == 0)
                o->json = false;
            else
                return srv__usage_error("--format must be text or json, not '%s'", value);
        } else if (strcmp(name, "--fail-on") == 0) {
            if (!srv__parse_level(value, &o->fail_on))
                return srv__usage_error(
                    "--fail-on must be error, warning, info, hint or none, not '%s'", value);
        } else if (strcmp(name, "--profile") == 0) {
            infa_profile p;
            if (!infa_profile_parse(value, &p))
                return srv__usage_error(
                    "unknown profile '%s' (use isolated, universal, declarative or desktop)",
                    value);
            o->cli.has_profile = true;
            o->cli.profile = p;
        } else if (strcmp(name, "--severity") == 0) {
            const char *eq = strchr(value, '=');
            if (!eq)
                return srv__usage_error("--severity wants RULE=LEVEL, not '%s'", value);
            char *rule = srv_xstrndup(value, (size_t)(eq - value));
            bool ok = infa_rule_find(rule) != NULL;
            infa_severity sev;
            bool level_ok = infa_severity_parse(eq + 1, &sev);
            int rc = -1;
            if (!ok)
                rc =
                    srv__usage_error("unknown rule id '%s' (inf-ls --list-rules shows them)", rule);
            else if (!level_ok)
                rc = srv__usage_error(
                    "unknown level '%s' (use error, warning, information, hint or off)", eq + 1);
            else
                srv_settings_add(&o->cli, rule, eq + 1, "--severity", srv__warn_stderr, NULL);
            free(rule);
            if (rc >= 0)
                return rc;
        } else if (strcmp(name, "--config") == 0) {
            o->config_file = srv_xstrdup(value);
        }
    }
    if (o->path_count == 0)
        return srv__usage_error("%s", "--check needs at least one file or folder");
    return -1;
}

int srv_check_main(int argc, char **argv)
{
    srv_check_options o;
    memset(&o, 0, sizeof o);
    o.fail_on = INFA_SEVERITY_ERROR;
    srv_check_state st;
    memset(&st, 0, sizeof st);
    srv_strings files = {0}, errors = {0};
    json_t *files_json = NULL;

    int rc = srv__parse_args(argc, argv, &o);
    if (rc >= 0)
        goto cleanup;
    if (o.config_file &&
        !srv_settings_merge_file(&o.config_file_settings, o.config_file, srv__warn_stderr, NULL)) {
        rc = 2;
        goto cleanup;
    }

    for (size_t i = 0; i < o.path_count; i++) {
        struct stat sb;
        if (stat(o.paths[i], &sb) != 0) {
            srv__strings_push(&errors,
                              srv_xasprintf("%s: cannot read: %s", o.paths[i], strerror(errno)));
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            srv__walk(o.paths[i], &files, &errors);
        else
            srv__strings_push(&files, srv_xstrdup(o.paths[i]));
    }
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "inf-ls: %s\n", errors.items[i]);
    if (errors.count)
        st.io_error = true;

    if (o.json)
        files_json = json_array();
    bool progress = isatty(STDERR_FILENO) && files.count >= SRV_PROGRESS_MIN_FILES;
    st.progress = progress;
    for (size_t i = 0; i < files.count; i++) {
        if (progress) {
            fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, files.count, files.items[i]);
            fflush(stderr);
        }
        srv__check_file(&o, &st, files.items[i], files_json);
    }
    if (progress)
        fputs("\r\033[K", stderr);

    if (o.json) {
        json_t *errs = json_array();
        for (size_t i = 0; i < errors.count; i++)
            json_array_append_new(errs, srv_json_string(errors.items[i]));
        json_t *root =
            json_pack("{s:s,s:o,s:o,s:{s:I,s:I,s:I,s:I,s:I,s:I}}", "version", SRV_VERSION, "files",
                      files_json, "errors", errs, "summary", "files", (json_int_t)st.files,
                      "errors", (json_int_t)st.by_severity[INFA_SEVERITY_ERROR], "warnings",
                      (json_int_t)st.by_severity[INFA_SEVERITY_WARNING], "info",
                      (json_int_t)st.by_severity[INFA_SEVERITY_INFO], "hints",
                      (json_int_t)st.by_severity[INFA_SEVERITY_HINT], "unreadable",
                      (json_int_t)(st.unreadable + errors.count));
        files_json = NULL;
        json_dumpf(root, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(root);
    } else {
        /* The summary follows the findings even when both go to one file. */
        fflush(stdout);
        fprintf(stderr,
                "inf-ls: %zu file%s checked: %zu error%s, %zu warning%s, %zu info, %zu hint%s",
                st.files, st.files == 1 ? "" : "s", st.by_severity[INFA_SEVERITY_ERROR],
                st.by_severity[INFA_SEVERITY_ERROR] == 1 ? "" : "s",
                st.by_severity[INFA_SEVERITY_WARNING],
                st.by_severity[INFA_SEVERITY_WARNING] == 1 ? "" : "s",
                st.by_severity[INFA_SEVERITY_INFO], st.by_severity[INFA_SEVERITY_HINT],
                st.by_severity[INFA_SEVERITY_HINT] == 1 ? "" : "s");
        if (o.fix && !o.diff)
            fprintf(stderr, "; %zu fixed", st.fixed);
        if (st.unreadable + errors.count)
            fprintf(stderr, "; %zu unreadable", st.unreadable + errors.count);
        fputc('\n', stderr);
    }
    fflush(stdout);
    rc = st.io_error ? 2 : st.failed ? 1 : 0;

cleanup:
    json_decref(files_json);
    for (size_t i = 0; i < files.count; i++)
        free(files.items[i]);
    free(files.items);
    for (size_t i = 0; i < errors.count; i++)
        free(errors.items[i]);
    free(errors.items);
    free(o.paths);
    free(o.config_file);
    srv_settings_clear(&o.cli);
    srv_settings_clear(&o.config_file_settings);
    free(st.cached_dir);
    srv_settings_clear(&st.cached_settings);
    return rc;
}
