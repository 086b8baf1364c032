#include "srv_check.h"

#include "infa.h"
#include "infa_encoding.h"
#include "srv_diff.h"
#include "srv_json.h"
#include "srv_platform.h"
#include "srv_position.h"
#include "srv_report.h"
#include "srv_settings.h"
#include "srv_stampinf.h"
#include "srv_util.h"
#include "srv_version.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --fix repeats fix-all until nothing changes, so that a second run is a
 * no-op even when one fix uncovers another; this bounds the repeats. */
#define SRV_FIX_PASSES 4
/* Larger files are refused (exit 2): real INFs stay under a few MB. */
#define SRV_CHECK_MAX_FILE (16u * 1024u * 1024u)
/* Progress is worth drawing only for runs that take a moment. */
#define SRV_PROGRESS_MIN_FILES 20

typedef enum {
    SRV_FORMAT_TEXT = 0,
    SRV_FORMAT_JSON,
    SRV_FORMAT_SARIF,
    SRV_FORMAT_GITHUB,
} srv_format;

/* Schema version of --format json; bump it when a field changes meaning or
 * goes away (adding fields keeps it). */
#define SRV_JSON_SCHEMA_VERSION 1

typedef struct {
    bool json; /* the json format */
    srv_format format;
    char *sarif_root;
    const char *arch; /* --arch: expand .inx tokens as stampinf would */
    int fail_on;      /* fail when severity <= fail_on; 0 = never */
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

/* An .inx file (any case): a stampinf template. */
static bool srv__is_template(const char *path)
{
    size_t n = strlen(path);
    return srv__has_inf_extension(path) && (path[n - 1] == 'x' || path[n - 1] == 'X');
}

typedef struct {
    srv_check_dir *items;
    size_t count, cap;
} srv__dirs;

/* Collects INF files under dir, sorted so output is stable. Hidden folders
 * (.git and the like) are skipped, and symlinked folders are not followed
 * so that loops cannot happen. dirs, when not NULL, receives every folder
 * listed with its stamp taken just before, so that an entry added while
 * the walk runs changes the stamp from the one kept. */
static void srv__walk(const char *dir, srv_strings *out, srv_strings *errors, srv__dirs *dirs)
{
    size_t count = 0;
    srv_file_stamp stamp;
    if (dirs)
        srv_platform_file_stamp(dir, &stamp);
    char **names = srv_platform_list_dir(dir, &count);
    if (!names) {
        srv__strings_push(errors,
                          srv_xasprintf("%s: cannot read folder: %s", dir, strerror(errno)));
        return;
    }
    if (dirs) {
        if (dirs->count == dirs->cap) {
            dirs->cap = dirs->cap ? dirs->cap * 2 : 16;
            dirs->items = srv_xrealloc(dirs->items, dirs->cap * sizeof *dirs->items);
        }
        dirs->items[dirs->count++] = (srv_check_dir){srv_xstrdup(dir), stamp};
    }
    if (count)
        qsort(names, count, sizeof *names, srv__cmp_str);
    for (size_t i = 0; i < count; i++) {
        if (names[i][0] == '.') {
            free(names[i]);
            continue;
        }
        char *path = srv_platform_path_join(dir, names[i]);
        srv_path_kind kind = srv_platform_path_kind(path, false);
        if (kind == SRV_PATH_DIR) {
            srv__walk(path, out, errors, dirs);
            free(path);
        } else if (kind == SRV_PATH_FILE && srv__has_inf_extension(names[i])) {
            srv__strings_push(out, path);
        } else {
            free(path);
        }
        free(names[i]);
    }
    free(names);
}

char **srv_check_list_infs(const char *dir, size_t max, size_t *count)
{
    return srv_check_list_infs_dirs(dir, max, count, NULL, NULL);
}

char **srv_check_list_infs_dirs(const char *dir, size_t max, size_t *count, srv_check_dir **dirs,
                                size_t *dir_count)
{
    srv_strings out = {0}, errors = {0};
    srv__dirs walked = {0};
    srv__walk(dir, &out, &errors, dirs ? &walked : NULL);
    if (dirs) {
        *dirs = walked.items;
        *dir_count = walked.count;
    }
    for (size_t i = 0; i < errors.count; i++)
        free(errors.items[i]);
    free(errors.items);
    for (size_t i = max; i < out.count; i++)
        free(out.items[i]);
    *count = out.count < max ? out.count : max;
    return out.items;
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
        char *dir = srv_platform_dirname(path);
        if (!st->cached_dir || !srv_platform_path_equal(st->cached_dir, dir)) {
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
                            const infa_diagnostic *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = items[i];
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

static json_t *srv__diagnostics_json(const infa_document *doc, const infa_diagnostic *const *items,
                                     size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = items[i];
        json_t *j = srv__range_fields(doc, d->range, json_object());
        json_object_set_new(j, "severity", json_string(infa_severity_name(d->severity)));
        json_object_set_new(j, "rule", srv_json_string(d->rule_id ? d->rule_id : ""));
        json_object_set_new(j, "message", srv_json_string(d->message ? d->message : ""));
        if (d->href)
            json_object_set_new(j, "href", srv_json_string(d->href));
        if (d->infverif_code) {
            json_object_set_new(j, "infverif", json_integer(d->infverif_code));
            /* InfVerif's own wording, for scripts that match its output. */
            const char *tmpl = infa_infverif_message(d->infverif_code);
            if (tmpl)
                json_object_set_new(j, "infverifMessage", srv_json_string(tmpl));
        }
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
static char *srv__fix(infa_document **doc, const infa_config *config, const char *path,
                      const infa_text_encoding *enc, size_t *out_len)
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
        infa_document_set_origin(*doc, path, enc);
        free(result);
        result = fixed;
        *out_len = new_len;
    }
    return result;
}

/* A file that was not checked: said on stderr and, with --json, as the
 * file's error. Takes fj. */
static void srv__check_unreadable(srv_check_state *st, const char *path, const char *msg,
                                  json_t *fj, json_t *files_json)
{
    fprintf(stderr, "inf-ls: %s: %s\n", path, msg);
    st->unreadable++;
    st->io_error = true;
    if (fj) {
        json_object_set_new(fj, "error", srv_json_string(msg));
        json_array_append_new(files_json, fj);
    }
}

/* --fix and --diff: applies the fixes to *doc (which they replace) and
 * writes the file back in its own encoding, or prints the patch. */
static void srv__check_fix(srv_check_options *o, srv_check_state *st, const char *path,
                           infa_document **doc, const infa_config *config, const char *text,
                           size_t text_len, infa_text_encoding enc, const srv_file_stamp *stamp,
                           json_t *fj)
{
    size_t fixed_len = 0;
    char *fixed = srv__fix(doc, config, path, &enc, &fixed_len);
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
        if (srv_platform_replace_file(path, bytes, out_len, stamp, &error)) {
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

/* Counts one file's findings and writes them in the chosen format. */
static void srv__check_output(srv_check_options *o, srv_check_state *st, const char *path,
                              infa_document *doc, const infa_config *config, bool expanded,
                              const infa_diagnostic **items, size_t n, json_t *fj,
                              json_t *files_json, json_t *sarif_results)
{
    for (size_t i = 0; i < n; i++) {
        infa_severity sev = items[i]->severity;
        if (sev >= 1 && sev <= 4)
            st->by_severity[sev]++;
        if ((int)sev <= o->fail_on)
            st->failed = true;
    }
    if (fj) {
        json_object_set_new(fj, "diagnostics", srv__diagnostics_json(doc, items, n));
        json_array_append_new(files_json, fj);
    } else if (o->format == SRV_FORMAT_SARIF) {
        char *uri = srv_report_sarif_uri(path, o->sarif_root);
        srv_report_sarif_results(sarif_results, expanded ? NULL : doc, config, uri, doc, items, n);
        free(uri);
    } else if (o->format == SRV_FORMAT_GITHUB) {
        srv_report_github(o->diff ? stderr : stdout, path, doc, items, n);
    } else {
        if (st->progress && n) {
            /* Findings must not be appended to the progress line. */
            fputs("\r\033[K", stderr);
            fflush(stderr);
        }
        /* With --diff, stdout carries the patch and findings go to stderr. */
        srv__print_text(o->diff ? stderr : stdout, path, doc, items, n);
    }
}

static void srv__check_file(srv_check_options *o, srv_check_state *st, const char *path,
                            json_t *files_json, json_t *sarif_results)
{
    st->files++;
    json_t *fj = o->json ? json_pack("{s:o}", "path", srv_json_string(path)) : NULL;
    size_t raw_len;
    /* Taken before reading, so that a change during the read is noticed. */
    srv_file_stamp stamp;
    srv_platform_file_stamp(path, &stamp);
    char *raw = srv_file_read(path, &raw_len);
    if (!raw) {
        char *msg = srv_xasprintf("cannot read: %s", strerror(errno));
        srv__check_unreadable(st, path, msg, fj, files_json);
        free(msg);
        return;
    }
    if (raw_len > SRV_CHECK_MAX_FILE) {
        /* Some rules cost more than linear time on huge inputs. */
        char *msg = srv_xasprintf("file too large: %zu bytes (the limit is %u MiB)", raw_len,
                                  SRV_CHECK_MAX_FILE >> 20);
        srv__check_unreadable(st, path, msg, fj, files_json);
        free(msg);
        free(raw);
        return;
    }
    infa_text_encoding enc;
    size_t text_len;
    char *text = infa_text_decode(raw, raw_len, &enc, &text_len);
    infa_config *config = srv__config_for(o, st, path);
    infa_document *doc = infa_document_new(text, text_len);
    infa_document_set_origin(doc, path, &enc);
    if (fj)
        json_object_set_new(fj, "encoding", json_string(infa_encoding_name(enc.kind)));

    if (o->fix || o->diff)
        srv__check_fix(o, st, path, &doc, config, text, text_len, enc, &stamp, fj);

    /* With --arch an .inx is checked as stampinf would expand it, and the
     * findings are moved back to the template's positions. */
    srv_stampinf_map map = {0};
    infa_document *expanded = NULL;
    if (o->arch && srv__is_template(path)) {
        size_t exp_len;
        char *exp = srv_stampinf_expand(text, text_len, o->arch, &exp_len, &map);
        expanded = infa_document_new(exp, exp_len);
        infa_document_set_origin(expanded, path, &enc);
        free(exp);
    }
    infa_diagnostic_list *list = infa_document_diagnose(expanded ? expanded : doc, config);
    size_t n = infa_diagnostic_list_count(list);
    const infa_diagnostic **items = srv_xcalloc(n ? n : 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = infa_diagnostic_list_get(list, i);
        items[i] = expanded ? srv_stampinf_map_diagnostic(&map, doc, d) : d;
    }
    srv__check_output(o, st, path, doc, config, expanded != NULL, items, n, fj, files_json,
                      sarif_results);
    for (size_t i = 0; expanded && i < n; i++)
        srv_stampinf_diagnostic_free((infa_diagnostic *)items[i]);
    free(items);
    infa_diagnostic_list_delete(list);
    infa_document_delete(expanded);
    srv_stampinf_map_free(&map);
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
        static const char *const with_value[] = {"--format",     "--fail-on", "--profile",
                                                 "--severity",   "--config",  "--suppress",
                                                 "--sarif-root", "--arch",    "--infverif-mode"};
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
            static const char *const formats[] = {"text", "json", "sarif", "github"};
            size_t k = 0;
            while (k < 4 && strcmp(value, formats[k]) != 0)
                k++;
            if (k == 4)
                return srv__usage_error("--format must be text, json, sarif or github, not '%s'",
                                        value);
            o->format = (srv_format)k;
            o->json = o->format == SRV_FORMAT_JSON;
        } else if (strcmp(name, "--arch") == 0) {
            if (!srv_stampinf_arch_known(value))
                return srv__usage_error("--arch must be amd64, arm64 or x86, not '%s'", value);
            o->arch = value;
        } else if (strcmp(name, "--sarif-root") == 0) {
            free(o->sarif_root);
            o->sarif_root = srv_xstrdup(value);
        } else if (strcmp(name, "--suppress") == 0) {
            /* InfVerif's way to silence a code; a rule id works too. */
            if (!srv_settings_key_known(value))
                return srv__usage_error(
                    "--suppress wants an InfVerif code or a rule id that inf-ls --list-rules "
                    "shows, not '%s'",
                    value);
            srv_settings_add(&o->cli, value, "off", "--suppress", srv__warn_stderr, NULL);
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
        } else if (strcmp(name, "--infverif-mode") == 0) {
            infa_profile p;
            if (!infa_infverif_mode_parse(value, &p))
                return srv__usage_error("--infverif-mode must be k, u or w, not '%s'", value);
            o->cli.has_profile = true;
            o->cli.profile = p;
        } else if (strcmp(name, "--severity") == 0) {
            const char *eq = strchr(value, '=');
            if (!eq)
                return srv__usage_error("--severity wants RULE=LEVEL or CODE=LEVEL, not '%s'",
                                        value);
            char *rule = srv_xstrndup(value, (size_t)(eq - value));
            bool ok = srv_settings_key_known(rule);
            infa_severity sev;
            bool level_ok = infa_severity_parse(eq + 1, &sev);
            int rc = -1;
            if (!ok)
                rc = srv__usage_error(
                    "unknown rule id or InfVerif code '%s' (inf-ls --list-rules shows them)", rule);
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
    if (o->arch && (o->fix || o->diff))
        return srv__usage_error("%s",
                                "--arch checks the expansion; it cannot go with --fix or --diff");
    if (o->diff && o->format == SRV_FORMAT_SARIF)
        return srv__usage_error("%s", "--diff cannot go with --format sarif (both use stdout)");
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
    json_t *files_json = NULL, *sarif_results = NULL;

    int rc = srv__parse_args(argc, argv, &o);
    if (rc >= 0)
        goto cleanup;
    if (o.config_file &&
        !srv_settings_merge_file(&o.config_file_settings, o.config_file, srv__warn_stderr, NULL)) {
        rc = 2;
        goto cleanup;
    }

    for (size_t i = 0; i < o.path_count; i++) {
        srv_path_kind kind = srv_platform_path_kind(o.paths[i], true);
        if (kind == SRV_PATH_MISSING) {
            srv__strings_push(&errors,
                              srv_xasprintf("%s: cannot read: %s", o.paths[i], strerror(errno)));
            continue;
        }
        if (kind == SRV_PATH_DIR)
            srv__walk(o.paths[i], &files, &errors, NULL);
        else
            srv__strings_push(&files, srv_xstrdup(o.paths[i]));
    }
    /* Reports list files in one order whatever order the paths were given
     * or the folders walked in. */
    if (files.count > 1)
        qsort(files.items, files.count, sizeof *files.items, srv__cmp_str);
    for (size_t i = 0; i < errors.count; i++)
        fprintf(stderr, "inf-ls: %s\n", errors.items[i]);
    if (errors.count)
        st.io_error = true;

    if (o.json)
        files_json = json_array();
    if (o.format == SRV_FORMAT_SARIF)
        sarif_results = json_array();
    bool progress = srv_platform_stderr_is_console() && files.count >= SRV_PROGRESS_MIN_FILES;
    st.progress = progress;
    for (size_t i = 0; i < files.count; i++) {
        if (progress) {
            fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, files.count, files.items[i]);
            fflush(stderr);
        }
        srv__check_file(&o, &st, files.items[i], files_json, sarif_results);
    }
    if (progress)
        fputs("\r\033[K", stderr);

    if (o.json) {
        json_t *errs = json_array();
        for (size_t i = 0; i < errors.count; i++)
            json_array_append_new(errs, srv_json_string(errors.items[i]));
        json_t *root =
            json_pack("{s:i,s:{s:s,s:s},s:o,s:o,s:{s:I,s:I,s:I,s:I,s:I,s:I}}", "version",
                      SRV_JSON_SCHEMA_VERSION, "tool", "name", "inf-ls", "version", SRV_VERSION,
                      "files", files_json, "errors", errs, "summary", "files", (json_int_t)st.files,
                      "errors", (json_int_t)st.by_severity[INFA_SEVERITY_ERROR], "warnings",
                      (json_int_t)st.by_severity[INFA_SEVERITY_WARNING], "info",
                      (json_int_t)st.by_severity[INFA_SEVERITY_INFO], "hints",
                      (json_int_t)st.by_severity[INFA_SEVERITY_HINT], "unreadable",
                      (json_int_t)(st.unreadable + errors.count));
        files_json = NULL;
        json_dumpf(root, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(root);
    } else if (sarif_results) {
        json_t *log = srv_report_sarif_log(sarif_results, o.sarif_root);
        sarif_results = NULL;
        json_dumpf(log, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
        json_decref(log);
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
    json_decref(sarif_results);
    for (size_t i = 0; i < files.count; i++)
        free(files.items[i]);
    free(files.items);
    for (size_t i = 0; i < errors.count; i++)
        free(errors.items[i]);
    free(errors.items);
    free(o.paths);
    free(o.config_file);
    free(o.sarif_root);
    srv_settings_clear(&o.cli);
    srv_settings_clear(&o.config_file_settings);
    free(st.cached_dir);
    srv_settings_clear(&st.cached_settings);
    return rc;
}
