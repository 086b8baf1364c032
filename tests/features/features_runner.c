/* Hover and completion tests.
 *
 *   features_runner fixture <case.inf>   one fixture: the `$0` marker is the
 *       cursor; <case>.expect says what hover or completion must produce
 *       (hover/ or complete/ folder picks which).
 *   features_runner <kb-walk>            every row of a knowledge table must
 *       yield a hover that names it (kb-dirids, kb-directives, kb-flags,
 *       kb-consts, kb-sections, kb-roots).
 *   features_runner bench [bytes]        times hover and completion on a
 *       generated document (prints figures; not a ctest).
 *
 * .expect lines (`#` starts a comment):
 *   profile: universal                 config profile (default isolated)
 *   none                               no hover / an empty completion list
 *   contains: TEXT / excludes: TEXT    hover markdown substring checks
 *   range: TEXT                        hover range covers exactly TEXT
 *   label: L / no-label: L             an item labelled L is / is not offered
 *   insert: L => TEXT                  item L inserts TEXT
 *   no-insert: TEXT                    no item inserts TEXT
 *   first: L                           L sorts first (by sort_text, as clients do)
 *   before: A => B                     A sorts before B
 *   preselect: L / deprecated: L / not-deprecated: L
 *   detail: L => TEXT / doc: L => TEXT item L's detail / documentation contains TEXT
 *   filter: L => TEXT                  item L's filter text contains TEXT
 *   replace: TEXT                      the completion range covers exactly TEXT
 *   count-max: N                       at most N items
 * actions/ fixtures ask for the code actions of the cursor's row:
 *   action: TITLE / no-action: TITLE   a refactor.rewrite action has / has not that title
 *   actions: N                         exactly N refactor.rewrite actions
 *   apply: TITLE                       applying it gives <case>.fixed
 *   none                               no refactor.rewrite action
 */
#define _POSIX_C_SOURCE 200809L
#include "document.h"
#include "testio.h"
#include "infa.h"
#include "infa_encoding.h"
#include "kb.h"
#include "model.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>

static int failures;

static void fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "FAIL: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    failures++;
}

/* ---- Completion helpers ------------------------------------------------------ */

static const char *sort_key(const infa_completion_item *it)
{
    return it->sort_text ? it->sort_text : it->label;
}

static const infa_completion_item *find_label(const infa_completion_list *l, const char *label)
{
    for (size_t i = 0; i < infa_completion_list_count(l); i++) {
        const infa_completion_item *it = infa_completion_list_get(l, i);
        if (strcmp(it->label, label) == 0)
            return it;
    }
    return NULL;
}

static const infa_completion_item *first_item(const infa_completion_list *l)
{
    const infa_completion_item *best = NULL;
    for (size_t i = 0; i < infa_completion_list_count(l); i++) {
        const infa_completion_item *it = infa_completion_list_get(l, i);
        if (!best || strcmp(sort_key(it), sort_key(best)) < 0)
            best = it;
    }
    return best;
}

static void dump_items(const infa_completion_list *l)
{
    size_t n = infa_completion_list_count(l);
    fprintf(stderr, "  %zu items:", n);
    for (size_t i = 0; i < n && i < 60; i++) {
        const infa_completion_item *it = infa_completion_list_get(l, i);
        fprintf(stderr, " [%s => %s%s%s]", it->label, it->insert_text, it->preselect ? " *" : "",
                it->deprecated ? " ~" : "");
    }
    fprintf(stderr, "\n");
}

/* Splits "A => B" in place. */
static bool split_arrow(char *v, char **a, char **b)
{
    char *p = strstr(v, " => ");
    if (!p)
        return false;
    *p = 0;
    *a = v;
    *b = p + 4;
    return true;
}

/* The document with the cursor's row typed one character at a time, as an
 * editor sends it: features must read the incrementally updated model just
 * as they read a fresh one. Caller must free with infa_document_delete(). */
static infa_document *typed_document(const char *text, size_t len, uint32_t cursor)
{
    size_t rs = cursor, re = cursor;
    while (rs > 0 && text[rs - 1] != '\n' && text[rs - 1] != '\r')
        rs--;
    while (re < len && text[re] != '\n' && text[re] != '\r')
        re++;
    char *without = malloc(len + 1);
    memcpy(without, text, rs);
    memcpy(without + rs, text + re, len - re);
    infa_document *doc = infa_document_new(without, len - (re - rs));
    free(without);
    for (size_t i = rs; i < re; i++)
        infa_document_apply_edit(doc, (uint32_t)i, (uint32_t)i, text + i, 1);
    return doc;
}

static char *describe_completion(infa_completion_list *cl)
{
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    out[0] = 0;
    for (size_t i = 0; i < infa_completion_list_count(cl); i++) {
        const infa_completion_item *it = infa_completion_list_get(cl, i);
        size_t need = strlen(it->label) + strlen(it->insert_text) + 8;
        if (len + need >= cap) {
            cap = (cap + need) * 2;
            out = realloc(out, cap);
        }
        len += (size_t)snprintf(out + len, cap - len, "%s=%s%s;", it->label, it->insert_text,
                                it->deprecated ? "~" : "");
    }
    return out;
}

/* ---- Code actions ------------------------------------------------------------ */

static const infa_code_action *find_action(const infa_code_action_list *l, const char *title)
{
    for (size_t i = 0; i < infa_code_action_list_count(l); i++) {
        const infa_code_action *a = infa_code_action_list_get(l, i);
        if (strcmp(a->kind, "refactor.rewrite") == 0 && strcmp(a->title, title) == 0)
            return a;
    }
    return NULL;
}

static size_t count_refactors(const infa_code_action_list *l)
{
    size_t n = 0;
    for (size_t i = 0; i < infa_code_action_list_count(l); i++)
        n += strcmp(infa_code_action_list_get(l, i)->kind, "refactor.rewrite") == 0;
    return n;
}

/* Titles and edits, to compare a typed document's actions with a fresh one's. */
static char *describe_actions(const infa_code_action_list *l)
{
    size_t cap = 64, len = 0;
    char *out = malloc(cap);
    out[0] = 0;
    for (size_t i = 0; i < infa_code_action_list_count(l); i++) {
        const infa_code_action *a = infa_code_action_list_get(l, i);
        for (size_t e = 0; e < a->edit_count; e++) {
            size_t need = strlen(a->title) + strlen(a->edits[e].new_text) + 48;
            if (len + need >= cap) {
                cap = (cap + need) * 2;
                out = realloc(out, cap);
            }
            len += (size_t)snprintf(out + len, cap - len, "%s@%u-%u:%s;", a->title,
                                    a->edits[e].range.start_byte, a->edits[e].range.end_byte,
                                    a->edits[e].new_text);
        }
    }
    return out;
}

