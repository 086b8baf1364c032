-- Buffer options for Windows driver INF files.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.bo.commentstring = '; %s'
vim.bo.comments = ':;'
-- INF keys, section names and %tokens% contain dots and backslashes.
vim.bo.iskeyword = '@,48-57,_,.,-,%'
vim.b.undo_ftplugin = 'setlocal commentstring< comments< iskeyword<'
