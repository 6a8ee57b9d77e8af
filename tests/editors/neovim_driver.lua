-- Drives a headless Neovim for tests/editors/test_neovim.py, after lsp/neovim/init.lua
-- has set up sqrt-tools and the policy under test is open in the current buffer:
-- waits for the server to attach and publish diagnostics, records them, formats the
-- buffer through the server and records the result, then writes everything as JSON to
-- $SQRT_NVIM_RESULT and quits. Every step is bounded by $SQRT_NVIM_TIMEOUT_MS.
local result_path = assert(os.getenv("SQRT_NVIM_RESULT"), "SQRT_NVIM_RESULT is not set")
local timeout = tonumber(os.getenv("SQRT_NVIM_TIMEOUT_MS") or "20000")
local bufnr = vim.api.nvim_get_current_buf()
-- vim.uv from 0.10 on; 0.7 has only vim.loop.
local uv = vim.uv or vim.loop
local result = {
  nvim = vim.version(),
  filetype = vim.bo[bufnr].filetype,
  commentstring = vim.bo[bufnr].commentstring,
  clients = {},
  diagnostics = {},
  steps = {},
}

local function finish()
  local file = assert(io.open(result_path, "w"))
  file:write(vim.json.encode(result))
  file:close()
  vim.cmd("qall!")
end

local function attached_clients()
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local function step(name, ok)
  table.insert(result.steps, { name = name, ok = ok })
  return ok
end

local ok, failure = pcall(function()
  if not step("attach", vim.wait(timeout, function()
    return #attached_clients() > 0
  end, 50)) then
    return
  end
  for _, client in ipairs(attached_clients()) do
    table.insert(result.clients, { name = client.name, offset_encoding = client.offset_encoding })
  end

  if not step("diagnostics", vim.wait(timeout, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 50)) then
    return
  end
  -- The server may publish again (a later pass, a debounced change): take the
  -- diagnostics once they have stayed the same for half a second.
  local last, stable_since = vim.inspect(vim.diagnostic.get(bufnr)), uv.now()
  vim.wait(timeout, function()
    local now = vim.inspect(vim.diagnostic.get(bufnr))
    if now ~= last then
      last, stable_since = now, uv.now()
    end
    return uv.now() - stable_since >= 500
  end, 50)
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = (diagnostic.user_data or {}).lsp or {}
    table.insert(result.diagnostics, {
      lnum = diagnostic.lnum,
      col = diagnostic.col,
      end_lnum = diagnostic.end_lnum,
      end_col = diagnostic.end_col,
      severity = diagnostic.severity,
      message = diagnostic.message,
      code = diagnostic.code or lsp.code,
      source = diagnostic.source,
    })
  end

  result.before_format = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  -- The server's own answer to a formatting request, to tell "no edits" from "no answer".
  local responses = vim.lsp.buf_request_sync(
    bufnr, "textDocument/formatting", vim.lsp.util.make_formatting_params({}), timeout)
  result.format_response = { answered = false }
  for _, response in pairs(responses or {}) do
    result.format_response = {
      answered = response.err == nil,
      error = response.err and response.err.message or nil,
      edits = type(response.result) == "table" and #response.result or 0,
    }
  end
  -- The call the brief asks for where it exists (0.8+); 0.7 has formatting_sync.
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = bufnr, async = false, timeout_ms = timeout })
  else
    vim.lsp.buf.formatting_sync(nil, timeout)
  end
  step("format", true)
  result.after_format = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end)
if not ok then
  result.error = tostring(failure)
end
finish()
