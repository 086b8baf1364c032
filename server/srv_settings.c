#include "srv_settings.h"

#include "srv_platform.h"
#include "srv_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void srv__warnf(srv_warn_fn warn, void *ctx, const char *fmt, ...) SRV_PRINTF(3, 4);

static void srv__warnf(srv_warn_fn warn, void *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    char *msg = srv_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(msg, (size_t)n + 1, fmt, ap);
    va_end(ap);
    if (warn)
        warn(ctx, msg);
    else
        srv_log("%s", msg);
    free(msg);
}

void srv_settings_clear(srv_settings *s)
{
    for (size_t i = 0; i < s->override_count; i++)
        free(s->overrides[i].rule_id);
    free(s->overrides);
    memset(s, 0, sizeof *s);
}

bool srv_settings_parse_code(const char *key, int *code)
{
    if (!key[0] || strlen(key) > 6)
        return false;
    for (const char *p = key; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    *code = atoi(key);
    return true;
}

bool srv_settings_key_known(const char *key)
{
    int code;
    if (srv_settings_parse_code(key, &code))
        return infa_infverif_code_known(code);
    return infa_rule_find(key) != NULL;
}

bool srv_settings_add(srv_settings *s, const char *rule_id, const char *level, const char *origin,
                      srv_warn_fn warn, void *ctx)
{
    infa_severity sev;
    if (!infa_severity_parse(level, &sev)) {
        srv__warnf(warn, ctx,
                   "%s: unknown severity '%s' for rule '%s' (use error, warning, information, "
                   "hint or off); ignored",
                   origin, level, rule_id);
        return false;
    }
    if (!srv_settings_key_known(rule_id)) {
        srv__warnf(warn, ctx,
                   "%s: unknown rule id or InfVerif code '%s'; ignored (inf-ls --list-rules "
                   "shows them)",
                   origin, rule_id);
        return false;
    }
    /* A repeated key moves to the end: the later setting wins over rule and
     * code overrides set in between. */
    for (size_t i = 0; i < s->override_count; i++) {
        if (strcmp(s->overrides[i].rule_id, rule_id) == 0) {
            srv_override o = s->overrides[i];
            memmove(&s->overrides[i], &s->overrides[i + 1],
                    (s->override_count - i - 1) * sizeof *s->overrides);
            o.severity = sev;
            s->overrides[s->override_count - 1] = o;
            return true;
        }
    }
    s->overrides = srv_xrealloc(s->overrides, (s->override_count + 1) * sizeof *s->overrides);
    s->overrides[s->override_count].rule_id = srv_xstrdup(rule_id);
    s->overrides[s->override_count].severity = sev;
    s->override_count++;
    return true;
}

bool srv_settings_set_profile(srv_settings *s, const char *name, const char *origin,
                              srv_warn_fn warn, void *ctx)
{
    infa_profile p;
    if (!infa_profile_parse(name, &p)) {
        srv__warnf(warn, ctx,
                   "%s: unknown profile '%s' (use isolated, universal, declarative or desktop); "
                   "ignored",
                   origin, name);
        return false;
    }
    s->has_profile = true;
    s->profile = p;
    return true;
}

static bool srv__is_extra(const char *key, const char *const *extra_keys)
{
    for (size_t i = 0; extra_keys && extra_keys[i]; i++)
        if (strcmp(extra_keys[i], key) == 0)
            return true;
    return false;
}

static void srv__inlay_merge(srv_settings *s, json_t *value, const char *origin, srv_warn_fn warn,
                             void *ctx)
{
    static const struct {
        const char *name;
        unsigned bit;
    } kinds[] = {{"dirids", INFA_INLAY_DIRID},
                 {"regFlags", INFA_INLAY_REG_FLAGS},
                 {"serviceFlags", INFA_INLAY_SERVICE_FLAGS}};
    if (json_is_null(value))
        return;
    if (!json_is_object(value)) {
        srv__warnf(warn, ctx, "%s: \"inlayHints\" must be an object of kind: true|false", origin);
        return;
    }
    const char *key;
    json_t *on;
    json_object_foreach(value, key, on)
    {
        size_t i = 0;
        while (i < sizeof kinds / sizeof *kinds && strcmp(kinds[i].name, key) != 0)
            i++;
        if (i == sizeof kinds / sizeof *kinds) {
            srv__warnf(warn, ctx,
                       "%s: unknown inlay hint kind '%s' (use dirids, regFlags or serviceFlags); "
                       "ignored",
                       origin, key);
            continue;
        }
        if (!json_is_boolean(on)) {
            srv__warnf(warn, ctx, "%s: inlayHints.%s must be true or false; ignored", origin, key);
            continue;
        }
        s->inlay_on = json_is_true(on) ? s->inlay_on | kinds[i].bit : s->inlay_on & ~kinds[i].bit;
        s->inlay_off =
            json_is_true(on) ? s->inlay_off & ~kinds[i].bit : s->inlay_off | kinds[i].bit;
    }
}

void srv_settings_merge_json(srv_settings *s, json_t *obj, const char *origin,
                             const char *const *extra_keys, srv_warn_fn warn, void *ctx)
{
    if (!obj || json_is_null(obj))
        return;
    if (!json_is_object(obj)) {
        srv__warnf(warn, ctx, "%s: settings must be a JSON object; ignored", origin);
        return;
    }
    static const char *const wrappers[] = {"inf", "inf-ls", "infLs"};
    for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++) {
        json_t *inner = json_object_get(obj, wrappers[i]);
        if (json_is_object(inner)) {
            srv_settings_merge_json(s, inner, origin, extra_keys, warn, ctx);
            return;
        }
    }
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value)
    {
        if (strcmp(key, "profile") == 0) {
            if (json_is_string(value))
                srv_settings_set_profile(s, json_string_value(value), origin, warn, ctx);
            else if (!json_is_null(value))
                srv__warnf(warn, ctx, "%s: \"profile\" must be a string; ignored", origin);
        } else if (strcmp(key, "severity") == 0) {
            if (json_is_null(value))
                continue;
            if (!json_is_object(value)) {
                srv__warnf(warn, ctx,
                           "%s: \"severity\" must be an object of rule-id or InfVerif code: level",
                           origin);
                continue;
            }
            const char *rule;
            json_t *level;
            json_object_foreach(value, rule, level)
            {
                if (!json_is_string(level)) {
                    srv__warnf(warn, ctx, "%s: severity of '%s' must be a string; ignored", origin,
                               rule);
                    continue;
                }
                srv_settings_add(s, rule, json_string_value(level), origin, warn, ctx);
            }
        } else if (strcmp(key, "inlayHints") == 0) {
            srv__inlay_merge(s, value, origin, warn, ctx);
        } else if (strcmp(key, "$schema") != 0 && !srv__is_extra(key, extra_keys)) {
            srv__warnf(warn, ctx, "%s: unknown setting '%s'; ignored", origin, key);
        }
    }
}

