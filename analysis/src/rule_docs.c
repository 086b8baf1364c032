/* Lookups in the generated rule documentation table. */
#include "rule_docs.h"

#include "infa.h"

#include <string.h>

static const infa_rule_doc *infa_rule_docs__find(const char *rule_id)
{
    for (size_t i = 0; rule_id && i < infa_rule_docs_count; i++)
        if (strcmp(infa_rule_docs[i].rule_id, rule_id) == 0)
            return &infa_rule_docs[i];
    return NULL;
}

const char *infa_rule_explain(const char *rule_id)
{
    const infa_rule_doc *d = infa_rule_docs__find(rule_id);
    return d ? d->markdown : NULL;
}

const int *infa_rule_infverif_codes(const char *rule_id, size_t *count)
{
    const infa_rule_doc *d = infa_rule_docs__find(rule_id);
    *count = d ? d->code_count : 0;
    return d ? d->codes : NULL;
}

bool infa_infverif_code_known(int code)
{
    for (size_t i = 0; code > 0 && i < infa_rule_docs_count; i++)
        for (size_t k = 0; k < infa_rule_docs[i].code_count; k++)
            if (infa_rule_docs[i].codes[k] == code)
                return true;
    return false;
}
