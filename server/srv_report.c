#include "srv_report.h"

#include "srv_json.h"
#include "srv_position.h"
#include "srv_util.h"
#include "srv_version.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SRV_SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
/* CMake passes INFLS_HOMEPAGE (the project's HOMEPAGE_URL). */
#ifdef INFLS_HOMEPAGE
#define SRV_INFORMATION_URI INFLS_HOMEPAGE
#else
#define SRV_INFORMATION_URI "https://github.com/inf-ls/inf-ls"
#endif

/* ---- Paths and URIs ------------------------------------------------------ */

/* path made absolute against the current directory, with "." and ".."
 * components folded and no trailing slash. Symlinks are kept: the URI
 * names the file the user named. Caller must free(). */
static char *srv__absolute(const char *path)
{
    char *joined;
    if (path[0] == '/') {
        joined = srv_xstrdup(path);
    } else {
        char *cwd = getcwd(NULL, 0);
        joined = srv_xasprintf("%s/%s", cwd ? cwd : ".", path);
        free(cwd);
    }
    size_t n = strlen(joined);
    char *out = srv_xmalloc(n + 2);
    size_t len = 0;
    const char *p = joined;
    while (*p) {
        while (*p == '/')
            p++;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t seg = (size_t)(p - start);
        if (seg == 0 || (seg == 1 && start[0] == '.'))
            continue;
        if (seg == 2 && start[0] == '.' && start[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            continue;
        }
        out[len++] = '/';
        memcpy(out + len, start, seg);
        len += seg;
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    free(joined);
    return out;
}

static void srv__uri_escape(srv_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p)) {
            srv_buf_append(b, p, 1);
        } else {
            char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
            srv_buf_append(b, esc, 3);
        }
    }
}

char *srv_report_sarif_uri(const char *path, const char *root)
{
    char *abs = srv__absolute(path);
    char *base = srv__absolute(root && *root ? root : ".");
    size_t blen = strlen(base);
    srv_buf b = {0};
    if (strcmp(base, "/") == 0) {
        srv__uri_escape(&b, abs + 1);
    } else if (strncmp(abs, base, blen) == 0 && abs[blen] == '/') {
        srv__uri_escape(&b, abs + blen + 1);
    } else {
        srv_buf_append_str(&b, "file://");
        srv__uri_escape(&b, abs);
    }
    free(abs);
    free(base);
    return srv_buf_take(&b);
}

/* ---- SARIF --------------------------------------------------------------- */

static const char *srv__sarif_level(infa_severity sev)
{
    switch (sev) {
    case INFA_SEVERITY_ERROR:
        return "error";
    case INFA_SEVERITY_WARNING:
        return "warning";
    default:
        return "note";
    }
}

static json_t *srv__sarif_region(const infa_document *doc, infa_range r)
{
    return json_pack("{s:I,s:I,s:I,s:I}", "startLine", (json_int_t)r.start.row + 1, "startColumn",
                     (json_int_t)srv_position_column(doc, SRV_ENC_UTF16, r.start) + 1, "endLine",
                     (json_int_t)r.end.row + 1, "endColumn",
                     (json_int_t)srv_position_column(doc, SRV_ENC_UTF16, r.end) + 1);
}

static json_t *srv__sarif_artifact(const char *uri)
{
    bool relative = strncmp(uri, "file:", 5) != 0;
    json_t *a = json_pack("{s:o}", "uri", srv_json_string(uri));
    if (relative)
        json_object_set_new(a, "uriBaseId", json_string("SRCROOT"));
    return a;
}

static json_t *srv__sarif_location(const infa_document *doc, const char *uri, infa_range r)
{
    return json_pack("{s:{s:o,s:o}}", "physicalLocation", "artifactLocation",
                     srv__sarif_artifact(uri), "region", srv__sarif_region(doc, r));
}

/* The quick fix offered for d: the preferred one of its rule on its start,
 * else the first. Borrowed from actions. */
static const infa_code_action *srv__fix_for(const infa_code_action_list *actions,
                                            const infa_diagnostic *d)
{
    const infa_code_action *found = NULL;
    for (size_t i = 0; i < infa_code_action_list_count(actions); i++) {
        const infa_code_action *a = infa_code_action_list_get(actions, i);
        if (!a->rule_id || !a->edit_count || strcmp(a->rule_id, d->rule_id) != 0 ||
            a->diagnostic_range.start_byte != d->range.start_byte ||
            a->diagnostic_range.end_byte != d->range.end_byte)
            continue;
        if (a->preferred)
            return a;
        if (!found)
            found = a;
    }
    return found;
}

