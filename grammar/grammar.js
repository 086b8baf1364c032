/**
 * @file Windows driver INF files (SetupAPI syntax), including .inx templates.
 * @license MIT
 *
 * The lexical rules follow SetupAPI as documented in the Windows driver docs
 * and as implemented by Wine/ReactOS setupapi/parser.c. They are context
 * sensitive (a `\` is text or a line continuation depending on what follows
 * it on the line, `%` opens a token only if it is closed on the same line,
 * `]` ends a section name but is text in a value, empty fields are
 * zero-width), so the small external scanner in src/scanner.c produces the
 * tokens that need that context. See README.md for the node types.
 */

/* eslint-disable arrow-parens */
/* eslint-disable camelcase */
/* eslint-disable-next-line spaced-comment */
/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

module.exports = grammar({
  name: 'inf',

  // The order must match enum TokenType in src/scanner.c.
  externals: $ => [
    $._line_end, // CRLF / LF / CR after an entry or header; zero-width at EOF or Ctrl-Z
    $._blank_line, // the line end of an empty or comment-only line
    $.text, // an unquoted run inside a key or field
    $._section_text, // an unquoted run inside a section name
    $.string_content, // a run inside "..."
    $._token_open, // the `%` that opens a %token% (only if it is closed on the line)
    $.percent_escape, // %%
    $.placeholder, // $ARCH$, @VAR@, #VAR#, !VAR!
    $._field_empty, // zero-width empty field after a comma
    $._lead_empty, // zero-width empty first field (the value starts with a comma)
    $._section_open, // `[` at the start of a line
    $.header_trailer, // text after `]` on a header line
    $.line_continuation, // `\` as the last non-blank, non-comment character
    $._continuation_newline, // the line end joined by a line continuation
    $.eof_marker, // Ctrl-Z and everything after it
    $.comment, // `;` to the end of the line, where a comment can start
    $.quote_escape, // "" inside a string
    $._string_unclosed, // zero-width end of a string that the line end closes
    $._error_sentinel, // never in a rule: tells the scanner it runs in error recovery
  ],

  extras: $ => [
    /[ \t\f\v\uFEFF]+/,
    $.comment,
    $.line_continuation,
    $._continuation_newline,
  ],

  rules: {
    source_file: $ => seq(
      repeat($._line),
      repeat($.section),
      optional($.eof_marker),
    ),

    _line: $ => choice(
      seq($.entry, $._line_end),
      $._blank_line,
    ),

    section: $ => seq(
      $.section_header,
      $._line_end,
      repeat($._line),
    ),

    section_header: $ => seq(
      alias($._section_open, '['),
      optional($.section_name),
      ']',
      optional($.header_trailer),
    ),

    section_name: $ => repeat1(choice(
      alias($._section_text, $.text),
      $.string,
      $.token,
      $.percent_escape,
      $.placeholder,
    )),

    // The key is everything before the first `=` that comes before any
    // comma; an `=` inside a value is data. Both start with the same pieces,
    // so the choice is made when the `=` (key) or a `,`/line end (value)
    // arrives.
    entry: $ => choice(
      seq($.key, '=', optional($.value)),
      $.value,
    ),

    key: $ => prec(1, $._pieces),

    // The fields after the first are a left-recursive chain rather than a
    // repeat: tree-sitter builds a repeat of n items from 2n - 1 hidden
    // nodes (each item, then a binary tree over them), this from n. Fewer
    // nodes make parsing faster and the trees of a document smaller; left
    // recursion reduces as it goes, so a long line keeps no deep stack.
    value: $ => choice(
      seq($.field, optional($._more_fields)),
      seq(alias($._lead_empty, $.field), $._more_fields),
    ),

    _more_fields: $ => seq(optional($._more_fields), ',', $._field_slot),

    _field_slot: $ => choice($.field, alias($._field_empty, $.field)),

    field: $ => choice(
      seq($._pieces, repeat($._eq_tail)),
      repeat1($._eq_tail),
    ),

    _eq_tail: $ => seq('=', optional($._pieces)),

    _pieces: $ => repeat1($._piece),

    _piece: $ => choice(
      $.text,
      $.string,
      $.token,
      $.percent_escape,
      $.placeholder,
    ),

    string: $ => seq(
      '"',
      repeat(choice(
        $.string_content,
        $.quote_escape,
        $.token,
        $.percent_escape,
        $.placeholder,
      )),
      // SetupAPI ends an unclosed quote at the line end, keeping what it
      // read: the string ends there too, with no closing '"' child.
      choice('"', $._string_unclosed),
    ),

    token: $ => seq(
      alias($._token_open, '%'),
      $.token_name,
      token.immediate('%'),
    ),

    // Must accept exactly what scanner.c checks before it opens a token.
    token_name: _ => token.immediate(/[^%",\x00 \t\r\n\f\v\x1a]+/),
  },
});
