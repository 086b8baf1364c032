/* srv_platform's Windows path and URI rules, run under Wine by
 * test_windows.py (platform_unit). Prints one line per failed check and
 * exits 1 if any failed. */
#include "srv_platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect_str(const char *what, char *got, const char *want)
{
    if ((got == NULL) != (want == NULL) || (got && strcmp(got, want) != 0)) {
        printf("FAIL %s: got %s%s%s, want %s%s%s\n", what, got ? "'" : "", got ? got : "NULL",
               got ? "'" : "", want ? "'" : "", want ? want : "NULL", want ? "'" : "");
        failures++;
    }
    free(got);
}

static void expect_bool(const char *what, bool got, bool want)
{
    if (got != want) {
        printf("FAIL %s: got %d, want %d\n", what, got, want);
        failures++;
    }
}

int main(void)
{
    /* VS Code escapes the drive colon; other clients do not. */
    expect_str("uri c%3A", srv_platform_uri_to_path("file:///c%3A/drivers/x.inf"),
               "c:\\drivers\\x.inf");
    expect_str("uri C:", srv_platform_uri_to_path("file:///C:/drivers/x.inf"),
               "C:\\drivers\\x.inf");
    expect_str("uri spaces and UTF-8",
               srv_platform_uri_to_path("file:///d%3A/My%20Drivers/pilote-%C3%A9.inf"),
               "d:\\My Drivers\\pilote-\xc3\xa9.inf");
    expect_str("uri UNC", srv_platform_uri_to_path("file://fileserver/share/pkg/x.inf"),
               "\\\\fileserver\\share\\pkg\\x.inf");
    expect_str("uri localhost", srv_platform_uri_to_path("file://localhost/C:/x.inf"), "C:\\x.inf");
    expect_str("uri query dropped", srv_platform_uri_to_path("file:///C:/x.inf?a#b"), "C:\\x.inf");
    expect_str("uri other scheme", srv_platform_uri_to_path("untitled:Untitled-1"), NULL);

    expect_str("parent of C:\\a\\b", srv_platform_parent_dir("C:\\a\\b"), "C:\\a");
    expect_str("parent of C:\\a", srv_platform_parent_dir("C:\\a"), "C:\\");
    expect_str("parent of C:\\a\\ (trailing)", srv_platform_parent_dir("C:\\a\\"), "C:\\");
    expect_str("parent of C:\\", srv_platform_parent_dir("C:\\"), NULL);
    expect_str("parent of UNC folder", srv_platform_parent_dir("\\\\srv\\share\\pkg"),
               "\\\\srv\\share");
    expect_str("parent of UNC share", srv_platform_parent_dir("\\\\srv\\share"), NULL);
    expect_str("parent with /", srv_platform_parent_dir("C:/a/b"), "C:/a");

    expect_str("dirname", srv_platform_dirname("C:\\a\\b.inf"), "C:\\a");
    expect_str("dirname of root file", srv_platform_dirname("C:\\b.inf"), "C:\\");
    expect_str("dirname relative", srv_platform_dirname("b.inf"), ".");
    expect_str("dirname mixed", srv_platform_dirname("pkg/sub\\b.inf"), "pkg/sub");
    expect_str("join", srv_platform_path_join("C:\\a", "b.inf"), "C:\\a\\b.inf");
    expect_str("join after sep", srv_platform_path_join("C:\\a\\", "b.inf"), "C:\\a\\b.inf");

    expect_bool("equal ignoring case",
                srv_platform_path_equal("C:\\Drivers\\Pkg", "c:\\DRIVERS\\pkg"), true);
    expect_bool("equal / and \\", srv_platform_path_equal("C:/Drivers", "C:\\Drivers"), true);
    expect_bool("equal non-ASCII case",
                srv_platform_path_equal("C:\\\xc3\x89t\xc3\xa9", "C:\\\xc3\xa9T\xc3\x89"), true);
    expect_bool("not equal", srv_platform_path_equal("C:\\a", "C:\\b"), false);

    if (failures)
        printf("%d check(s) failed\n", failures);
    else
        puts("all checks passed");
    return failures ? 1 : 0;
}
