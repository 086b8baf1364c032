-- The README's tree-sitter steps, in Neovim 0.7+: load grammar/ as a parser
-- module, parse the example, and run grammar/queries on it.
--
--   INFLS_TS_PARSER=build/tests/editors/inf.so INFLS_SRC=. \
--   nvim --headless -u NONE -c 'luafile tests/editors/nvim/treesitter_spec.lua'
local parser_path = assert(os.getenv('INFLS_TS_PARSER'), 'INFLS_TS_PARSER not set')
local src = assert(os.getenv('INFLS_SRC'), 'INFLS_SRC not set')

local failures = 0
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  io.stdout:write((ok and 'ok - ' or 'not ok - ') .. name .. '\n')
  if not ok then
    failures = failures + 1
    io.stdout:write('  ' .. tostring(err):gsub('\n', '\n  ') .. '\n')
  end
end

local function query(name)
  local text = table.concat(vim.fn.readfile(src .. '/grammar/queries/' .. name .. '.scm'), '\n')
  local parse = vim.treesitter.query and vim.treesitter.query.parse or vim.treesitter.parse_query
  return parse('inf', text)
end

local tree, bufnr
check('the parser module loads', function()
  local add = vim.treesitter.language.add
  if add then
    add('inf', { path = parser_path })
  else
    assert(vim.treesitter.require_language('inf', parser_path))
  end
end)

check('examples/legacy.inf parses without errors', function()
  vim.cmd('edit ' .. vim.fn.fnameescape(src .. '/examples/legacy.inf'))
  bufnr = vim.api.nvim_get_current_buf()
  tree = vim.treesitter.get_parser(bufnr, 'inf'):parse()[1]
  assert(not tree:root():has_error(), 'tree has errors: ' .. tree:root():sexpr():sub(1, 300))
end)

local function captured(q, capture_name)
  local out = {}
  for id, node in q:iter_captures(tree:root(), bufnr, 0, -1) do
    if q.captures[id] == capture_name then
      table.insert(out, vim.treesitter.query.get_node_text and vim.treesitter.query.get_node_text(node, bufnr)
        or vim.treesitter.get_node_text(node, bufnr))
    end
  end
  return out
end

check('highlights.scm: comments and section names are captured', function()
  local q = query('highlights')
  local comments = captured(q, 'comment')
  assert(#comments > 5, 'only ' .. #comments .. ' comments')
  assert(vim.tbl_contains(comments, '; Every file lands in System32\\drivers, outside the Driver Store.'),
    'comment text: ' .. vim.inspect(comments):sub(1, 300))
  local types = captured(q, 'type')
  assert(vim.tbl_contains(types, 'DestinationDirs'), 'section names: ' .. vim.inspect(types):sub(1, 300))
end)

check('folds.scm: one fold per section', function()
  local q = query('folds')
  local sections = 0
  for _, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:match('^%[') then
      sections = sections + 1
    end
  end
  local folds = 0
  for id in q:iter_captures(tree:root(), bufnr, 0, -1) do
    if q.captures[id] == 'fold' then
      folds = folds + 1
    end
  end
  assert(folds == sections, folds .. ' folds for ' .. sections .. ' sections')
end)

io.stdout:write(failures == 0 and 'PASS\n' or 'FAIL\n')
vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
