/* inf-ls: a language server and checker for Windows driver INF files. */
#include "infa.h"
#include "srv_check.h"
#include "srv_platform.h"
#include "srv_server.h"
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
          "  inf-ls --list-rules              list the rule ids and their default severity\n"
          "  inf-ls --help | --version\n"
          "\n"
          "Check options:\n"
          "  --format text|json        output format (default text:\n"
          "                            path:line:col: severity: message [rule-id])\n"
          "  --fail-on LEVEL           exit 1 when a finding is at or above LEVEL:\n"
          "                            error (default), warning, info, hint or none\n"
          "  --profile NAME            isolated (default), universal, declarative, desktop\n"
          "  --severity RULE=LEVEL     override one rule: error, warning, information, hint,\n"
          "                            off (repeatable)\n"
          "  --config FILE             read settings from FILE instead of the nearest\n"
          "                            .inf-ls.json above each INF\n"
          "  --fix                     apply the safe fixes in place (keeps encoding, BOM\n"
          "                            and line endings)\n"
          "  --diff                    print the fixes as a unified diff; write nothing\n"
          "\n"
          "Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or I/O error.\n",
          out);
}

static int srv__list_rules(void)
{
    size_t n = infa_rule_count();
    for (size_t i = 0; i < n; i++) {
        const infa_rule_info *r = infa_rule_at(i);
        printf("%-32s %-8s %s\n", r->id, infa_severity_name(r->default_severity),
               r->summary ? r->summary : "");
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
            printf("inf-ls %s\n", SRV_VERSION);
            return 0;
        }
        if (strcmp(a, "--list-rules") == 0)
            return srv__list_rules();
        if (strcmp(a, "--stdio") == 0)
            continue;
        fprintf(stderr, "inf-ls: unknown argument '%s'\n\n", a);
        srv__usage(stderr);
        return 2;
    }
    return srv_server_run(STDIN_FILENO, STDOUT_FILENO);
}
