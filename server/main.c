/* inf-ls: a language server and checker for Windows driver INF files. */
#include "infa.h"
#include "srv_check.h"
#include "srv_platform.h"
#include "srv_server.h"
#include "srv_settings.h"
#include "srv_util.h"
#include "srv_version.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void srv__usage(FILE *out)
{
    fputs("Usage:\n"
          "  inf-ls [--stdio]                 run the language server on stdin/stdout\n"
          "  inf-ls --check [options] PATH... check INF files and folders (*.inf, *.inx)\n"
          "  inf-ls --list-rules              list the rules: id, default severity, InfVerif\n"
          "                                   codes with their /k /u /w levels, summary\n"
          "  inf-ls --explain RULE|CODE       what a rule checks and why, with examples\n"
          "  inf-ls --help | --version\n"
          "\n"
          "Check options:\n"
          "  --format FORMAT           text (default: path:line:col: severity: message\n"
          "                            [rule-id]), json, sarif (SARIF 2.1.0) or github\n"
          "                            (workflow commands that annotate pull requests)\n"
          "  --sarif-root DIR          artifact URIs in SARIF are relative to DIR\n"
          "                            (default: the current directory)\n"
          "  --fail-on LEVEL           exit 1 when a finding is at or above LEVEL:\n"
          "                            error (default), warning, info, hint or none\n"
          "  --profile NAME            isolated (default), universal, declarative, desktop\n"
          "  --infverif-mode k|u|w     the profile of InfVerif's /k (declarative), /u\n"
          "                            (universal) or /w (isolated) mode\n"
          "  --severity RULE=LEVEL     override one rule, or every finding with an InfVerif\n"
          "                            code (CODE=LEVEL): error, warning, information,\n"
          "                            hint, off (repeatable)\n"
          "  --suppress CODE|RULE      same as --severity CODE=off\n"
          "  --config FILE             read settings from FILE instead of the nearest\n"
          "                            .inf-ls.json above each INF\n"
          "  --fix                     apply the safe fixes in place (keeps encoding, BOM\n"
          "                            and line endings)\n"
          "  --diff                    print the fixes as a unified diff; write nothing\n"
          "  --arch amd64|arm64|x86    check .inx templates as stampinf would expand them\n"
          "\n"
          "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.\n",
          out);
}

static const char *srv__level(int code, infa_profile profile)
{
    infa_severity s;
    if (!infa_infverif_level(code, profile, &s))
        return "?";
    return s == INFA_SEVERITY_OFF ? "none" : infa_severity_name(s);
}

/* Each rule, then the InfVerif codes it reports with their levels in /k, /u
 * and /w, which are the rule's severities in the declarative, universal and
 * isolated profiles. */
static int srv__list_rules(void)
{
    printf("# InfVerif codes and levels of WDK %s (/k declarative, /u universal, /w isolated)\n",
           infa_infverif_wdk_build());
    size_t n = infa_rule_count();
    for (size_t i = 0; i < n; i++) {
        const infa_rule_info *r = infa_rule_at(i);
        int codes[32];
        size_t nc = infa_rule_attached_codes(r->id, codes, 32);
        char buf[64] = "-";
        size_t len = 0;
        for (size_t k = 0; k < nc && k < 32 && len + 8 < sizeof buf; k++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%d", k ? "," : "", codes[k]);
        printf("%-32s %-8s %-14s %s\n", r->id, infa_severity_name(r->default_severity), buf,
               r->summary ? r->summary : "");
        for (size_t k = 0; k < nc && k < 32; k++)
            printf("    InfVerif %d  /k %-7s /u %-7s /w %s\n", codes[k],
                   srv__level(codes[k], INFA_PROFILE_DECLARATIVE),
                   srv__level(codes[k], INFA_PROFILE_UNIVERSAL),
                   srv__level(codes[k], INFA_PROFILE_ISOLATED));
    }
    return 0;
}

/* `--explain RULE-or-CODE`: the documentation of one rule, or of every rule
 * that reports the InfVerif code. */
static int srv__explain(const char *key)
{
    int code = 0;
    bool by_code = srv_settings_parse_code(key, &code);
    size_t shown = 0;
    for (size_t i = 0; i < infa_rule_count(); i++) {
        const infa_rule_info *r = infa_rule_at(i);
        bool match = !by_code && strcmp(r->id, key) == 0;
        size_t ncodes;
        const int *codes = infa_rule_infverif_codes(r->id, &ncodes);
        for (size_t k = 0; by_code && k < ncodes; k++)
            match |= codes[k] == code;
        if (!match)
            continue;
        const char *md = infa_rule_explain(r->id);
        if (shown++)
            fputs("\n---\n\n", stdout);
        if (md)
            fputs(md, stdout);
        else
            printf("# %s\n\n%s\n", r->id, r->summary ? r->summary : "");
    }
    if (!shown) {
        fprintf(stderr,
                "inf-ls: --explain: no rule has the id or InfVerif code '%s' (inf-ls "
                "--list-rules shows them)\n",
                key);
        return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    srv_platform_init(&argc, &argv);

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--check") == 0)
            return srv_check_main(argc - i - 1, argv + i + 1);
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            srv__usage(stdout);
            return 0;
        }
        if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
            printf("inf-ls %s (InfVerif rules of WDK %s)\n", SRV_VERSION,
                   infa_infverif_wdk_build());
            return 0;
        }
        if (strcmp(a, "--list-rules") == 0)
            return srv__list_rules();
        if (strcmp(a, "--explain") == 0 || strncmp(a, "--explain=", 10) == 0) {
            const char *key = a[9] == '=' ? a + 10 : i + 1 < argc ? argv[i + 1] : NULL;
            if (!key) {
                fputs("inf-ls: --explain needs a rule id or an InfVerif code\n", stderr);
                return 2;
            }
            return srv__explain(key);
        }
        if (strcmp(a, "--stdio") == 0)
            continue;
        fprintf(stderr, "inf-ls: unknown argument '%s'\n\n", a);
        srv__usage(stderr);
        return 2;
    }
    return srv_server_run(STDIN_FILENO, STDOUT_FILENO);
}