static void show_actions(const infa_code_action_list *l)
{
    for (size_t i = 0; i < infa_code_action_list_count(l); i++) {
        const infa_code_action *a = infa_code_action_list_get(l, i);
        printf("[%s] %s\n", a->kind, a->title);
        for (size_t e = 0; e < a->edit_count; e++)
            printf("    %u:%u-%u:%u \"%s\"\n", a->edits[e].range.start.row,
                   a->edits[e].range.start.col, a->edits[e].range.end.row,
                   a->edits[e].range.end.col, a->edits[e].new_text);
    }
}

/* Applies the action titled `title` and compares the text with the
 * fixture's .fixed file. */
static void check_apply(const char *inf_path, const char *text, size_t len,
                        const infa_code_action_list *l, const char *title)
{
    const infa_code_action *a = find_action(l, title);
    if (!a) {
        fail("no action titled %s", title);
        return;
    }
    char fixed_path[4096];
    snprintf(fixed_path, sizeof fixed_path, "%.*s.fixed", (int)(strlen(inf_path) - 4), inf_path);
    size_t want_len;
    char *want = testio_read_file(fixed_path, &want_len);
    if (!want) {
        fail("cannot read %s", fixed_path);
        return;
    }
    size_t got_len;
    char *got = infa_edits_apply(text, len, a->edits, a->edit_count, &got_len);
    if (got_len != want_len || memcmp(got, want, got_len) != 0)
        fail("applying %s gives:\n%s\n--- expected (%s):\n%s", title, got, fixed_path, want);
    free(got);
    free(want);
}

/* ---- Fixtures ---------------------------------------------------------------- */