static json_t *srv__sarif_fix(const infa_document *doc, const char *uri, const infa_code_action *a)
{
    json_t *replacements = json_array();
    for (size_t i = 0; i < a->edit_count; i++) {
        const infa_text_edit *e = &a->edits[i];
        json_array_append_new(replacements,
                              json_pack("{s:o,s:{s:o}}", "deletedRegion",
                                        srv__sarif_region(doc, e->range), "insertedContent", "text",
                                        srv_json_string(e->new_text)));
    }
    return json_pack("{s:{s:o},s:[{s:o,s:o}]}", "description", "text", srv_json_string(a->title),
                     "artifactChanges", "artifactLocation", srv__sarif_artifact(uri),
                     "replacements", replacements);
}

static int srv__rule_index(const char *id)
{
    for (size_t i = 0; i < infa_rule_count(); i++)
        if (strcmp(infa_rule_at(i)->id, id) == 0)
            return (int)i;
    return -1;
}

void srv_report_sarif_results(json_t *results, infa_document *fix_doc, const infa_config *config,
                              const char *uri, const infa_document *doc,
                              const infa_diagnostic *const *items, size_t n)
{
    bool any_fixable = false;
    for (size_t i = 0; i < n; i++)
        any_fixable |= items[i]->fixable;
    /* One pass over every row gives every quick fix at once. */
    infa_code_action_list *actions =
        any_fixable && fix_doc ? infa_document_code_actions(fix_doc, config, 0, UINT32_MAX) : NULL;
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = items[i];
        const char *rule = d->rule_id ? d->rule_id : "";
        json_t *r = json_pack("{s:s,s:s,s:{s:o},s:[o]}", "ruleId", rule, "level",
                              srv__sarif_level(d->severity), "message", "text",
                              srv_json_string(d->message ? d->message : ""), "locations",
                              srv__sarif_location(doc, uri, d->range));
        int index = srv__rule_index(rule);
        if (index >= 0)
            json_object_set_new(r, "ruleIndex", json_integer(index));
        if (d->related_count) {
            json_t *rel = json_array();
            for (size_t k = 0; k < d->related_count; k++) {
                json_t *loc = srv__sarif_location(doc, uri, d->related[k].range);
                json_object_set_new(loc, "id", json_integer((json_int_t)k));
                json_object_set_new(
                    loc, "message",
                    json_pack("{s:o}", "text",
                              srv_json_string(d->related[k].message ? d->related[k].message : "")));
                json_array_append_new(rel, loc);
            }
            json_object_set_new(r, "relatedLocations", rel);
        }
        const infa_code_action *fix = d->fixable && actions ? srv__fix_for(actions, d) : NULL;
        if (fix)
            json_object_set_new(r, "fixes", json_pack("[o]", srv__sarif_fix(doc, uri, fix)));
        if (d->infverif_code) {
            json_t *props = json_pack("{s:i}", "infverif", d->infverif_code);
            /* InfVerif's own wording, for tools that match its output. */
            const char *tmpl = infa_infverif_message(d->infverif_code);
            if (tmpl)
                json_object_set_new(props, "infverifMessage", srv_json_string(tmpl));
            json_object_set_new(r, "properties", props);
        }
        json_array_append_new(results, r);
    }
    infa_code_action_list_delete(actions);
}

/* The first paragraph after the title of a rule's documentation: what it
 * checks. Caller must free(); NULL when there is no documentation. */
static char *srv__first_paragraph(const char *md)
{
    if (!md)
        return NULL;
    const char *p = md;
    if (*p == '#') {
        p = strchr(p, '\n');
        if (!p)
            return NULL;
    }
    while (*p == '\n' || *p == '\r')
        p++;
    const char *end = strstr(p, "\n\n");
    if (!end)
        end = p + strlen(p);
    char *text = srv_xstrndup(p, (size_t)(end - p));
    /* One line: SARIF viewers show descriptions as plain text. */
    for (char *c = text; *c; c++)
        if (*c == '\n')
            *c = ' ';
    return text;
}

