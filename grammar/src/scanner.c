/* External scanner for tree-sitter-inf.
 *
 * SetupAPI's lexical rules depend on context that a regular lexer cannot see:
 * a `\` continues the line only when nothing but blanks or a comment follows
 * it, a `%` opens a token only when a closing `%` follows on the line, `]`
 * ends a section name but is text in a value, an empty field between two
 * commas has no characters at all, and Ctrl-Z ends the file. This scanner
 * produces exactly those tokens; everything else is lexed by the generated
 * lexer. It keeps one flag of state: a line continuation followed by a
 * comment still owes the line end it joins. */

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

enum TokenType {
    LINE_END,
    BLANK_LINE,
    TEXT,
    SECTION_TEXT,
    STRING_CONTENT,
    TOKEN_OPEN,
    PERCENT_ESCAPE,
    PLACEHOLDER,
    FIELD_EMPTY,
    LEAD_EMPTY,
    SECTION_OPEN,
    HEADER_TRAILER,
    LINE_CONTINUATION,
    CONTINUATION_NEWLINE,
    EOF_MARKER,
    COMMENT,
    QUOTE_ESCAPE,
    STRING_UNCLOSED,
    ERROR_SENTINEL,
};

#define CTRL_Z 0x1a
/* Placeholders are short identifiers; the cap keeps a pathological line linear. */
#define PLACEHOLDER_MAX 64

typedef struct {
    bool pending_join;
} Scanner;

static void advance(TSLexer *lexer)
{
    lexer->advance(lexer, false);
}

/* U+FEFF counts as a blank so that a byte order mark left at the start of
 * the text does not turn the first header into text. */
static bool is_blank(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0xFEFF;
}

/* End of the logical content of a physical line: line break, Ctrl-Z, EOF.
 * At the end of the input the lookahead is 0, so only a 0 needs the call to
 * eof(): these run once per character, and the call is most of their cost. */
static bool at_line_end(TSLexer *lexer)
{
    int32_t c = lexer->lookahead;
    return c == '\r' || c == '\n' || c == CTRL_Z || (c == 0 && lexer->eof(lexer));
}

static bool at_newline(TSLexer *lexer)
{
    return lexer->lookahead == '\r' || lexer->lookahead == '\n';
}

static void consume_newline(TSLexer *lexer)
{
    if (lexer->lookahead == '\r') {
        advance(lexer);
        if (lexer->lookahead == '\n')
            advance(lexer);
    } else {
        advance(lexer);
    }
}

/* Characters of a %token% name: visible characters except the delimiters.
 * grammar.js token_name must accept the same set. */
static bool is_token_name_char(TSLexer *lexer)
{
    int32_t c = lexer->lookahead;
    /* At the end of the input the lookahead is 0, which is excluded. */
    return c != '%' && c != '"' && c != ',' && c != 0 && !is_blank(c) && c != '\r' && c != '\n' &&
           c != CTRL_Z;
}

static bool is_sigil(int32_t c)
{
    return c == '$' || c == '@' || c == '#' || c == '!';
}