static int run_fixture(const char *inf_path, bool show_only)
{
    size_t len;
    char *text = testio_read_file(inf_path, &len);
    if (!text) {
        fprintf(stderr, "cannot read %s\n", inf_path);
        return 1;
    }
    char *mark = strstr(text, "$0");
    if (!mark || strstr(mark + 2, "$0")) {
        fprintf(stderr, "%s: need exactly one $0 marker\n", inf_path);
        return 1;
    }
    uint32_t cursor = (uint32_t)(mark - text);
    memmove(mark, mark + 2, len - cursor - 2 + 1);
    len -= 2;

    char expect_path[4096];
    snprintf(expect_path, sizeof expect_path, "%.*s.expect", (int)(strlen(inf_path) - 4), inf_path);
    size_t elen;
    char *expect = testio_read_file(expect_path, &elen);
    if (!expect) {
        fprintf(stderr, "cannot read %s\n", expect_path);
        return 1;
    }
    bool hover_mode = strstr(inf_path, "/hover/") != NULL;
    bool action_mode = strstr(inf_path, "/actions/") != NULL;
    uint32_t cursor_row = 0;
    for (uint32_t i = 0; i < cursor; i++)
        cursor_row += text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n');
    if (show_only) {
        infa_document *doc = infa_document_new(text, len);
        if (action_mode) {
            infa_code_action_list *al =
                infa_document_code_actions(doc, NULL, cursor_row, cursor_row);
            show_actions(al);
            infa_code_action_list_delete(al);
        } else if (hover_mode) {
            infa_hover *hv = infa_document_hover(doc, NULL, cursor);
            printf("%s\n", hv ? infa_hover_markdown(hv) : "(no hover)");
            infa_hover_delete(hv);
        } else {
            infa_completion_list *cl = infa_document_complete(doc, NULL, cursor);
            for (size_t i = 0; i < infa_completion_list_count(cl); i++) {
                const infa_completion_item *it = infa_completion_list_get(cl, i);
                printf("%-36s %-14s %s%s%s| %s\n", it->label, it->insert_text,
                       it->preselect ? "[pre] " : "", it->deprecated ? "[dep] " : "",
                       it->sort_text ? it->sort_text : "", it->detail ? it->detail : "");
            }
            infa_completion_list_delete(cl);
        }
        infa_document_delete(doc);
        free(text);
        free(expect);
        return 0;
    }

    infa_config *cfg = infa_config_new();
    for (char *line = strtok(expect, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "profile: ", 9) == 0) {
            infa_profile p;
            if (!infa_profile_parse(line + 9, &p)) {
                fprintf(stderr, "bad profile %s\n", line + 9);
                return 1;
            }
            infa_config_set_profile(cfg, p);
        }
    }
    free(expect);
    expect = testio_read_file(expect_path, &elen);

    infa_document *doc = infa_document_new(text, len);
    infa_hover *hv = NULL;
    infa_completion_list *cl = NULL;
    infa_code_action_list *al = NULL;
    const char *md = "";
    if (action_mode) {
        al = infa_document_code_actions(doc, cfg, cursor_row, cursor_row);
    } else if (hover_mode) {
        hv = infa_document_hover(doc, cfg, cursor);
        md = hv ? infa_hover_markdown(hv) : "";
        if (hv) {
            infa_range r = infa_hover_range(hv);
            if (!*md)
                fail("hover returned empty markdown");
            if (r.start_byte > cursor || r.end_byte < cursor)
                fail("hover range [%u,%u) does not hold the cursor %u", r.start_byte, r.end_byte,
                     cursor);
        }
    } else {
        cl = infa_document_complete(doc, cfg, cursor);
        infa_range r = infa_completion_list_range(cl);
        if (r.end_byte != cursor || r.start_byte > cursor)
            fail("completion range [%u,%u) must end at the cursor %u", r.start_byte, r.end_byte,
                 cursor);
        for (size_t i = 0; i < infa_completion_list_count(cl); i++) {
            const infa_completion_item *it = infa_completion_list_get(cl, i);
            if (!it->label || !*it->label || !it->insert_text)
                fail("item %zu has no label or insert text", i);
        }
    }

    {
        infa_document *typed = typed_document(text, len, cursor);
        if (action_mode) {
            infa_code_action_list *tl =
                infa_document_code_actions(typed, cfg, cursor_row, cursor_row);
            char *a = describe_actions(al), *b = describe_actions(tl);
            if (strcmp(a, b) != 0)
                fail("code actions after typing the row differ:\n%s\n--- fresh was:\n%s", b, a);
            free(a);
            free(b);
            infa_code_action_list_delete(tl);
        } else if (hover_mode) {
            infa_hover *th = infa_document_hover(typed, cfg, cursor);
            const char *tmd = th ? infa_hover_markdown(th) : "";
            if (strcmp(md, tmd) != 0)
                fail("hover after typing the row differs:\n%s\n--- fresh was:\n%s", tmd, md);
            infa_hover_delete(th);
        } else {
            infa_completion_list *tl = infa_document_complete(typed, cfg, cursor);
            char *a = describe_completion(cl), *b = describe_completion(tl);
            if (strcmp(a, b) != 0)
                fail("completion after typing the row differs:\n%s\n--- fresh was:\n%s", b, a);
            free(a);
            free(b);
            infa_completion_list_delete(tl);
        }
        infa_document_delete(typed);
    }

    for (char *line = strtok(expect, "\n"); line; line = strtok(NULL, "\n")) {
        size_t ll = strlen(line);
        while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' '))
            line[--ll] = 0;
        if (!ll || line[0] == '#' || strncmp(line, "profile: ", 9) == 0)
            continue;
        char *colon = strstr(line, ": ");
        char *key = line, *val = colon ? colon + 2 : NULL;
        if (colon)
            *colon = 0;
        char *a, *b;
        if (action_mode && val && strcmp(key, "action") == 0) {
            if (!find_action(al, val)) {
                fail("no action titled %s", val);
                show_actions(al);
            }
            continue;
        } else if (action_mode && val && strcmp(key, "no-action") == 0) {
            if (find_action(al, val))
                fail("action %s must not be offered", val);
            continue;
        } else if (action_mode && val && strcmp(key, "actions") == 0) {
            if (count_refactors(al) != (size_t)atoi(val)) {
                fail("%zu refactor actions, expected %s", count_refactors(al), val);
                show_actions(al);
            }
            continue;
        } else if (action_mode && strcmp(key, "none") == 0) {
            if (count_refactors(al) != 0) {
                fail("expected no refactor actions");
                show_actions(al);
            }
            continue;
        } else if (action_mode && val && strcmp(key, "apply") == 0) {
            check_apply(inf_path, text, len, al, val);
            continue;
        }
        if (strcmp(key, "none") == 0) {
            if (hover_mode && hv)
                fail("expected no hover, got:\n%s", md);
            if (!hover_mode && infa_completion_list_count(cl)) {
                fail("expected no completion items");
                dump_items(cl);
            }
        } else if (!val) {
            fprintf(stderr, "bad expect line: %s\n", line);
            return 1;
        } else if (strcmp(key, "contains") == 0) {
            if (!strstr(md, val))
                fail("hover lacks \"%s\"; hover was:\n%s", val, hv ? md : "(none)");
        } else if (strcmp(key, "excludes") == 0) {
            if (strstr(md, val))
                fail("hover must not contain \"%s\"; hover was:\n%s", val, md);
        } else if (strcmp(key, "range") == 0) {
            infa_range r = hv ? infa_hover_range(hv) : (infa_range){0};
            if (!hv || r.end_byte - r.start_byte != strlen(val) ||
                memcmp(text + r.start_byte, val, strlen(val)) != 0)
                fail("hover range is \"%.*s\", expected \"%s\"", (int)(r.end_byte - r.start_byte),
                     text + r.start_byte, val);
        } else if (strcmp(key, "replace") == 0) {
            infa_range r = infa_completion_list_range(cl);
            if (r.end_byte - r.start_byte != strlen(val) ||
                memcmp(text + r.start_byte, val, strlen(val)) != 0)
                fail("completion range is \"%.*s\", expected \"%s\"",
                     (int)(r.end_byte - r.start_byte), text + r.start_byte, val);
        } else if (strcmp(key, "label") == 0) {
            if (!find_label(cl, val)) {
                fail("no item labelled %s", val);
                dump_items(cl);
            }
        } else if (strcmp(key, "no-label") == 0) {
            if (find_label(cl, val))
                fail("item %s must not be offered", val);
        } else if (strcmp(key, "no-insert") == 0) {
            for (size_t i = 0; i < infa_completion_list_count(cl); i++)
                if (strcmp(infa_completion_list_get(cl, i)->insert_text, val) == 0)
                    fail("no item may insert %s", val);
        } else if (strcmp(key, "first") == 0) {
            const infa_completion_item *f = first_item(cl);
            if (!f || strcmp(f->label, val) != 0) {
                fail("first item is %s, expected %s", f ? f->label : "(none)", val);
                dump_items(cl);
            }
        } else if (strcmp(key, "count-max") == 0) {
            if (infa_completion_list_count(cl) > (size_t)atoi(val))
                fail("%zu items, expected at most %s", infa_completion_list_count(cl), val);
        } else if (strcmp(key, "preselect") == 0 || strcmp(key, "deprecated") == 0 ||
                   strcmp(key, "not-deprecated") == 0) {
            const infa_completion_item *it = find_label(cl, val);
            if (!it) {
                fail("no item labelled %s", val);
                dump_items(cl);
            } else if (key[0] == 'p' && !it->preselect) {
                fail("%s is not preselected", val);
            } else if (key[0] == 'd' && !it->deprecated) {
                fail("%s is not marked deprecated", val);
            } else if (key[0] == 'n' && it->deprecated) {
                fail("%s must not be marked deprecated", val);
            }
        } else if (split_arrow(val, &a, &b)) {
            const infa_completion_item *it = find_label(cl, a);
            if (strcmp(key, "before") == 0) {
                const infa_completion_item *y = find_label(cl, b);
                if (!it || !y || strcmp(sort_key(it), sort_key(y)) >= 0)
                    fail("%s must sort before %s", a, b);
                continue;
            }
            if (!it) {
                fail("no item labelled %s", a);
                dump_items(cl);
                continue;
            }
            const char *have = strcmp(key, "insert") == 0   ? it->insert_text
                               : strcmp(key, "detail") == 0 ? it->detail
                               : strcmp(key, "doc") == 0    ? it->documentation
                               : strcmp(key, "filter") == 0 ? it->filter_text
                                                            : NULL;
            if (!have && strcmp(key, "insert") && strcmp(key, "detail") && strcmp(key, "doc") &&
                strcmp(key, "filter")) {
                fprintf(stderr, "bad expect key %s\n", key);
                return 1;
            }
            bool ok = have &&
                      (strcmp(key, "insert") == 0 ? strcmp(have, b) == 0 : strstr(have, b) != NULL);
            if (!ok)
                fail("%s of %s is \"%s\", expected %s\"%s\"", key, a, have ? have : "(null)",
                     strcmp(key, "insert") == 0 ? "" : "to contain ", b);
        } else {
            fprintf(stderr, "bad expect line: %s: %s\n", key, val);
            return 1;
        }
    }
    infa_hover_delete(hv);
    infa_completion_list_delete(cl);
    infa_code_action_list_delete(al);
    infa_document_delete(doc);
    infa_config_delete(cfg);
    free(expect);
    free(text);
    if (failures)
        fprintf(stderr, "%s: %d failure(s)\n", inf_path, failures);
    return failures ? 1 : 0;
}

/* ---- Table walks ------------------------------------------------------------- */

/* A document in which most section kinds exist, so each table row can be
 * placed where it belongs: a block appended with the name of a section of
 * the right kind merges into it. */
