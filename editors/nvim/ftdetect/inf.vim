" Neovim maps *.inf to `inform` (Inform 6) by default; Windows driver INF
" files are far more common in the places this runtime path is used.
autocmd BufRead,BufNewFile *.inf,*.INF,*.inx,*.INX set filetype=inf
