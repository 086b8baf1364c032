/* sourcedisksfiles-missing: a file that CopyFiles copies must be listed in
 * [SourceDisksFiles] (InfVerif 1230), in a section that applies to every
 * architecture the copy is made for: a copy from [Install.NTamd64] and
 * [Install.NTarm64] with only [SourceDisksFiles.amd64] has no source on
 * arm64. INFs with a LayoutFile (the OS's own) take their sources from it. */
#include "general_helpers.h"
#include "isolation_support.h"

static const char *platform_name(int p)
{
    switch ((infa_platform)p) {
    case INFA_PLATFORM_X86:
        return "x86";
    case INFA_PLATFORM_AMD64:
        return "amd64";
    case INFA_PLATFORM_ARM:
        return "arm";
    case INFA_PLATFORM_ARM64:
        return "arm64";
    case INFA_PLATFORM_IA64:
        return "ia64";
    default:
        return NULL;
    }
}

#define MAX_ENTRIES 32

/* The architectures the INF names in any section decoration: an undecorated
 * install section applies to every architecture that has no decorated
 * sibling, but only to those the INF targets at all. */
static unsigned targeted(const infa_model *m)
{
    unsigned bits = 0;
    for (uint32_t s = 0; s < infa_model_section_count(m); s++) {
        infa_platform p = infa_model_section(m, s)->decoration.platform;
        if (p >= INFA_PLATFORM_X86 && p <= INFA_PLATFORM_IA64)
            bits |= 1u << p;
    }
    return bits;
}

static void check(infa_rule_ctx *ctx)
{
    const infa_model *m = infa_rule_model(ctx);
    if (infa_gen__key_line(m, infa_gen__version(m), "LayoutFile") != NULL)
        return;
    const infa_iso_copies *copies = infa_iso_copies_of(ctx);
    infa_source_file entries[MAX_ENTRIES];
    unsigned targets = targeted(m);
    for (size_t i = 0; i < copies->len; i++) {
        const infa_iso_copy *c = &copies->items[i];
        /* '@' is a template's placeholder (@NAME@.sys) once CopyFiles=@ is read. */
        if (c->source_len == 0 || infa_gen__opaque(c->source, c->source_len) ||
            memchr(c->source, '@', c->source_len) != NULL)
            continue;
        const infa_field *at = c->source_f ? c->source_f : c->dest_f;
        uint32_t n = infa_model_source_files(m, c->source, c->source_len, entries, MAX_ENTRIES);
        if (n == 0) {
            infa_rule_report(ctx, at->span,
                             "'%.*s' is copied but not listed in [SourceDisksFiles]: add "
                             "%.*s = <disk-id> there",
                             INFA_GEN_CLIP(c->source_len), c->source, INFA_GEN_CLIP(c->source_len),
                             c->source);
            continue;
        }
        unsigned platforms = infa_iso_copy_platforms(m, c) & targets;
        for (int p = INFA_PLATFORM_X86; platforms != 0 && p <= INFA_PLATFORM_IA64; p++) {
            if (!(platforms & (1u << p)))
                continue;
            bool covered = false;
            for (uint32_t k = 0; k < n && k < MAX_ENTRIES && !covered; k++)
                covered = infa_iso_platform_applies(entries[k].platform, 1u << p);
            if (!covered) {
                infa_rule_report(ctx, at->span,
                                 "'%.*s' is copied on %s but [SourceDisksFiles] lists it only for "
                                 "other architectures: add it to [SourceDisksFiles.%s] or "
                                 "[SourceDisksFiles]",
                                 INFA_GEN_CLIP(c->source_len), c->source, platform_name(p),
                                 platform_name(p));
                break;
            }
        }
    }
}

const infa_rule infa_rule_sourcedisksfiles_missing = {
    .info = {.id = "sourcedisksfiles-missing",
             .summary = "A copied file is not in [SourceDisksFiles] for every architecture",
             .href = INFA_DOCS_INSTALL "inf-sourcedisksfiles-section",
             .default_severity = INFA_SEVERITY_ERROR},
    .infverif_code = 1230,
    .check = check,
};