static const char skeleton[] =
    "[Version]\n"
    "Signature=\"$Windows NT$\"\n"
    "Class=Sample\n"
    "ClassGuid={78A1C341-4539-11d3-B88D-00C04FAD5171}\n"
    "Provider=%Prov%\n"
    "CatalogFile=sample.cat\n"
    "DriverVer=01/01/2024,1.0.0.0\n"
    "PnpLockdown=1\n"
    "\n"
    "[Manufacturer]\n"
    "%Prov%=Models,NTamd64\n"
    "\n"
    "[Models.NTamd64]\n"
    "%Desc%=Inst,ROOT\\SAMPLE\n"
    "\n"
    "[Inst.NTamd64]\n"
    "CopyFiles=FileList\n"
    "AddReg=RegSec\n"
    "DelReg=DelRegSec\n"
    "BitReg=BitRegSec\n"
    "DelFiles=DelList\n"
    "RenFiles=RenList\n"
    "AddProperty=PropSec\n"
    "DelProperty=DelPropSec\n"
    "RegisterDlls=RegDlls\n"
    "UnregisterDlls=UnregDlls\n"
    "UpdateInis=UpdIni\n"
    "UpdateIniFields=UpdIniFields\n"
    "Ini2Reg=IniReg\n"
    "ProfileItems=ProfItems\n"
    "LogConfig=LogCfg\n"
    "AddPowerSetting=PowerSec\n"
    "\n"
    "[Inst.NTamd64.HW]\n"
    "AddReg=HwReg\n"
    "\n"
    "[Inst.NTamd64.Services]\n"
    "AddService=sample,0x2,SvcInst,EvtLog\n"
    "\n"
    "[Inst.NTamd64.Interfaces]\n"
    "AddInterface={11111111-2222-3333-4444-555555555555},,IfSec\n"
    "\n"
    "[Inst.NTamd64.CoInstallers]\n"
    "AddReg=CoReg\n"
    "\n"
    "[Inst.NTamd64.Wdf]\n"
    "KmdfService=sample,WdfSec\n"
    "\n"
    "[Inst.NTamd64.Components]\n"
    "AddComponent=comp,,CompSec\n"
    "\n"
    "[Inst.NTamd64.Software]\n"
    "AddSoftware=sw,,SwSec\n"
    "\n"
    "[Inst.NTamd64.Filters]\n"
    "AddFilter=flt,,FiltSec\n"
    "\n"
    "[Inst.NTamd64.Events]\n"
    "AddEventProvider={11111111-2222-3333-4444-555555555556},EvtProv\n"
    "AddAutoLogger=al,{11111111-2222-3333-4444-555555555557},AutoLog\n"
    "\n"
    "[Inst.NTamd64.LogConfigOverride]\n"
    "LogConfig=LogCfg2\n"
    "\n"
    "[Inst.NTamd64.FactDef]\n"
    "ConfigPriority=NORMAL\n"
    "\n"
    "[Inst.NTamd64.WMI]\n"
    "WMIInterface={11111111-2222-3333-4444-555555555558},1,WmiSec\n"
    "\n"
    "[Inst.NTamd64.COM]\n"
    "AddComServer=cs,,ComSrv\n"
    "\n"
    "[SvcInst]\n"
    "ServiceType=1\n"
    "StartType=3\n"
    "ErrorControl=1\n"
    "ServiceBinary=%13%\\sample.sys\n"
    "AddReg=SvcReg\n"
    "AddTrigger=TrigSec\n"
    "FailureActions=FailSec\n"
    "\n"
    "[EvtLog]\n"
    "AddReg=EvtReg\n"
    "\n"
    "[EvtProv]\n"
    "ProviderName=Sample\n"
    "ResourceFile=%13%\\sample.sys\n"
    "AddChannel=Sample/Operational,2,ChanSec\n"
    "\n"
    "[AutoLog]\n"
    "AddAutoLoggerProvider={11111111-2222-3333-4444-555555555559},ALProv\n"
    "\n"
    "[ComSrv]\n"
    "ServerType=1\n"
    "ServerBinary=%13%\\sample.dll\n"
    "AddComClass={11111111-2222-3333-4444-55555555555a},,ComCls\n"
    "\n"
    "[ClassInstall32.NTamd64]\n"
    "AddReg=ClassReg\n"
    "\n"
    "[ClassInstall32.NTamd64.Services]\n"
    "AddService=classsvc,,SvcInst\n"
    "\n"
    "[InterfaceInstall32]\n"
    "{11111111-2222-3333-4444-55555555555b}=InstIf\n"
    "\n"
    "[DefaultInstall.NTamd64]\n"
    "CopyFiles=FileList\n"
    "\n"
    "[DefaultInstall.NTamd64.Services]\n"
    "AddService=sample,,SvcInst\n"
    "\n"
    "[DefaultUninstall.NTamd64]\n"
    "LegacyUninstall=1\n"
    "\n"
    "[ControlFlags]\n"
    "ExcludeFromSelect=*\n"
    "\n"
    "[SignatureAttributes]\n"
    "sample.sys=SignatureAttributes.DRM\n"
    "\n"
    "[SignatureAttributes.DRM]\n"
    "DRMLevel=1300\n"
    "\n"
    "[SvcReg]\nHKR,Parameters,Mode,0x00010001,1\n\n"
    "[TrigSec]\nTriggerType=0x1\n\n"
    "[FailSec]\nResetPeriod=60\n\n"
    "[EvtReg]\nHKR,,TypesSupported,0x00010001,7\n\n"
    "[ChanSec]\nIsolation=1\n\n"
    "[ALProv]\nEnableLevel=4\n\n"
    "[ComCls]\nThreadingModel=Both\n\n"
    "[ClassReg]\nHKR,,Icon,,-5\n\n"
    "[InstIf]\nAddReg=IfReg\n\n"
    "[IfReg]\nHKR,,Value,,1\n\n"
    "[FileList]\nsample.sys\n\n"
    "[RegSec]\nHKR,,Value,0x00010001,1\n\n"
    "[HwReg]\nHKR,,Exclusive,0x00010001,1\n\n"
    "[CoReg]\nHKR,,CoValue,,1\n\n"
    "[DelRegSec]\nHKR,,OldValue\n\n"
    "[BitRegSec]\nHKR,,Bits,0x1,0x01,0\n\n"
    "[DelList]\nold.sys\n\n"
    "[RenList]\nnew.sys,old.sys\n\n"
    "[PropSec]\nDeviceIcon,,,,\"%13%\\sample.dll,-1\"\n\n"
    "[DelPropSec]\nDeviceIcon\n\n"
    "[RegDlls]\n13,,sample.dll,1\n\n"
    "[UnregDlls]\n13,,sample.dll,1\n\n"
    "[UpdIni]\nsample.ini,Section,,key=value\n\n"
    "[UpdIniFields]\nsample.ini,Section,key,old,new\n\n"
    "[IniReg]\nsample.ini,Section,key,HKR,Sub\n\n"
    "[ProfItems]\nName=Sample\n\n"
    "[LogCfg]\nConfigPriority=NORMAL\n\n"
    "[LogCfg2]\nConfigPriority=NORMAL\n\n"
    "[PowerSec]\nSubGroup={11111111-2222-3333-4444-55555555555c}\n\n"
    "[IfSec]\nAddReg=IfReg\n\n"
    "[WdfSec]\nKmdfLibraryVersion=1.15\n\n"
    "[CompSec]\nComponentIDs=Sample\n\n"
    "[SwSec]\nSoftwareType=2\n\n"
    "[FiltSec]\nFilterPosition=Upper\n\n"
    "[WmiSec]\nSecurity=\"O:BAG:BAD:(A;;GA;;;SY)\"\n\n"
    "[DestinationDirs]\n"
    "DefaultDestDir=13\n"
    "\n"
    "[SourceDisksNames]\n"
    "1=%Disk%\n"
    "\n"
    "[SourceDisksFiles]\n"
    "sample.sys=1\n"
    "\n"
    "[Strings]\n"
    "Prov=\"Sample\"\n"
    "Desc=\"Sample device\"\n"
    "Disk=\"Disk 1\"\n";

