/*
 * SetupAPI's reading of quotes, %tokens% and comments on a line of text,
 * shared by syntax-error and unbalanced-quote. Header-only and file-static,
 * like general_helpers.h.
 *
 * SetupAPI (as the docs describe and Wine/ReactOS setupapi/parser.c
 * implement it) toggles quoting at each `"`; inside quotes `""` is one
 * literal quote, and a quote still open at the end of the physical line ends
 * there, keeping what it read. Outside quotes a `;` starts a comment to the
 * line end, except inside a %token%. grammar/src/scanner.c reads the same way;
 * rules see only the model, so they read the text again here.
 */
#ifndef INFA_SYNTAX_SCAN_H
#define INFA_SYNTAX_SCAN_H

#include "rule.h"

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    INFA_SYN__OPEN_BRACKET,  /* a `[` outside quotes, tokens and comments */
    INFA_SYN__CLOSE_BRACKET, /* a `]` outside quotes, tokens and comments */
    INFA_SYN__OPEN_QUOTE,    /* a `"` that the end of its line closes */
} infa_syn__event;

typedef void (*infa_syn__visit)(void *arg, infa_syn__event event, uint32_t offset);

static inline bool infa_syn__line_end(char c)
{
    return c == '\n' || c == '\r' || c == 0x1a;
}

/* Characters of a %token% name, as grammar.js token_name accepts them. */
static inline bool infa_syn__token_char(char c)
{
    return c != '%' && c != '"' && c != ',' && c != '\0' && c != ' ' && c != '\t' && c != '\f' &&
           c != '\v' && !infa_syn__line_end(c);
}

/* Reads text[start, end), which starts outside quotes at the start of an
 * entry, and reports each event to visit. Returns the offset of the last
 * character that is not a blank, outside quotes and comments, on the last
 * physical line of the range (INFA_NONE if none): a `\` there is a line
 * continuation. */
static inline uint32_t infa_syn__scan(const char *text, uint32_t start, uint32_t end,
                                      infa_syn__visit visit, void *arg)
{
    bool quoted = false;
    uint32_t open = 0, last = INFA_NONE;
    for (uint32_t i = start; i < end; i++) {
        char c = text[i];
        if (infa_syn__line_end(c)) {
            if (quoted && visit != NULL)
                visit(arg, INFA_SYN__OPEN_QUOTE, open);
            quoted = false;
            last = INFA_NONE;
            continue;
        }
        if (quoted) {
            if (c == '"' && i + 1 < end && text[i + 1] == '"')
                i++;
            else if (c == '"') {
                quoted = false;
                last = i;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            open = i;
            last = INFA_NONE;
        } else if (c == ';') {
            while (i + 1 < end && !infa_syn__line_end(text[i + 1]))
                i++;
        } else if (c == '%') {
            uint32_t j = i + 1;
            while (j < end && infa_syn__token_char(text[j]))
                j++;
            if (j < end && text[j] == '%')
                i = j; /* %name% or %%: nothing inside is a comment */
            last = i;
        } else {
            if ((c == '[' || c == ']') && visit != NULL)
                visit(arg, c == '[' ? INFA_SYN__OPEN_BRACKET : INFA_SYN__CLOSE_BRACKET, i);
            if (c != ' ' && c != '\t' && c != '\f' && c != '\v')
                last = i;
        }
    }
    if (quoted && visit != NULL)
        visit(arg, INFA_SYN__OPEN_QUOTE, open);
    return quoted ? INFA_NONE : last;
}

#endif
