/* What a cursor names (a section, a string key, an included file, a copied
 * file) and where else that name occurs. Shared by go to definition,
 * references, highlights (navigate.c) and rename (rename.c). */
#ifndef INFA_NAVIGATE_H
#define INFA_NAVIGATE_H

#include "model.h"
#include "util.h"

typedef enum {
    INFA_SUBJECT_NONE = 0,
    INFA_SUBJECT_SECTION,     /* a header or a reference to a section */
    INFA_SUBJECT_STRKEY,      /* %key% or a key of [Strings*] */
    INFA_SUBJECT_INCLUDE,     /* a file named by Include= */
    INFA_SUBJECT_SOURCE_FILE, /* a file named in a copy-files list */
} infa_subject_kind;

typedef struct {
    infa_subject_kind kind;
    const char *name; /* borrowed from the model: logical name, key or file */
    uint32_t name_len;
    uint32_t section; /* SECTION: the section, or INFA_NONE when undefined */
    infa_span span;   /* the name under the cursor as written (quotes and %s included) */
    bool external;    /* SECTION: named by Needs=, lives in another INF */
    /* SECTION: the base of `%Mfg% = Models, NTamd64, ...`, which names
     * every decorated Models section of that line. */
    uint32_t models_line;
} infa_subject;

/* What the byte names. Borrowed pointers are valid until the next edit. */
infa_subject infa_navigate_subject(const infa_model *m, uint32_t byte);

/* One occurrence of a subject's name. */
typedef struct {
    infa_span span; /* the name as written, quotes and percents excluded */
    bool declaration;
} infa_occurrence;

typedef INFA_VEC(infa_occurrence) infa_occurrence_vec;

/* Every occurrence of a SECTION or STRKEY subject, in file order. */
void infa_navigate_occurrences(const infa_model *m, const infa_subject *s,
                               infa_occurrence_vec *out);

/* The span of the name inside a field or header as written: quotes removed
 * when the whole span is one quoted string. */
infa_span infa_navigate_unquote(const infa_model *m, infa_span span);

#endif