typedef struct {
    char *text;
    size_t len;
    uint32_t cursor;
} built_doc;

/* skeleton + extra, with the cursor at the `$0` in extra. */
static built_doc build(const char *extra_fmt, ...)
{
    char extra[2048];
    va_list ap;
    va_start(ap, extra_fmt);
    vsnprintf(extra, sizeof extra, extra_fmt, ap);
    va_end(ap);
    built_doc d;
    size_t sl = strlen(skeleton), el = strlen(extra);
    d.text = malloc(sl + el + 2);
    memcpy(d.text, skeleton, sl);
    d.text[sl] = '\n';
    char *mark = strstr(extra, "$0");
    size_t at = mark ? (size_t)(mark - extra) : 0;
    if (mark) {
        memcpy(d.text + sl + 1, extra, at);
        memcpy(d.text + sl + 1 + at, mark + 2, el - at - 2);
        el -= 2;
    } else {
        memcpy(d.text + sl + 1, extra, el);
    }
    d.len = sl + 1 + el;
    d.text[d.len] = 0;
    d.cursor = (uint32_t)(sl + 1 + at);
    return d;
}

/* Hovers the built document's cursor; returns the markdown (caller frees)
 * or NULL. */
static char *hover_built(built_doc d)
{
    infa_document *doc = infa_document_new(d.text, d.len);
    infa_hover *hv = infa_document_hover(doc, NULL, d.cursor);
    char *md = hv ? strdup(infa_hover_markdown(hv)) : NULL;
    infa_hover_delete(hv);
    infa_document_delete(doc);
    free(d.text);
    return md;
}

static bool expect_in(const char *what, const char *md, const char *needle)
{
    if (!md) {
        fail("%s: no hover", what);
        return false;
    }
    if (!*md) {
        fail("%s: empty hover", what);
        return false;
    }
    if (needle && *needle && !strstr(md, needle)) {
        fail("%s: hover lacks \"%s\":\n%s", what, needle, md);
        return false;
    }
    return true;
}

static int walk_dirids(void)
{
    size_t n = infa_kb_dirid_count();
    for (size_t i = 0; i < n; i++) {
        const infa_kb_dirid *d = infa_kb_dirid_at(i);
        char head[64];
        snprintf(head, sizeof head, "DIRID %ld", d->id);
        /* The bare number in DestinationDirs... */
        char *md = hover_built(build("[DestinationDirs]\nFileList = $0%ld\n", d->id));
        if (expect_in(head, md, head)) {
            expect_in(head, md, d->name);
            expect_in(head, md, d->url);
        }
        free(md);
        /* ...and the %dirid% form in a path. */
        md = hover_built(build("[SvcInst]\nServiceBinary = %%$0%ld%%\\sample.sys\n", d->id));
        if (expect_in(head, md, head))
            expect_in(head, md, d->name);
        free(md);
    }
    printf("%zu DIRIDs hovered in both forms\n", n);
    return failures ? 1 : 0;
}

/* A section name of the skeleton with one of `kinds`, or NULL. */
static const char *section_for(const infa_model *m, infa_kind_set kinds, infa_kind_set *chosen)
{
    for (infa_kind_set s = kinds, k; (k = infa_kind_next(&s));) {
        uint32_t si = infa_model_find_kind(m, k);
        if (si != INFA_NONE) {
            *chosen = infa_model_section(m, si)->kinds;
            return infa_model_section(m, si)->name;
        }
    }
    return NULL;
}

static int walk_directives(void)
{
    infa_document *sk = infa_document_new(skeleton, strlen(skeleton));
    const infa_model *m = infa_document_model(sk);
    size_t n = infa_kb_directive_count(), placed = 0, shadowed = 0;
    for (size_t i = 0; i < n; i++) {
        const infa_kb_directive *d = infa_kb_directive_at(i);
        infa_kind_set kinds = 0;
        const char *sec = section_for(m, d->where, &kinds);
        char *md;
        if (sec) {
            placed++;
            if (d->flags & INFA_KB_F_BARE_KEYWORD)
                md = hover_built(build("[%s]\n$0%s\n", sec, d->name));
            else
                md = hover_built(build("[%s]\n$0%s = 1\n", sec, d->name));
        } else {
            /* No section of its kind in the skeleton: an unknown section
             * still finds the directive by name. */
            printf("note: no skeleton section for %s (where: %s...)\n", d->name,
                   infa_kind_name(d->where & (~d->where + 1)));
            md = hover_built(build("[Unreferenced]\n$0%s = 1\n", d->name));
        }
        if (expect_in(d->name, md, d->name)) {
            const infa_kb_directive *want =
                sec ? infa_kb_directive_find_in(d->name, strlen(d->name), kinds) : NULL;
            if (!want)
                want = infa_kb_directive_find(d->name, strlen(d->name));
            if (want != d)
                shadowed++; /* another row of the same name fits there first */
            expect_in(d->name, md, want->url);
            if (want->description) {
                char prefix[41];
                snprintf(prefix, sizeof prefix, "%s", want->description);
                expect_in(d->name, md, prefix);
            }
        }
        free(md);
    }
    printf("%zu directives hovered (%zu in a section of their kind, %zu shadowed by a row of the "
           "same name)\n",
           n, placed, shadowed);
    infa_document_delete(sk);
    return failures ? 1 : 0;
}

static int walk_flags(void)
{
    size_t n = infa_kb_addreg_flag_count();
    for (size_t i = 0; i < n; i++) {
        const infa_kb_addreg_flag *f = infa_kb_addreg_flag_at(i);
        char *md = hover_built(build("[RegSec]\nHKR,,Value,$00x%08X,1\n", f->value));
        if (expect_in(f->name, md, f->name) && f->cls == INFA_ADDREG_FLAG_TYPE)
            expect_in(f->name, md, f->reg_type);
        free(md);
    }
    size_t c = infa_kb_addreg_combo_count();
    for (size_t i = 0; i < c; i++) {
        const infa_kb_addreg_combo *k = infa_kb_addreg_combo_at(i);
        if (k->modifier_only)
            continue;
        char *md = hover_built(build("[RegSec]\nHKR,,Value,$0%s,1\n", k->insert));
        if (expect_in(k->label, md, NULL) && k->reg_type)
            expect_in(k->label, md, k->reg_type);
        free(md);
    }
    printf("%zu AddReg flags and %zu combinations hovered\n", n, c);
    return failures ? 1 : 0;
}