static json_t *srv__sarif_rule(const infa_rule_info *info)
{
    const char *md = infa_rule_explain(info->id);
    char *full = srv__first_paragraph(md);
    json_t *rule = json_pack(
        "{s:s,s:{s:o},s:{s:o},s:{s:s}}", "id", info->id, "shortDescription", "text",
        srv_json_string(info->summary ? info->summary : info->id), "fullDescription", "text",
        srv_json_string(full            ? full
                        : info->summary ? info->summary
                                        : info->id),
        "defaultConfiguration", "level", srv__sarif_level(info->default_severity));
    free(full);
    if (info->href)
        json_object_set_new(rule, "helpUri", json_string(info->href));
    if (md)
        json_object_set_new(
            rule, "help",
            json_pack("{s:o,s:o}", "text", srv_json_string(md), "markdown", srv_json_string(md)));
    size_t ncodes;
    const int *codes = infa_rule_infverif_codes(info->id, &ncodes);
    json_t *props = json_object();
    if (ncodes) {
        json_object_set_new(props, "infverif", json_integer(codes[0]));
        json_t *all = json_array();
        for (size_t i = 0; i < ncodes; i++)
            json_array_append_new(all, json_integer(codes[i]));
        json_object_set_new(props, "infverifCodes", all);
    }
    json_object_set_new(props, "tags",
                        json_pack("[s]", info->isolation ? "driver-package-isolation" : "inf"));
    json_object_set_new(rule, "properties", props);
    return rule;
}

json_t *srv_report_sarif_log(json_t *results, const char *root)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < infa_rule_count(); i++)
        json_array_append_new(rules, srv__sarif_rule(infa_rule_at(i)));
    char *abs = srv__absolute(root && *root ? root : ".");
    srv_buf b = {0};
    srv_buf_append_str(&b, "file://");
    srv__uri_escape(&b, abs);
    if (strcmp(abs, "/") != 0)
        srv_buf_append_str(&b, "/");
    free(abs);
    char *root_uri = srv_buf_take(&b);
    json_t *run =
        json_pack("{s:{s:{s:s,s:s,s:s,s:o}},s:{s:{s:o}},s:s,s:o}", "tool", "driver", "name",
                  "inf-ls", "version", SRV_VERSION, "informationUri", SRV_INFORMATION_URI, "rules",
                  rules, "originalUriBaseIds", "SRCROOT", "uri", srv_json_string(root_uri),
                  "columnKind", "utf16CodeUnits", "results", results);
    free(root_uri);
    return json_pack("{s:s,s:s,s:[o]}", "$schema", SRV_SARIF_SCHEMA, "version", "2.1.0", "runs",
                     run);
}

/* ---- GitHub workflow commands -------------------------------------------- */

/* GitHub's escaping: data escapes %, CR and LF; properties also : and ,. */
static void srv__gh_escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            fputs("%25", out);
            break;
        case '\r':
            fputs("%0D", out);
            break;
        case '\n':
            fputs("%0A", out);
            break;
        case ':':
            fputs(property ? "%3A" : ":", out);
            break;
        case ',':
            fputs(property ? "%2C" : ",", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static const char *srv__gh_command(infa_severity sev)
{
    switch (sev) {
    case INFA_SEVERITY_ERROR:
        return "error";
    case INFA_SEVERITY_WARNING:
        return "warning";
    default:
        return "notice";
    }
}

void srv_report_github(FILE *out, const char *path, const infa_document *doc,
                       const infa_diagnostic *const *items, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const infa_diagnostic *d = items[i];
        infa_range r = d->range;
        fprintf(out, "::%s file=", srv__gh_command(d->severity));
        srv__gh_escape(out, path, true);
        fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", r.start.row + 1,
                srv_position_column(doc, SRV_ENC_UTF32, r.start) + 1, r.end.row + 1,
                srv_position_column(doc, SRV_ENC_UTF32, r.end) + 1);
        char *title = srv_xasprintf("inf-ls %s", d->rule_id ? d->rule_id : "");
        srv__gh_escape(out, title, true);
        free(title);
        fputs("::", out);
        srv__gh_escape(out, d->message ? d->message : "", false);
        for (size_t k = 0; k < d->related_count; k++) {
            char *note = srv_xasprintf(
                "\nline %u:%u: %s", d->related[k].range.start.row + 1,
                srv_position_column(doc, SRV_ENC_UTF32, d->related[k].range.start) + 1,
                d->related[k].message ? d->related[k].message : "");
            srv__gh_escape(out, note, false);
            free(note);
        }
        fputc('\n', out);
    }
}
