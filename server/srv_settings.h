/* User settings shared by the server and --check:
 *   { "profile": "isolated|universal|declarative|desktop",
 *     "severity": { "<rule-id>" or "<InfVerif code>": "error|warning|information|hint|off" },
 *     "inlayHints": { "dirids": true, "regFlags": true, "serviceFlags": true } }
 * A code applies to every finding that carries it, whichever rule reports it.
 * They come from a .inf-ls.json file found by walking up from the INF's
 * folder, from LSP initializationOptions / workspace/didChangeConfiguration,
 * and from command-line flags. Later layers override earlier ones. */
#ifndef SRV_SETTINGS_H
#define SRV_SETTINGS_H

#include "infa.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#define SRV_CONFIG_FILE_NAME ".inf-ls.json"

typedef struct {
    char *rule_id; /* a rule id, or an InfVerif code in decimal */
    infa_severity severity;
} srv_override;

typedef struct {
    bool has_profile;
    infa_profile profile;
    srv_override *overrides;
    size_t override_count;
    /* INFA_INLAY_* bits this layer sets on / off (a bit in neither is unset). */
    unsigned inlay_on, inlay_off;
} srv_settings;

/* Receives one human-readable warning (borrowed for the call). */
typedef void (*srv_warn_fn)(void *ctx, const char *message);

void srv_settings_clear(srv_settings *s);
/* True when key is all decimal digits; *code receives its value. */
bool srv_settings_parse_code(const char *key, int *code);
/* True when key is a rule id or an InfVerif code some rule reports. */
bool srv_settings_key_known(const char *key);
/* Adds an override (rule id or InfVerif code) after checking it and the level; warns and returns
 * false when either is unknown. */
bool srv_settings_add(srv_settings *s, const char *rule_id, const char *level, const char *origin,
                      srv_warn_fn warn, void *ctx);
bool srv_settings_set_profile(srv_settings *s, const char *name, const char *origin,
                              srv_warn_fn warn, void *ctx);
/* Reads the settings object (or the object under "inf" / "inf-ls"), merging
 * into s. Keys listed in extra_keys are accepted silently (the caller reads
 * them); other unknown keys are warned about. */
void srv_settings_merge_json(srv_settings *s, json_t *obj, const char *origin,
                             const char *const *extra_keys, srv_warn_fn warn, void *ctx);
/* Loads a config file, merging into s. Returns false (and warns) when it
 * cannot be read or is not valid JSON. */
bool srv_settings_merge_file(srv_settings *s, const char *path, srv_warn_fn warn, void *ctx);
/* The nearest .inf-ls.json in dir or its ancestors; caller must free() it.
 * NULL when there is none. */
char *srv_settings_find_file(const char *dir);
/* Applies layers in order (profile from the last layer that has one, then
 * every layer's overrides). Caller must free with infa_config_delete(). */
infa_config *srv_settings_build(const srv_settings *const *layers, size_t count);

/* The inlay hint categories (INFA_INLAY_* bits) after the layers: all on
 * unless a layer turns one off and no later layer turns it back on. */
unsigned srv_settings_inlay(const srv_settings *const *layers, size_t count);

#endif
