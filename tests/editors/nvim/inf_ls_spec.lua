-- Real-client test: Neovim's built-in LSP client (0.7+) talking to inf-ls.
--
--   INFLS_SERVER=build/server/inf-ls INFLS_EXAMPLE=examples/legacy.inf \
--   INFLS_NVIM_DIR=editors/nvim nvim --headless -u NONE -c 'luafile tests/editors/nvim/inf_ls_spec.lua'
--
-- Opens a temp copy of the legacy example through editors/nvim's setup, then
-- checks, through the client: diagnostics, hover, completion, a quick fix,
-- go to definition and rename.
-- Exits 0 when every check passes, 1 otherwise.

local server = assert(os.getenv('INFLS_SERVER'), 'INFLS_SERVER not set')
local example = assert(os.getenv('INFLS_EXAMPLE'), 'INFLS_EXAMPLE not set')
local nvim_dir = assert(os.getenv('INFLS_NVIM_DIR'), 'INFLS_NVIM_DIR not set')
local timeout = tonumber(os.getenv('INFLS_TIMEOUT_MS') or '20000')

vim.opt.runtimepath:prepend(nvim_dir)
vim.opt.swapfile = false
vim.opt.shortmess:append('A')

local failures = 0
local function log(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. '\n')
end
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    log('ok - %s', name)
  else
    failures = failures + 1
    log('not ok - %s\n  %s', name, tostring(err):gsub('\n', '\n  '))
  end
  return ok
end
local function finish()
  log('%s', failures == 0 and 'PASS' or string.format('FAIL (%d failed)', failures))
  io.stdout:flush()
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

-- Work on a temp copy: the quick fix edits the buffer.
local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
local path = dir .. '/legacy.inf'
vim.fn.writefile(vim.fn.readfile(example, 'b'), path, 'b')

local function find_line(bufnr, pattern)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line:match(pattern) then
      return i - 1, line
    end
  end
  error('no line matches ' .. pattern)
end