static void walk_table(infa_kb_consts_id id, const char *fmt_before, const char *fmt_after,
                       size_t *count)
{
    const infa_kb_const_table *t = infa_kb_consts(id);
    if (!t)
        return;
    for (size_t r = 0; r < t->count; r++) {
        const infa_kb_const *k = &t->rows[r];
        char *md = hover_built(build("%s$00x%X%s", fmt_before, k->value, fmt_after));
        const infa_kb_const *exact = infa_kb_const_find(id, k->value);
        expect_in(k->name, md, exact ? exact->name : k->name);
        free(md);
        (*count)++;
    }
}

static int walk_consts(void)
{
    infa_document *sk = infa_document_new(skeleton, strlen(skeleton));
    const infa_model *m = infa_document_model(sk);
    size_t count = 0, tables = 0;
    bool seen[INFA_KB_CONSTS__COUNT] = {0};
    for (size_t i = 0; i < infa_kb_directive_count(); i++) {
        const infa_kb_directive *d = infa_kb_directive_at(i);
        if (!d->value_table || !d->value_field)
            continue;
        infa_kind_set kinds = 0;
        const char *sec = section_for(m, d->where, &kinds);
        if (!sec || infa_kb_directive_find_in(d->name, strlen(d->name), kinds) != d)
            continue;
        char before[512];
        int len = snprintf(before, sizeof before, "[%s]\n%s = ", sec, d->name);
        for (unsigned f = 1; f < d->value_field && len < 400; f++)
            len += snprintf(before + len, sizeof before - (size_t)len, "x,");
        walk_table((infa_kb_consts_id)d->value_table, before, "\n", &count);
        seen[d->value_table] = true;
        tables++;
    }
    /* Tables read from positional lines rather than directives. */
    for (size_t i = 0; i < infa_kb_line_field_count(); i++) {
        const infa_kb_line_field *lf = infa_kb_line_field_at(i);
        infa_kind_set kinds = 0;
        const char *sec = section_for(m, lf->kind, &kinds);
        if (!sec) {
            fail("no skeleton section of kind %s for a positional value table",
                 infa_kind_name(lf->kind));
            continue;
        }
        char before[512];
        int len = snprintf(before, sizeof before, "[%s]\n", sec);
        for (unsigned f = 0; f < lf->field; f++)
            len += snprintf(before + len, sizeof before - (size_t)len, "x,");
        walk_table(lf->table, before, ",1\n", &count);
        seen[lf->table] = true;
        tables++;
    }
    /* Tables for the data of well-known HKR values. */
    for (size_t i = 0; i < infa_kb_hkr_value_count(); i++) {
        const infa_kb_hkr_value *v = infa_kb_hkr_value_at(i);
        infa_kb_consts_id id = infa_kb_hkr_value_consts(v->name, strlen(v->name));
        if (id == INFA_KB_CONSTS_NONE)
            continue;
        char before[256];
        snprintf(before, sizeof before, "[RegSec]\nHKR,,%s,0x00010001,", v->name);
        walk_table(id, before, "\n", &count);
        seen[id] = true;
        tables++;
    }
    for (int id = 1; id < INFA_KB_CONSTS__COUNT; id++)
        if (!seen[id] && infa_kb_consts((infa_kb_consts_id)id))
            printf("note: value table %d (%s) is not reachable from a directive\n", id,
                   infa_kb_consts((infa_kb_consts_id)id)->title);
    const infa_kb_consts_id must[] = {INFA_KB_CONSTS_SERVICE_TYPE, INFA_KB_CONSTS_START_TYPE,
                                      INFA_KB_CONSTS_ERROR_CONTROL, INFA_KB_CONSTS_SPSVCINST};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        if (!seen[must[i]])
            fail("value table %d is not decoded by any directive hover", must[i]);
    printf("%zu constants hovered through %zu directives, line formats and HKR values\n", count,
           tables);
    infa_document_delete(sk);
    return failures ? 1 : 0;
}

static int walk_sections(void)
{
    size_t n = infa_kb_section_count();
    for (size_t i = 0; i < n; i++) {
        const infa_kb_section *s = infa_kb_section_at(i);
        char *md = hover_built(build("[$0%s]\n", s->name));
        expect_in(s->name, md, s->name);
        free(md);
    }
    size_t k = infa_kb_ddinstall_suffix_count();
    for (size_t i = 0; i < k; i++) {
        const infa_kb_ddinstall_suffix *s = infa_kb_ddinstall_suffix_at(i);
        char *md = hover_built(build("[$0Inst.NTamd64%s]\n", s->suffix));
        if (expect_in(s->suffix, md, s->suffix))
            expect_in(s->suffix, md, infa_kind_name(s->kind));
        free(md);
    }
    printf("%zu system sections and %zu DDInstall variants hovered\n", n, k);
    return failures ? 1 : 0;
}

static int walk_roots(void)
{
    size_t n = infa_kb_reg_root_count();
    for (size_t i = 0; i < n; i++) {
        const infa_kb_reg_root *r = infa_kb_reg_root_at(i);
        char *md = hover_built(build("[RegSec]\n$0%s,Software\\Sample,Value,,1\n", r->name));
        expect_in(r->name, md, r->name);
        free(md);
    }
    printf("%zu registry roots hovered\n", n);
    return failures ? 1 : 0;
}

/* ---- Benchmark ------------------------------------------------------------------ */

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

typedef struct {
    const char *what;
    const char *needle; /* the cursor goes after the last occurrence's first char */
    int offset;
    bool hover;
} bench_case;