static bool is_ident_start(int32_t c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool is_ident_char(int32_t c)
{
    return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int32_t ascii_upper(int32_t c)
{
    return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}

/* At a sigil: consumes the sigil and the identifier after it, and the
 * closing sigil if there is one. True when that was a template placeholder.
 * When false, everything consumed is ordinary text (identifier characters
 * and sigils), so the caller may go on scanning text. Names need two
 * characters so that FormatMessage inserts like `%1!u!` stay text, and the
 * Version signature `$CHICAGO$` is a value, not a placeholder. */
static bool scan_placeholder(TSLexer *lexer)
{
    static const char chicago[] = "CHICAGO";
    int32_t sigil = lexer->lookahead;
    unsigned len = 0;
    bool is_chicago = true;

    advance(lexer);
    if (!is_ident_start(lexer->lookahead))
        return false;
    while (is_ident_char(lexer->lookahead)) {
        if (len >= sizeof chicago - 1 || ascii_upper(lexer->lookahead) != chicago[len])
            is_chicago = false;
        advance(lexer);
        if (++len > PLACEHOLDER_MAX)
            return false;
    }
    if (lexer->lookahead != sigil || len < 2)
        return false;
    advance(lexer);
    if (sigil == '$' && is_chicago && len == sizeof chicago - 1)
        return false;
    return true;
}

enum percent_kind { PERCENT_IS_ESCAPE, PERCENT_IS_TOKEN, PERCENT_IS_LONE };

/* At a `%`. The token end is marked after the first `%` (or after `%%`);
 * the lexer may be left further on by the look for the closing `%`. */
static enum percent_kind scan_percent(TSLexer *lexer)
{
    unsigned len = 0;

    advance(lexer);
    if (lexer->lookahead == '%') {
        advance(lexer);
        lexer->mark_end(lexer);
        return PERCENT_IS_ESCAPE;
    }
    lexer->mark_end(lexer);
    while (is_token_name_char(lexer)) {
        advance(lexer);
        len++;
    }
    return (len > 0 && lexer->lookahead == '%') ? PERCENT_IS_TOKEN : PERCENT_IS_LONE;
}

/* Returns the token for a `%`, or false when the caller must go on. */
static bool finish_percent(TSLexer *lexer, const bool *valid, enum TokenType lone_as)
{
    switch (scan_percent(lexer)) {
    case PERCENT_IS_ESCAPE:
        lexer->result_symbol = PERCENT_ESCAPE;
        return valid[PERCENT_ESCAPE];
    case PERCENT_IS_TOKEN:
        lexer->result_symbol = TOKEN_OPEN;
        return valid[TOKEN_OPEN];
    case PERCENT_IS_LONE:
        break;
    }
    lexer->result_symbol = lone_as;
    return valid[lone_as];
}

/* Inside a string or a section name the line ends with the string or the
 * `]` missing. Returning the line end here, although the grammar does not
 * expect it yet, lets the parser insert that one MISSING token and go on:
 * even at the end of the file, where nothing else would follow. */
static bool end_unfinished_line(TSLexer *lexer)
{
    if (at_newline(lexer))
        consume_newline(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = LINE_END;
    return true;
}

/* Inside "...": everything up to the closing quote, a `%` or the line end.
 * Blanks are content, so nothing is skipped. SetupAPI ends a quote that is
 * still open at the line end (or Ctrl-Z) there, keeping what it read, and
 * a `\` inside it is content: the string ends at the line end with a
 * zero-width STRING_UNCLOSED, and the next line is a line of its own. */
static bool scan_string(TSLexer *lexer, const bool *valid)
{
    bool any = false;

    if (at_line_end(lexer)) {
        if (!valid[STRING_UNCLOSED])
            return end_unfinished_line(lexer);
        lexer->mark_end(lexer);
        lexer->result_symbol = STRING_UNCLOSED;
        return true;
    }

    /* As in scan_field_text: the end is marked after a run, not per character. */
    bool unmarked = false;
    for (;;) {
        int32_t c = lexer->lookahead;
        if (c != '"' && c != '%' && !is_sigil(c) && !at_line_end(lexer)) {
            advance(lexer);
            unmarked = true;
            any = true;
            continue;
        }
        if (unmarked) {
            lexer->mark_end(lexer);
            unmarked = false;
        }
        if (c == '"') {
            if (any)
                break;
            /* `""` is one literal quote; a single `"` closes the string
             * and is left to the generated lexer. */
            advance(lexer);
            if (lexer->lookahead != '"')
                return false;
            advance(lexer);
            lexer->mark_end(lexer);
            lexer->result_symbol = QUOTE_ESCAPE;
            return valid[QUOTE_ESCAPE];
        }
        if (at_line_end(lexer))
            break;
        if (c == '%') {
            if (any)
                break;
            enum percent_kind kind = scan_percent(lexer);
            if (kind == PERCENT_IS_ESCAPE) {
                lexer->result_symbol = PERCENT_ESCAPE;
                return true;
            }
            if (kind == PERCENT_IS_TOKEN) {
                lexer->result_symbol = TOKEN_OPEN;
                return true;
            }
            /* A lone `%` and the name characters after it are content. */
            any = true;
            lexer->mark_end(lexer);
            continue;
        }
        if (is_sigil(c)) {
            if (any)
                lexer->mark_end(lexer);
            if (scan_placeholder(lexer)) {
                if (any) {
                    lexer->result_symbol = STRING_CONTENT;
                } else {
                    lexer->mark_end(lexer);
                    lexer->result_symbol = PLACEHOLDER;
                }
                return true;
            }
            any = true;
            lexer->mark_end(lexer);
            continue;
        }
    }
    lexer->result_symbol = STRING_CONTENT;
    return any && valid[STRING_CONTENT];
}

/* Between `[` and `]`. As in SetupAPI, `;` is part of the name here. */
static bool scan_section_name(TSLexer *lexer, const bool *valid)
{
    bool any = false;

    while (is_blank(lexer->lookahead))
        lexer->advance(lexer, true);
    if (at_line_end(lexer))
        return end_unfinished_line(lexer);
    if (lexer->lookahead == '%')
        return finish_percent(lexer, valid, SECTION_TEXT);
    if (lexer->lookahead == '"') {
        /* A quoted name ends before `]`. A quote that is not closed there is
         * part of the name, as SetupAPI reads it, instead of a string that
         * would swallow the `]`. */
        advance(lexer);
        lexer->mark_end(lexer);
        for (;;) {
            int32_t c = lexer->lookahead;
            if (c == ']' || at_line_end(lexer))
                break;
            advance(lexer);
            if (c == '"') {
                if (lexer->lookahead != '"')
                    return false; /* closed: a string */
                advance(lexer);   /* `""` inside the string */
            }
            if (!is_blank(c))
                lexer->mark_end(lexer);
        }
        lexer->result_symbol = SECTION_TEXT;
        return true;
    }
    for (;;) {
        int32_t c = lexer->lookahead;
        if (c == ']' || c == '"' || c == '%' || at_line_end(lexer))
            break;
        if (is_blank(c)) {
            advance(lexer);
            continue;
        }
        if (is_sigil(c)) {
            if (scan_placeholder(lexer)) {
                if (!any) {
                    lexer->mark_end(lexer);
                    lexer->result_symbol = PLACEHOLDER;
                    return valid[PLACEHOLDER];
                }
                break;
            }
            any = true;
            lexer->mark_end(lexer);
            continue;
        }
        advance(lexer);
        lexer->mark_end(lexer);
        any = true;
    }
    lexer->result_symbol = SECTION_TEXT;
    return any;
}

static bool is_field_delimiter(TSLexer *lexer)
{
    int32_t c = lexer->lookahead;
    return c == ',' || c == '=' || c == ';' || c == '"' || c == '%' || at_line_end(lexer);
}

/* An unquoted run in a key or field, blanks inside kept, blanks around it
 * left out. A `\` followed only by blanks, a comment or the line end is a
 * line continuation instead. */
static bool scan_field_text(Scanner *scanner, TSLexer *lexer, const bool *valid)
{
    bool any = false;
    /* The end is marked after a run of ordinary characters, not after each:
     * mark_end is a call through the lexer, and this loop is the hottest of
     * the scanner. */
    bool unmarked = false;

    for (;;) {
        int32_t c = lexer->lookahead;
        if (!is_field_delimiter(lexer) && !is_blank(c) && c != '\\' && !is_sigil(c)) {
            advance(lexer);
            unmarked = true;
            any = true;
            continue;
        }
        if (unmarked) {
            lexer->mark_end(lexer);
            unmarked = false;
        }
        if (is_field_delimiter(lexer))
            break;
        if (is_blank(c)) {
            advance(lexer);
            continue;
        }
        if (c == '\\') {
            bool blanks = false;
            advance(lexer);
            if (!any)
                lexer->mark_end(lexer);
            while (is_blank(lexer->lookahead)) {
                advance(lexer);
                blanks = true;
            }
            if (at_line_end(lexer) || lexer->lookahead == ';') {
                if (any)
                    break;
                scanner->pending_join = true;
                lexer->result_symbol = LINE_CONTINUATION;
                return true;
            }
            if (!blanks) {
                lexer->mark_end(lexer);
                any = true;
                continue;
            }
            if (!any) {
                any = true;
                continue;
            }
            /* `a\ ,`: the text ends before the `\`; the `\` comes next. */
            if (is_field_delimiter(lexer))
                break;
            continue;
        }
        if (is_sigil(c)) {
            if (scan_placeholder(lexer)) {
                if (any)
                    break;
                lexer->mark_end(lexer);
                lexer->result_symbol = PLACEHOLDER;
                return valid[PLACEHOLDER];
            }
            lexer->mark_end(lexer);
            any = true;
            continue;
        }
    }
    lexer->result_symbol = TEXT;
    return any && valid[TEXT];
}

/* `;` to the end of the line. NUL bytes are part of the comment. */
static bool scan_comment(TSLexer *lexer)
{
    while (!at_line_end(lexer))
        advance(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = COMMENT;
    return true;
}

static bool scan(Scanner *scanner, TSLexer *lexer, const bool *valid)
{
    bool recovering = valid[ERROR_SENTINEL];

    if (!recovering && valid[STRING_CONTENT])
        return scan_string(lexer, valid);
    if (!recovering && valid[SECTION_TEXT])
        return scan_section_name(lexer, valid);

    while (is_blank(lexer->lookahead))
        lexer->advance(lexer, true);
    int32_t c = lexer->lookahead;
    bool eof = lexer->eof(lexer);

    if (scanner->pending_join) {
        if (c == ';' && !eof)
            return scan_comment(lexer); /* then the line end it owes */
        scanner->pending_join = false;
        if (at_newline(lexer)) {
            consume_newline(lexer);
            lexer->mark_end(lexer);
            lexer->result_symbol = CONTINUATION_NEWLINE;
            return true;
        }
    }

    /* Zero-width tokens never come out during error recovery, where every
     * symbol is "valid": they could be inserted endlessly. */
    if (!recovering) {
        bool ends_field = c == ',' || c == ';' || at_line_end(lexer);
        if (valid[FIELD_EMPTY] && ends_field) {
            lexer->mark_end(lexer);
            lexer->result_symbol = FIELD_EMPTY;
            return true;
        }
        if (valid[LEAD_EMPTY] && c == ',' && !eof) {
            lexer->mark_end(lexer);
            lexer->result_symbol = LEAD_EMPTY;
            return true;
        }
    }

    /* A comment starts wherever a line or a field could go on; inside a
     * %token% name (`%a;b%`) the `;` is part of the name. */
    if (c == ';' && !eof &&
        (recovering || valid[TEXT] || valid[LINE_END] || valid[BLANK_LINE] || valid[FIELD_EMPTY] ||
         valid[LEAD_EMPTY] || valid[HEADER_TRAILER]))
        return scan_comment(lexer);

    if (eof || c == CTRL_Z) {
        if (valid[LINE_END] && !recovering) {
            lexer->mark_end(lexer);
            lexer->result_symbol = LINE_END;
            return true;
        }
        if (!eof && valid[EOF_MARKER]) {
            while (!lexer->eof(lexer))
                advance(lexer);
            lexer->mark_end(lexer);
            lexer->result_symbol = EOF_MARKER;
            return true;
        }
        return false;
    }

    if (c == '\r' || c == '\n') {
        if (valid[LINE_END] || valid[BLANK_LINE]) {
            consume_newline(lexer);
            lexer->mark_end(lexer);
            lexer->result_symbol = valid[LINE_END] ? LINE_END : BLANK_LINE;
            return true;
        }
        return false;
    }

    if (valid[HEADER_TRAILER] && !recovering) {
        /* SetupAPI ignores the rest of a header line; a comment there is
         * still shown as a comment. */
        while (!at_line_end(lexer) && lexer->lookahead != ';') {
            bool blank = is_blank(lexer->lookahead);
            advance(lexer);
            if (!blank)
                lexer->mark_end(lexer);
        }
        lexer->result_symbol = HEADER_TRAILER;
        return true;
    }

    if (c == '[' && valid[SECTION_OPEN]) {
        advance(lexer);
        lexer->mark_end(lexer);
        lexer->result_symbol = SECTION_OPEN;
        return true;
    }

    if (c == '%' && (valid[TOKEN_OPEN] || valid[PERCENT_ESCAPE]))
        return finish_percent(lexer, valid, TEXT);

    if (valid[TEXT] || valid[LINE_CONTINUATION])
        return scan_field_text(scanner, lexer, valid);
    return false;
}

void *tree_sitter_inf_external_scanner_create(void)
{
    Scanner *scanner = calloc(1, sizeof *scanner);
    if (!scanner)
        abort();
    return scanner;
}

void tree_sitter_inf_external_scanner_destroy(void *payload)
{
    free(payload);
}

unsigned tree_sitter_inf_external_scanner_serialize(void *payload, char *buffer)
{
    Scanner *scanner = payload;
    buffer[0] = (char)scanner->pending_join;
    return 1;
}

void tree_sitter_inf_external_scanner_deserialize(void *payload, const char *buffer,
                                                  unsigned length)
{
    Scanner *scanner = payload;
    scanner->pending_join = length > 0 && buffer[0] != 0;
}

bool tree_sitter_inf_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid)
{
    return scan(payload, lexer, valid);
}
