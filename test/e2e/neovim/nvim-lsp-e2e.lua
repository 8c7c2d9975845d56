-- Headless Neovim as a real LSP client for an end-to-end check of a stdio language server.
-- Usage:
--   LSP_CMD='node dist/server.js --stdio' LSP_TARGET=path/to/file.ts [LSP_ROOT=dir] [LSP_OUT=result.json] \
--   [LSP_EXPECT_CODE=rate-over-quota] [LSP_APPLY_FIRST_ACTION=1] nvim --headless -n -i NONE -u nvim-lsp-e2e.lua
-- Prints (or writes to LSP_OUT) one JSON object: diagnostics and the code actions offered at the first
-- diagnostic (the first one whose code is LSP_EXPECT_CODE, if set). With LSP_APPLY_FIRST_ACTION=1 it also
-- applies the first action that carries an edit (buffer only, not saved) and reports the buffer before and
-- after, the edit, and the diagnostics republished after the change.
-- Exits 0 when diagnostics arrived, 1 otherwise. Neovim 0.7 (vim.lsp.start_client) and 0.8+ (vim.lsp.start).
local cmd = vim.split(assert(os.getenv('LSP_CMD'), 'set LSP_CMD'), ' ', { trimempty = true })
local target = assert(os.getenv('LSP_TARGET'), 'set LSP_TARGET')
local out = os.getenv('LSP_OUT')
local expect_code = os.getenv('LSP_EXPECT_CODE')
local timeout = tonumber(os.getenv('LSP_TIMEOUT_MS') or '15000')
local json_encode = (vim.json and vim.json.encode) or vim.fn.json_encode

local function finish(result, code)
  local text = json_encode(result)
  if out and out ~= '' then
    local f = assert(io.open(out, 'w')); f:write(text, '\n'); f:close()
  else
    io.stdout:write(text, '\n')
  end
  vim.cmd(code == 0 and 'qa!' or ('cquit ' .. code))
end

local function start_client(bufnr, root)
  local config = { name = 'e2e-lsp', cmd = cmd, root_dir = root,
                   workspace_folders = { { uri = vim.uri_from_fname(root), name = 'root' } } }
  if vim.lsp.start then return vim.lsp.start(config, { bufnr = bufnr }) end -- Neovim >= 0.8
  local id = vim.lsp.start_client(config)                                  -- Neovim 0.7
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function to_lsp(d) -- vim.diagnostic item -> LSP Diagnostic (ASCII columns assumed)
  local lsp = (d.user_data and d.user_data.lsp) or {}
  return { range = { start = { line = d.lnum, character = d.col },
                     ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col } },
           severity = d.severity, message = d.message, source = d.source, code = code_of(d),
           codeDescription = lsp.codeDescription, data = lsp.data }
end

local function lsp_diagnostics(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do table.insert(list, to_lsp(d)) end
  return list
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

local function run()
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(target))
  local bufnr = vim.api.nvim_get_current_buf()
  local root = os.getenv('LSP_ROOT') or vim.fn.getcwd()
  local t0 = vim.loop.hrtime()
  local client_id = start_client(bufnr, root)
  local got = vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  local result = {
    nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch,
    filetype = vim.bo[bufnr].filetype, client_id = client_id,
    ms_to_diagnostics = math.floor((vim.loop.hrtime() - t0) / 1e6),
    diagnostics = lsp_diagnostics(bufnr), code_actions = {},
  }
  if got then
    local chosen = result.diagnostics[1]
    for _, d in ipairs(result.diagnostics) do
      if expect_code and d.code == expect_code then chosen = d; break end
    end
    result.action_diagnostic = chosen
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, range = chosen.range,
                     context = { diagnostics = { chosen } } }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout) or {}
    local to_apply
    for _, resp in pairs(responses) do
      if resp.err then result.code_action_error = resp.err end
      for _, action in ipairs(resp.result or {}) do
        table.insert(result.code_actions, { title = action.title, kind = action.kind, has_edit = action.edit ~= nil,
                                            command = action.command and action.command.command or nil })
        if action.edit and not to_apply then to_apply = action end
      end
    end
    if os.getenv('LSP_APPLY_FIRST_ACTION') == '1' and to_apply then
      local before = vim.diagnostic.get(bufnr)
      result.buffer_before = buffer_text(bufnr)
      vim.lsp.util.apply_workspace_edit(to_apply.edit, 'utf-16')
      result.applied = to_apply.title
      result.applied_edit = to_apply.edit
      result.buffer_after = buffer_text(bufnr)
      result.modified = vim.bo[bufnr].modified
      -- The server re-lints on didChange; wait for the republished diagnostics (or give up after 5 s).
      result.diagnostics_republished = vim.wait(5000, function()
        local now = vim.diagnostic.get(bufnr)
        if #now ~= #before then return true end
        for i, d in ipairs(now) do
          if d.lnum ~= before[i].lnum or d.message ~= before[i].message then return true end
        end
        return false
      end, 50)
      result.diagnostics_after = lsp_diagnostics(bufnr)
    end
  end
  finish(result, got and 0 or 1)
end

vim.api.nvim_create_autocmd('VimEnter', { once = true, callback = function() vim.schedule(run) end })
