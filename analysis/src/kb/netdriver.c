/* NetDriver INFs (Class = NetDriver): the network components a
 * [DefaultInstall[.<platform>].NetDrivers] section installs. What is known
 * of the format comes from InfVerif's messages (codes 2400-2420): the two
 * component directives, their two fields (<component id>,<component
 * section>), the component-id and filter-class patterns, the identifier
 * prefixes reserved for OS components, and FilterClass, the directive a
 * filter's component section names its class with. The other directives of
 * a component section are not documented, so nothing here lists them. */
#include "kb_private.h"

static const infa_kb_net_component components[] = {
    {"AddNetFilter", "filter", true},
    {"AddNetProtocol", "protocol", false},
};

static const char *const reserved_prefixes[] = {"ms_", "vms_", NULL};

const infa_kb_net_component *infa_kb_net_component_find(const char *name, size_t len)
{
    for (size_t i = 0; i < KB_COUNTOF(components); i++)
        if (kb__name_eq(name, len, components[i].directive))
            return &components[i];
    return NULL;
}

const char *const *infa_kb_net_reserved_prefixes(void)
{
    return reserved_prefixes;
}

bool infa_kb_net_identifier(const char *s, size_t len, bool dots)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || (dots && c == '.')))
            return false;
    }
    return true;
}

bool infa_kb_netdrivers_section(const char *name, size_t len)
{
    static const char prefix[] = INFA_KB_NETDRIVERS_PREFIX, suffix[] = INFA_KB_NETDRIVERS_SUFFIX;
    size_t pl = sizeof prefix - 1, sl = sizeof suffix - 1;
    if (len < pl + sl || infa_strncasecmp(name, pl, prefix, pl) != 0 ||
        infa_strncasecmp(name + len - sl, sl, suffix, sl) != 0)
        return false;
    /* Between them only a platform decoration: DefaultInstall.NTamd64.NetDrivers. */
    size_t mid = len - pl - sl;
    return mid == 0 || (name[pl] == '.' && memchr(name + pl + 1, '.', mid - 1) == NULL);
}
