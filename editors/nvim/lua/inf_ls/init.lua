-- inf-ls for Neovim 0.7 and later: filetype detection for Windows driver INF
-- files and the built-in LSP client wired to the inf-ls server.
--
--   require('inf_ls').setup({
--     cmd = { '/path/to/inf-ls' },          -- default: inf-ls from PATH
--     settings = { profile = 'isolated', severity = { ['pnplockdown-missing'] = 'warning' } },
--   })
--
-- Or, with nvim-lspconfig: require('inf_ls').register_lspconfig() then
-- require('lspconfig').inf_ls.setup({}).
local M = {}

-- An empty Lua table is encoded as a JSON array; the server wants an object.
local function empty_object()
  return vim.empty_dict and vim.empty_dict() or {}
end

local function default_settings()
  return { profile = 'isolated', severity = empty_object() }
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':p:h')
end

--- The project root of an INF file: the nearest ancestor with a .git entry,
--- else the file's own directory.
function M.root_dir(fname)
  local dir = dirname(fname)
  local git = vim.fn.finddir('.git', dir .. ';')
  if git == '' then
    git = vim.fn.findfile('.git', dir .. ';')
  end
  if git ~= '' then
    return dirname(vim.fn.fnamemodify(git, ':p:h'))
  end
  return dir
end

-- The nvim-lspconfig style description of the server. Fields are those of
-- vim.lsp.start_client / vim.lsp.start; `settings` is the object inf-ls reads
-- from initializationOptions and workspace/didChangeConfiguration.
M.config = {
  name = 'inf_ls',
  cmd = { 'inf-ls' },
  filetypes = { 'inf' },
  root_dir = M.root_dir,
  single_file_support = true,
  settings = default_settings(),
  docs = {
    description = 'inf-ls: language server for Windows driver INF files (driver package isolation, InfVerif rules).',
  },
}

local active = {} -- root_dir -> client id, for Neovim 0.7 (no vim.lsp.start)
local user = {}

local function merged_settings()
  local s = vim.tbl_deep_extend('force', default_settings(), user.settings or {})
  if next(s.severity) == nil then
    s.severity = empty_object()
  end
  return s
end

--- The table given to vim.lsp.start / vim.lsp.start_client for one buffer.
function M.client_config(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local settings = merged_settings()
  local root = (user.root_dir or M.config.root_dir)(fname)
  local cfg = {
    name = M.config.name,
    cmd = user.cmd or M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = settings,
    settings = settings,
    capabilities = user.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = user.on_attach,
    handlers = user.handlers,
    flags = user.flags or { debounce_text_changes = 150 },
  }
  -- Neovim answers workspace/configuration from `settings` by section path,
  -- and sends them with didChangeConfiguration after `initialize` (0.7+).
  return cfg
end

--- Starts (or reuses) the inf-ls client for `bufnr` and attaches it.
--- Returns the client id, or nil when the server could not start.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local cfg = M.client_config(bufnr)
  if vim.lsp.start then -- 0.8+: reuses a client with the same name and root
    return vim.lsp.start(cfg, { bufnr = bufnr })
  end
  local id = active[cfg.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or client.is_stopped() then
    id = vim.lsp.start_client(cfg)
    if not id then
      vim.notify('inf-ls: could not start ' .. table.concat(cfg.cmd, ' '), vim.log.levels.ERROR)
      return nil
    end
    active[cfg.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Every running inf-ls client.
function M.clients()
  local out = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, c in ipairs(all) do
    if c.name == M.config.name then
      table.insert(out, c)
    end
  end
  return out
end

--- Changes profile/severity at run time: sends workspace/didChangeConfiguration.
function M.set_settings(settings)
  user.settings = vim.tbl_deep_extend('force', user.settings or {}, settings)
  local s = merged_settings()
  for _, c in ipairs(M.clients()) do
    c.config.settings = s
    if vim.fn.has('nvim-0.11') == 1 then
      c:notify('workspace/didChangeConfiguration', { settings = s })
    else
      c.notify('workspace/didChangeConfiguration', { settings = s })
    end
  end
end

--- Sets the filetype of *.inf and *.inx to `inf` (Neovim says `inform`).
function M.filetype()
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({ extension = { inf = 'inf', INF = 'inf', inx = 'inf', INX = 'inf' } })
  end
  -- 0.7 only uses vim.filetype.add with g:do_filetype_lua; the autocommand
  -- covers it, and runs after the default detection when both are active.
  vim.cmd([[
    augroup inf_ls_filetype
      autocmd!
      autocmd BufRead,BufNewFile *.inf,*.INF,*.inx,*.INX set filetype=inf
    augroup END
  ]])
end

--- setup({ cmd, settings, on_attach, capabilities, handlers, root_dir, autostart })
function M.setup(opts)
  user = vim.tbl_extend('force', {}, opts or {})
  M.filetype()
  vim.cmd([[
    augroup inf_ls_start
      autocmd!
    augroup END
  ]])
  if user.autostart ~= false then
    vim.cmd([[
      augroup inf_ls_start
        autocmd FileType inf lua require('inf_ls').start(tonumber(vim.fn.expand('<abuf>')))
      augroup END
    ]])
  end
  -- Buffers opened before setup() ran.
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) then
      local name = vim.api.nvim_buf_get_name(b)
      if name:lower():match('%.in[fx]$') then
        vim.bo[b].filetype = 'inf'
      end
    end
  end
end

--- Registers `inf_ls` with nvim-lspconfig, for require('lspconfig').inf_ls.setup{}.
function M.register_lspconfig()
  local ok, configs = pcall(require, 'lspconfig.configs')
  if not ok then
    error('inf_ls: nvim-lspconfig is not installed')
  end
  M.filetype()
  if not configs.inf_ls then
    local util = require('lspconfig.util')
    configs.inf_ls = {
      default_config = {
        cmd = M.config.cmd,
        filetypes = M.config.filetypes,
        root_dir = function(fname)
          return util.find_git_ancestor(fname) or dirname(fname)
        end,
        single_file_support = true,
        init_options = default_settings(),
        settings = default_settings(),
      },
      docs = M.config.docs,
    }
  end
  return configs.inf_ls
end

return M
