#!/bin/sh
# editors/nvim/README.md's tree-sitter steps in Neovim: grammar/ as a parser
# module plus grammar/queries. Exit 77 = skipped.
#   tests/editors/nvim-treesitter.sh PARSER_MODULE SOURCE_DIR
set -u
parser=$1 src=$2
command -v nvim >/dev/null 2>&1 || { echo "SKIP: nvim is not installed (apt-get install neovim)"; exit 77; }
nvim --headless -u NONE -c 'lua if vim.fn.has("nvim-0.7") == 0 then vim.cmd("cquit 3") end' -c 'qall!' \
  || { echo "SKIP: $(nvim --version | head -1) is older than 0.7"; exit 77; }
INFLS_TS_PARSER=$parser INFLS_SRC=$src \
  exec nvim --headless -u NONE -i NONE -c "luafile $src/tests/editors/nvim/treesitter_spec.lua"