bool srv_settings_merge_file(srv_settings *s, const char *path, srv_warn_fn warn, void *ctx)
{
    size_t len;
    char *text = srv_file_read(path, &len);
    if (!text) {
        srv__warnf(warn, ctx, "%s: cannot read: %s", path, strerror(errno));
        return false;
    }
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    free(text);
    if (!root) {
        srv__warnf(warn, ctx, "%s:%d:%d: invalid JSON: %s", path, err.line, err.column, err.text);
        return false;
    }
    srv_settings_merge_json(s, root, path, NULL, warn, ctx);
    json_decref(root);
    return true;
}

char *srv_settings_find_file(const char *dir)
{
    if (!dir || !*dir)
        return NULL;
    /* Relative paths must still reach the folders above the current one. */
    char *cur = srv_platform_full_path(dir);
    while (cur) {
        char *candidate = srv_platform_path_join(cur, SRV_CONFIG_FILE_NAME);
        if (srv_platform_path_kind(candidate, true) == SRV_PATH_FILE) {
            free(cur);
            return candidate;
        }
        free(candidate);
        char *parent = srv_platform_parent_dir(cur);
        free(cur);
        cur = parent;
    }
    return NULL;
}

infa_config *srv_settings_build(const srv_settings *const *layers, size_t count)
{
    infa_config *config = infa_config_new();
    for (size_t i = 0; i < count; i++)
        if (layers[i] && layers[i]->has_profile)
            infa_config_set_profile(config, layers[i]->profile);
    for (size_t i = 0; i < count; i++) {
        if (!layers[i])
            continue;
        for (size_t j = 0; j < layers[i]->override_count; j++) {
            const srv_override *o = &layers[i]->overrides[j];
            int code;
            if (srv_settings_parse_code(o->rule_id, &code))
                infa_config_set_code_severity(config, code, o->severity);
            else
                infa_config_set_severity(config, o->rule_id, o->severity);
        }
    }
    return config;
}

unsigned srv_settings_inlay(const srv_settings *const *layers, size_t count)
{
    unsigned on = INFA_INLAY_ALL;
    for (size_t i = 0; i < count; i++) {
        if (!layers[i])
            continue;
        on = (on | layers[i]->inlay_on) & ~layers[i]->inlay_off;
    }
    return on;
}
