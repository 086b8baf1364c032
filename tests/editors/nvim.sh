#!/bin/sh
# Real-client test in Neovim (headless, no user config). Exit 77 = skipped.
#   tests/editors/nvim.sh INF_LS_BINARY SOURCE_DIR
set -u
server=$1 src=$2
command -v nvim >/dev/null 2>&1 || { echo "SKIP: nvim is not installed (apt-get install neovim)"; exit 77; }
nvim --headless -u NONE -c 'lua if vim.fn.has("nvim-0.7") == 0 then vim.cmd("cquit 3") end' -c 'qall!' \
  || { echo "SKIP: $(nvim --version | head -1) is older than 0.7"; exit 77; }
nvim --version | head -1
INFLS_SERVER=$server INFLS_EXAMPLE=$src/examples/legacy.inf INFLS_NVIM_DIR=$src/editors/nvim \
  exec nvim --headless -u NONE -i NONE -c "luafile $src/tests/editors/nvim/inf_ls_spec.lua"