/* `only`: time just the cases whose name contains it (for profiling). */
static int bench(size_t target, const char *only)
{
    /* Many copies of a driver's install sections, with unique names, plus
     * one [Strings] with many keys: the shape of a large multi-device INF. */
    size_t devices = target / 500;
    size_t cap = target + devices * 64 + 4096, len = 0;
    char *t = malloc(cap);
    len += (size_t)snprintf(t + len, cap - len,
                            "[Version]\nSignature=\"$Windows NT$\"\nClass=Sample\n"
                            "Provider=%%Prov%%\nDriverVer=01/01/2024,1.0.0.0\nPnpLockdown=1\n\n"
                            "[Manufacturer]\n%%Prov%%=Models,NTamd64\n\n[DestinationDirs]\n"
                            "DefaultDestDir=13\n\n[SourceDisksNames]\n1=%%Disk%%\n\n"
                            "[Models.NTamd64]\n");
    for (size_t i = 0; i < devices; i++)
        len += (size_t)snprintf(t + len, cap - len, "%%Dev%zu%%=Inst%zu,PCI\\VEN_1234&DEV_%04zX\n",
                                i, i, i);
    for (size_t i = 0; i < devices && len + 2048 < target; i++)
        len +=
            (size_t)snprintf(t + len, cap - len,
                             "\n[Inst%zu.NTamd64]\nCopyFiles=Files%zu\nAddReg=Reg%zu\n\n"
                             "[Inst%zu.NTamd64.HW]\nAddReg=HwReg%zu\n\n"
                             "[Inst%zu.NTamd64.Services]\nAddService=svc%zu,0x00000002,Svc%zu\n\n"
                             "[Svc%zu]\nServiceType=1\nStartType=3\nErrorControl=1\n"
                             "ServiceBinary=%%13%%\\drv%zu.sys\nAddReg=SvcReg%zu\n\n"
                             "[Files%zu]\ndrv%zu.sys\n\n"
                             "[Reg%zu]\nHKR,,EnumPropPages32,,\"%%13%%\\prop%zu.dll,Entry\"\n"
                             "HKR,,Setting,0x00010001,1\n\n"
                             "[HwReg%zu]\nHKR,,Exclusive,0x00010001,1\n\n"
                             "[SvcReg%zu]\nHKR,Parameters,Mode,0x00010001,%zu\n",
                             i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i, i);
    len += (size_t)snprintf(t + len, cap - len, "\n[Strings]\nProv=\"Sample\"\nDisk=\"Disk\"\n");
    for (size_t i = 0; i < devices && len + 128 < cap; i++)
        len += (size_t)snprintf(t + len, cap - len, "Dev%zu=\"Sample device %zu\"\n", i, i);

    double t0 = now_us();
    infa_document *doc = infa_document_new(t, len);
    double t1 = now_us();
    printf("document: %zu bytes, %zu devices, parse+model %.1f ms\n", len, devices,
           (t1 - t0) / 1000);

    /* Cursors in the middle of the file, where lookups are not lucky. */
    const bench_case cases[] = {
        {"hover %13% in ServiceBinary", "ServiceBinary=%13%", 15, true},
        {"hover AddReg flags 0x00010001", "HKR,,Setting,0x00010001", 15, true},
        {"hover HKR (service key)", "HKR,Parameters,Mode", 1, true},
        {"hover section header [InstN.NTamd64]", "\n[Inst", 3, true},
        {"hover directive AddService", "AddService=svc", 2, true},
        {"hover StartType value", "StartType=3", 10, true},
        {"complete AddReg flags field", "HKR,,Setting,0x00010001", 13, false},
        {"complete registry root", "HKR,,Setting,0x00010001", 0, false},
        {"complete DIRID after %", "ServiceBinary=%13%", 15, false},
        {"complete directive key in DDInstall", "CopyFiles=Files", 0, false},
        {"complete section name at CopyFiles=", "CopyFiles=Files", 10, false},
        {"complete section name at Models entry", "=Inst", 1, false},
        {"complete %strkey% in Models key", "%Dev", 1, false},
        {"complete section header after [", "\n[Inst", 2, false},
    };
    const int iters = 2000;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        if (only && !strstr(cases[c].what, only))
            continue;
        /* The occurrence nearest the middle of the document. */
        const char *mid = t + len / 2, *p = strstr(mid, cases[c].needle);
        if (!p)
            p = strstr(t, cases[c].needle);
        if (!p) {
            printf("%-40s (no cursor)\n", cases[c].what);
            continue;
        }
        uint32_t cursor = (uint32_t)(p - t) + (uint32_t)cases[c].offset;
        size_t items = 0, mdlen = 0;
        double best = 1e18, total = 0;
        for (int i = 0; i < iters; i++) {
            double a = now_us();
            if (cases[c].hover) {
                infa_hover *hv = infa_document_hover(doc, NULL, cursor);
                mdlen = hv ? strlen(infa_hover_markdown(hv)) : 0;
                infa_hover_delete(hv);
            } else {
                infa_completion_list *cl = infa_document_complete(doc, NULL, cursor);
                items = infa_completion_list_count(cl);
                infa_completion_list_delete(cl);
            }
            double e = now_us() - a;
            total += e;
            if (e < best)
                best = e;
        }
        if (cases[c].hover)
            printf("%-40s mean %7.2f us  best %7.2f us  (%zu bytes of markdown)\n", cases[c].what,
                   total / iters, best, mdlen);
        else
            printf("%-40s mean %7.2f us  best %7.2f us  (%zu items)\n", cases[c].what,
                   total / iters, best, items);
    }
    infa_document_delete(doc);
    free(t);
    return 0;
}

/* ---- Corpus robustness ------------------------------------------------------------ */

static size_t corpus_requests, corpus_hovers, corpus_lists;
/* The slowest request of each kind, re-timed (best of 50) so a preempted
 * run on a busy machine does not count. */
static double corpus_worst[2];
static char corpus_worst_where[2][4200];

static double corpus_retime(infa_document *doc, uint32_t cursor, bool hover)
{
    double best = 1e18;
    for (int i = 0; i < 50; i++) {
        double a = now_us();
        if (hover)
            infa_hover_delete(infa_document_hover(doc, NULL, cursor));
        else
            infa_completion_list_delete(infa_document_complete(doc, NULL, cursor));
        double e = now_us() - a;
        best = e < best ? e : best;
    }
    return best;
}

static void check_text(const char *where, const char *what, const char *s)
{
    if (s && strstr(s, "(null)"))
        fail("%s: %s contains \"(null)\": %s", where, what, s);
}

static void corpus_file(const char *path)
{
    size_t raw_len, len;
    char *raw = testio_read_file(path, &raw_len);
    if (!raw)
        return;
    char *text = infa_text_decode(raw, raw_len, NULL, &len);
    free(raw);
    infa_document *doc = infa_document_new(text, len);
    size_t stride = len / 1500 + 1;
    double slow[2] = {0, 0};
    uint32_t slow_at[2] = {0, 0};
    for (size_t off = 0; off <= len; off += (off % 7 == 3) ? 1 : stride) {
        uint32_t cursor = (uint32_t)off;
        char where[4200];
        snprintf(where, sizeof where, "%s@%u", path, cursor);
        double a = now_us();
        infa_hover *hv = infa_document_hover(doc, NULL, cursor);
        double b = now_us();
        infa_completion_list *cl = infa_document_complete(doc, NULL, cursor);
        double e = now_us();
        if (b - a > slow[0]) {
            slow[0] = b - a;
            slow_at[0] = cursor;
        }
        if (e - b > slow[1]) {
            slow[1] = e - b;
            slow_at[1] = cursor;
        }
        corpus_requests++;
        if (hv) {
            corpus_hovers++;
            infa_range r = infa_hover_range(hv);
            const char *md = infa_hover_markdown(hv);
            if (!md || !*md)
                fail("%s: empty hover", where);
            if (r.start_byte > cursor || r.end_byte < cursor || r.end_byte > len)
                fail("%s: hover range [%u,%u) misses the cursor", where, r.start_byte, r.end_byte);
            check_text(where, "hover", md);
        }
        infa_range r = infa_completion_list_range(cl);
        if (r.end_byte != cursor || r.start_byte > cursor ||
            infa_document_point_at(doc, r.start_byte).row !=
                infa_document_point_at(doc, cursor).row)
            fail("%s: completion range [%u,%u) is not a word before the cursor", where,
                 r.start_byte, r.end_byte);
        size_t n = infa_completion_list_count(cl);
        corpus_lists += n > 0;
        for (size_t i = 0; i < n; i++) {
            const infa_completion_item *it = infa_completion_list_get(cl, i);
            if (!it->label || !*it->label || !it->insert_text || !it->sort_text)
                fail("%s: item %zu lacks label, insert or sort text", where, i);
            check_text(where, "label", it->label);
            check_text(where, "detail", it->detail);
            check_text(where, "documentation", it->documentation);
        }
        infa_completion_list_delete(cl);
        infa_hover_delete(hv);
        if (failures > 20)
            break;
    }
    for (int k = 0; k < 2; k++) {
        double t = corpus_retime(doc, slow_at[k], k == 0);
        if (t > corpus_worst[k]) {
            corpus_worst[k] = t;
            snprintf(corpus_worst_where[k], sizeof corpus_worst_where[k], "%s@%u", path,
                     slow_at[k]);
        }
    }
    infa_document_delete(doc);
    free(text);
}