local function dirid13_findings(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if code == 'dirid-not-13' then
      table.insert(out, d)
    end
  end
  return out
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  assert(responses, method .. ': ' .. tostring(err))
  for _, r in pairs(responses) do
    assert(not r.error, method .. ' error: ' .. vim.inspect(r.error))
    return r.result
  end
  error(method .. ': no response')
end

local function run()
  local inf_ls = require('inf_ls')
  inf_ls.setup({ cmd = { server } })
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()

  local started = check('filetype is inf and inf-ls attaches', function()
    assert(vim.bo[bufnr].filetype == 'inf', 'filetype is ' .. vim.bo[bufnr].filetype)
    local attached = vim.wait(timeout, function()
      for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
        if c.name == 'inf_ls' and c.initialized then
          return true
        end
      end
      return false
    end, 50)
    assert(attached, 'no initialized inf_ls client on the buffer')
  end)
  if not started then
    return
  end

  local dest_row = find_line(bufnr, '^Widget_CopyFiles%s*=%s*12%s*$')
  local sb_row, sb_line = find_line(bufnr, '^ServiceBinary%s*=%s*%%12%%\\fabrikam%.sys')

  check('diagnostics: dirid-not-13 (InfVerif 1322) on the DestinationDirs line', function()
    local got = vim.wait(timeout, function()
      return #dirid13_findings(bufnr) > 0
    end, 50)
    assert(got, 'no dirid-not-13 diagnostic; got: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
    local on_line
    for _, d in ipairs(dirid13_findings(bufnr)) do
      if d.lnum == dest_row then
        on_line = d
      end
    end
    assert(on_line, 'no dirid-not-13 on line ' .. (dest_row + 1) .. ': ' .. vim.inspect(dirid13_findings(bufnr)))
    assert(on_line.message:find('(InfVerif 1322)', 1, true), 'message: ' .. on_line.message)
    assert(on_line.severity == vim.diagnostic.severity.ERROR, 'severity ' .. tostring(on_line.severity))
    local rows = vim.tbl_map(function(d)
      return tostring(d.lnum + 1)
    end, dirid13_findings(bufnr))
    log('# dirid-not-13 on lines %s; line %d: %s', table.concat(rows, ','), dest_row + 1, on_line.message)
  end)

  check('hover on %12% shows DIRID 12 docs in a floating window', function()
    local col = assert(sb_line:find('%12%', 1, true)) -- 1-based start of %12%
    vim.api.nvim_win_set_cursor(0, { sb_row + 1, col }) -- on the "1"
    vim.lsp.buf.hover()
    local float
    local shown = vim.wait(timeout, function()
      for _, win in ipairs(vim.api.nvim_list_wins()) do
        if vim.api.nvim_win_get_config(win).relative ~= '' then
          float = win
          return true
        end
      end
      return false
    end, 50)
    assert(shown, 'no hover window opened')
    local text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(float), 0, -1, false), '\n')
    assert(text:find('DIRID 12', 1, true), 'hover text: ' .. text)
    assert(text:find('13', 1, true) or text:find('Driver Store', 1, true), 'hover does not mention DIRID 13: ' .. text)
    log('# hover: %s', (text:gsub('\n', ' | ')):sub(1, 200))
    vim.api.nvim_win_close(float, true)
  end)

  check('completion in the flags field of an HKR line offers FLG_ADDREG_TYPE_EXPAND_SZ', function()
    local row, line = find_line(bufnr, '^HKR,,FriendlyName,,')
    local col = select(2, line:find('^HKR,,FriendlyName,')) -- 0-based: just after the third comma
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      position = { line = row, character = col },
      context = { triggerKind = 1 },
    }
    local result = request(bufnr, 'textDocument/completion', params)
    assert(result, 'no completion result')
    local items = result.items or result
    local item
    for _, it in ipairs(items) do
      if it.label == 'FLG_ADDREG_TYPE_EXPAND_SZ' then
        item = it
      end
    end
    assert(item, 'no FLG_ADDREG_TYPE_EXPAND_SZ among ' .. #items .. ' items')
    local insert = item.textEdit and item.textEdit.newText or item.insertText
    assert(insert == '0x00020000', 'inserts ' .. tostring(insert))
    -- What the client's omnifunc would offer and insert.
    local complete_items = vim.lsp.util.text_document_completion_list_to_complete_items(result, '')
    local word
    for _, ci in ipairs(complete_items) do
      if ci.abbr == 'FLG_ADDREG_TYPE_EXPAND_SZ' then
        word = ci.word
      end
    end
    assert(word == '0x00020000', 'complete-item word ' .. tostring(word))
    log('# completion: %d items, FLG_ADDREG_TYPE_EXPAND_SZ -> %s', #items, insert)
  end)

  check('quick fix "Run from Driver Store" applied through the client', function()
    local version_before = vim.lsp.util.buf_versions[bufnr]
    local line_diags = {}
    for _, d in ipairs(dirid13_findings(bufnr)) do
      if d.lnum == dest_row then
        table.insert(line_diags, {
          range = {
            start = { line = d.lnum, character = d.col },
            ['end'] = { line = d.end_lnum, character = d.end_col },
          },
          severity = d.severity,
          message = d.message,
          code = d.code,
          source = d.source,
        })
      end
    end
    local params = {
      textDocument = vim.lsp.util.make_text_document_params(bufnr),
      range = { start = { line = dest_row, character = 0 }, ['end'] = { line = dest_row, character = 0 } },
      context = { diagnostics = line_diags },
    }
    local actions = request(bufnr, 'textDocument/codeAction', params) or {}
    local action
    for _, a in ipairs(actions) do
      if a.kind == 'quickfix' and type(a.title) == 'string' and a.title:find('^Run from Driver Store') then
        action = a
        break
      end
    end
    local titles = vim.tbl_map(function(a)
      return tostring(a.kind) .. ': ' .. tostring(a.title)
    end, actions)
    assert(action, 'no "Run from Driver Store" quickfix; got ' .. vim.inspect(titles))
    if not action.edit and action.data ~= nil then
      action = request(bufnr, 'codeAction/resolve', action)
    end
    assert(action.edit, 'action has no edit')
    vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')

    local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
    local dest = lines[dest_row + 1]
    assert(dest:match('^Widget_CopyFiles%s*=%s*13%s*$'), 'DestinationDirs line after fix: ' .. dest)
    local sb = lines[sb_row + 1]
    assert(sb:match('^ServiceBinary%s*=%s*%%13%%\\fabrikam%.sys'), 'ServiceBinary line after fix: ' .. sb)
    -- The fix is the client's edit: the server must now see the new text and
    -- drop the finding on that line.
    assert(vim.lsp.util.buf_versions[bufnr] ~= version_before, 'buffer version did not change')
    local cleared = vim.wait(timeout, function()
      for _, d in ipairs(dirid13_findings(bufnr)) do
        if d.lnum == dest_row then
          return false
        end
      end
      return true
    end, 50)
    assert(cleared, 'dirid-not-13 still reported on line ' .. (dest_row + 1) .. ' after the fix')
    log('# after fix: %q / %q', dest, sb)
  end)

  check('go to definition on a section reference lands on its header', function()
    local row, line = find_line(bufnr, '^CopyFiles%s*=%s*Widget_CopyFiles')
    local col = assert(line:find('Widget_CopyFiles', 1, true)) -- 1-based
    vim.api.nvim_win_set_cursor(0, { row + 1, col + 2 })
    local header = find_line(bufnr, '^%[Widget_CopyFiles%]')
    vim.lsp.buf.definition()
    local moved = vim.wait(timeout, function()
      return vim.api.nvim_win_get_cursor(0)[1] == header + 1
    end, 50)
    assert(moved, 'cursor on line ' .. vim.api.nvim_win_get_cursor(0)[1] .. ', header is line ' .. (header + 1))
    log('# definition: line %d -> line %d', row + 1, header + 1)
  end)

  check('rename of a string key changes every use and its [Strings] line', function()
    local function count(pattern)
      local n = 0
      for _, l in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
        local _, k = l:gsub(pattern, '')
        n = n + k
      end
      return n
    end
    local uses = count('%%Widget%.DeviceDesc%%')
    assert(uses >= 2, 'expected at least 2 uses of %Widget.DeviceDesc%, found ' .. uses)
    local row, line = find_line(bufnr, '%%Widget%.DeviceDesc%%')
    local col = assert(line:find('%Widget.DeviceDesc%', 1, true))
    vim.api.nvim_win_set_cursor(0, { row + 1, col + 1 })
    vim.lsp.buf.rename('Widget.Name')
    local done = vim.wait(timeout, function()
      return count('%%Widget%.Name%%') == uses
    end, 50)
    assert(done, count('%%Widget%.Name%%') .. ' uses renamed of ' .. uses)
    assert(count('%%Widget%.DeviceDesc%%') == 0, 'a %Widget.DeviceDesc% was left')
    assert(count('^Widget%.Name%s*=') == 1, 'the [Strings] key was not renamed')
    log('# rename: %d uses and the key renamed to Widget.Name', uses)
  end)

  check('set_settings: a severity override reaches the server (didChangeConfiguration)', function()
    local function sensor_finding()
      for _, d in ipairs(dirid13_findings(bufnr)) do
        if vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]:match('^Sensor_UmdfCopyFiles') then
          return d
        end
      end
    end
    assert(sensor_finding(), 'no dirid-not-13 on the Sensor_UmdfCopyFiles line')
    assert(sensor_finding().severity == vim.diagnostic.severity.ERROR)
    inf_ls.set_settings({ severity = { ['dirid-not-13'] = 'warning' } })
    local ok = vim.wait(timeout, function()
      local d = sensor_finding()
      return d and d.severity == vim.diagnostic.severity.WARN
    end, 50)
    assert(ok, 'severity still ' .. tostring(sensor_finding() and sensor_finding().severity))
    inf_ls.set_settings({ severity = { ['dirid-not-13'] = 'off' } })
    ok = vim.wait(timeout, function()
      return #dirid13_findings(bufnr) == 0
    end, 50)
    assert(ok, 'dirid-not-13 still reported with severity off')
  end)
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  failures = failures + 1
  log('not ok - test script error\n  %s', tostring(err))
end
for _, c in ipairs(vim.lsp.get_active_clients()) do
  c.stop()
end
vim.wait(2000, function()
  return #vim.lsp.get_active_clients() == 0
end, 50)
vim.fn.delete(dir, 'rf')
finish()
