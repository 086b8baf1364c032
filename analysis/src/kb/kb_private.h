/* Shared helpers for the knowledge-base tables; not part of kb.h. */
#ifndef INFA_KB_PRIVATE_H
#define INFA_KB_PRIVATE_H

#include "../kb.h"
#include "../util.h"

#include <stdlib.h>
#include <string.h>

/* Every docs URL starts with this; rows append the page path. */
#define KB_DOCS "https://learn.microsoft.com/windows-hardware/drivers/"

#define KB_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* Case-insensitive equality of a (ptr, len) name with a NUL-terminated row
 * name. */
static inline bool kb__name_eq(const char *name, size_t len, const char *row)
{
    return row != NULL && infa_streq_nocase(name, len, row);
}

#endif
