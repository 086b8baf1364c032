/* The rule documentation table, generated at build time from
 * docs/rules/<rule-id>.md by analysis/rule_docs.cmake. */
#ifndef INFA_RULE_DOCS_H
#define INFA_RULE_DOCS_H

#include <stddef.h>

typedef struct {
    const char *rule_id;
    const char *markdown;
    const int *codes; /* InfVerif codes the rule may report */
    size_t code_count;
} infa_rule_doc;

/* Sorted by rule id; ends with a zeroed entry. */
extern const infa_rule_doc infa_rule_docs[];
extern const size_t infa_rule_docs_count;

#endif
