/* Report formats of `inf-ls --check` meant for CI: SARIF 2.1.0 (code
 * scanning) and GitHub workflow commands (annotations in pull requests).
 * Positions follow each format: SARIF columns count UTF-16 code units,
 * GitHub columns count characters as the text format does. */
#ifndef SRV_REPORT_H
#define SRV_REPORT_H

#include "infa.h"

#include <jansson.h>
#include <stdio.h>

/* The SARIF artifact URI of path: relative to root (percent-encoded, '/'
 * separated) when path lies under it, else an absolute file: URI. root NULL
 * means the current directory. Caller must free(). */
char *srv_report_sarif_uri(const char *path, const char *root);

/* Appends one SARIF result per finding to results. doc is the document
 * the positions are in. fix_doc and config find the quick fixes (a fixable
 * finding gets a fixes[] entry with the edits of its preferred fix);
 * fix_doc NULL leaves fixes out (--arch: they would edit the expansion). */
void srv_report_sarif_results(json_t *results, infa_document *fix_doc, const infa_config *config,
                              const char *uri, const infa_document *doc,
                              const infa_diagnostic *const *items, size_t count);

/* The whole SARIF log: one run whose tool.driver lists every rule, with
 * results (a reference is stolen). root is the --sarif-root (NULL: the
 * current directory). New reference. */
json_t *srv_report_sarif_log(json_t *results, const char *root);

/* One workflow command per finding: ::error file=…,line=…,col=…,endLine=…,
 * endColumn=…,title=inf-ls RULE::MESSAGE, related places appended to the
 * message on lines of their own. */
void srv_report_github(FILE *out, const char *path, const infa_document *doc,
                       const infa_diagnostic *const *items, size_t count);

#endif
