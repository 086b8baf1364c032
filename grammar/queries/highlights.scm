; Windows driver INF highlights (nvim-treesitter capture names).

(comment) @comment @spell

(header_trailer) @comment

(eof_marker) @comment

(section_header
  [
    "["
    "]"
  ] @punctuation.bracket)

(section_name
  (text) @type)

(section_name
  (string) @type)

(key
  (text) @property)

; Strings-section keys and Models keys are often %tokens%: keep them as
; tokens below, which are more specific.
"=" @operator

"," @punctuation.delimiter

(string) @string

(quote_escape) @string.escape

(percent_escape) @string.escape

(token
  "%" @punctuation.special)

(token
  (token_name) @variable)

; %11%, %12%, %13%...: directory ids.
(token
  (token_name) @constant.builtin
  (#match? @constant.builtin "^[0-9]+$"))

(placeholder) @constant.macro

(line_continuation) @punctuation.special

((field
  (text) @number)
  (#match? @number "^([0-9]+|0[xX][0-9A-Fa-f]+)$"))

; {GUID}
((field
  (text) @string.special)
  (#match? @string.special "^\\{[0-9A-Fa-f-]+\\}$"))

; Registry roots in add-registry and del-registry lines.
((value
  .
  (field
    .
    (text) @constant.builtin .))
  (#match? @constant.builtin "^(HKR|HKCR|HKCU|HKLM|HKU)$"))