static void corpus_dir(const char *dir, int depth)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) && failures <= 20) {
        if (e->d_name[0] == '.')
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t nl = strlen(e->d_name);
        if (S_ISDIR(st.st_mode) && depth < 3)
            corpus_dir(path, depth + 1);
        else if (S_ISREG(st.st_mode) && nl > 4 &&
                 (infa_streq_nocase(e->d_name + nl - 4, 4, ".inf") ||
                  infa_streq_nocase(e->d_name + nl - 4, 4, ".inx")))
            corpus_file(path);
    }
    closedir(d);
}

static int corpus(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        printf("no corpus at %s; skipping\n", dir);
        return 77;
    }
    corpus_dir(dir, 0);
    printf("%zu cursor positions: %zu hovers, %zu non-empty completion lists\n"
           "slowest hover %.1f us (%s)\nslowest completion %.1f us (%s)\n",
           corpus_requests, corpus_hovers, corpus_lists, corpus_worst[0], corpus_worst_where[0],
           corpus_worst[1], corpus_worst_where[1]);
    if (corpus_requests == 0)
        fail("no INF files under %s", dir);
    return failures ? 1 : 0;
}

/* ---- Fuzz ------------------------------------------------------------------------ */

/* Deterministic token soup: the pieces INF syntax is made of, in any order,
 * so that hover and completion meet unterminated tokens, quotes, headers and
 * continuations at every offset. */
static int fuzz(unsigned docs)
{
    static const char *const pieces[] = {
        "[",
        "]",
        "%",
        "%%",
        ",",
        "=",
        "\"",
        ";",
        "\\",
        "\n",
        "\r\n",
        "\r",
        " ",
        "\t",
        "HKR",
        "HKLM",
        "13",
        "-1",
        "0x",
        "0x00010001",
        "16422",
        "AddReg",
        "CopyFiles",
        "AddService",
        "Version",
        "Strings",
        "DestinationDirs",
        "Inst.NTamd64",
        ".HW",
        ".Services",
        "Prov",
        "Manufacturer",
        "%13%",
        "%Prov%",
        "Needs",
        "Include",
        "WUDFRD.inf",
        "ServiceBinary",
        "StartType",
        "DefaultDestDir",
        "\xc3\xa4",
        "\xff",
        "\0",
    };
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    uint32_t seed = 0x1234567u;
    size_t requests = 0;
    for (unsigned d = 0; d < docs && failures <= 20; d++) {
        char text[1024];
        size_t len = 0;
        /* Start most documents with a plausible skeleton so the model has
         * sections of known kinds to get wrong. */
        if (d % 2)
            len = (size_t)snprintf(text, sizeof text,
                                   "[Version]\nSignature=\"$Windows NT$\"\n[Strings]\nProv=x\n"
                                   "[Inst.NTamd64]\nAddReg=R\n[R]\n");
        while (len < 400) {
            seed = seed * 1103515245u + 12345u;
            const char *p = pieces[(seed >> 16) % npieces];
            size_t pl = p[0] == 0 ? 1 : strlen(p); /* "\0": one NUL byte */
            memcpy(text + len, p, pl);
            len += pl;
        }
        text[len] = 0;
        infa_document *doc = infa_document_new(text, len);
        for (uint32_t off = 0; off <= len; off++) {
            char where[64];
            snprintf(where, sizeof where, "fuzz doc %u @%u", d, off);
            infa_hover *hv = infa_document_hover(doc, NULL, off);
            if (hv) {
                infa_range r = infa_hover_range(hv);
                if (!*infa_hover_markdown(hv) || r.start_byte > off || r.end_byte < off)
                    fail("%s: bad hover", where);
                check_text(where, "hover", infa_hover_markdown(hv));
            }
            infa_completion_list *cl = infa_document_complete(doc, NULL, off);
            infa_range r = infa_completion_list_range(cl);
            if (r.end_byte != off || r.start_byte > off)
                fail("%s: completion range [%u,%u)", where, r.start_byte, r.end_byte);
            for (size_t i = 0; i < infa_completion_list_count(cl); i++) {
                const infa_completion_item *it = infa_completion_list_get(cl, i);
                if (!it->label || !*it->label || !it->insert_text)
                    fail("%s: item without label or insert text", where);
            }
            infa_completion_list_delete(cl);
            infa_hover_delete(hv);
            requests++;
        }
        infa_document_delete(doc);
    }
    printf("%u fuzz documents, %zu cursor positions\n", docs, requests);
    return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "fixture") == 0)
        return run_fixture(argv[2], false);
    if (argc >= 3 && strcmp(argv[1], "show") == 0)
        return run_fixture(argv[2], true);
    if (argc >= 2 && strcmp(argv[1], "kb-dirids") == 0)
        return walk_dirids();
    if (argc >= 2 && strcmp(argv[1], "kb-directives") == 0)
        return walk_directives();
    if (argc >= 2 && strcmp(argv[1], "kb-flags") == 0)
        return walk_flags();
    if (argc >= 2 && strcmp(argv[1], "kb-consts") == 0)
        return walk_consts();
    if (argc >= 2 && strcmp(argv[1], "kb-sections") == 0)
        return walk_sections();
    if (argc >= 2 && strcmp(argv[1], "kb-roots") == 0)
        return walk_roots();
    if (argc >= 2 && strcmp(argv[1], "fuzz") == 0)
        return fuzz(argc >= 3 ? (unsigned)strtoul(argv[2], NULL, 10) : 400);
    if (argc >= 3 && strcmp(argv[1], "corpus") == 0)
        return corpus(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "bench") == 0)
        return bench(argc >= 3 ? (size_t)strtoul(argv[2], NULL, 10) : 1u << 20,
                     argc >= 4 ? argv[3] : NULL);
    fprintf(
        stderr,
        "usage: %s fixture <case.inf> | kb-dirids | kb-directives | kb-flags | "
        "kb-consts | kb-sections | kb-roots | fuzz [docs] | corpus <dir> | bench [bytes [case]]\n",
        argv[0]);
    return 2;
}
