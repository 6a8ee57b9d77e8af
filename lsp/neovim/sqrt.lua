-- sqrt-tools for Neovim: `.sqrt` files get the `sqrt` filetype and the sqrt-tools
-- language server (`sqrt lsp`). No plugin needed; works on Neovim 0.7 and later.
--
-- Put this file on your runtimepath as lua/sqrt.lua (for example
-- ~/.config/nvim/lua/sqrt.lua) and call, in init.lua:
--
--   require("sqrt").setup()
--   require("sqrt").setup({ cmd = { "/path/to/venv/bin/sqrt", "lsp" }, format_on_save = true })
local M = {}

M.defaults = {
  -- The server command; point it at a virtual environment's `sqrt` if it is not on PATH.
  cmd = { "sqrt", "lsp" },
  -- The workspace root is the nearest directory holding one of these (else the file's).
  root_markers = { "sqrt.toml", "pyproject.toml", ".git" },
  -- Answers to the server's workspace/configuration requests for the section "sqrt";
  -- sqrt.toml / pyproject.toml [tool.sqrt] are read by the server itself.
  settings = {},
  -- Format through the server before each write.
  format_on_save = false,
  -- Called as on_attach(client, bufnr) when the server attaches to a buffer.
  on_attach = nil,
}

-- Neovim 0.7 has no vim.lsp.start: there we keep one client per root directory.
local clients_by_root = {}

local function find_root(path, markers)
  local directory = vim.fn.fnamemodify(path, ":p:h")
  for _, marker in ipairs(markers) do
    local file = vim.fn.findfile(marker, directory .. ";")
    if file ~= "" then
      return vim.fn.fnamemodify(file, ":p:h")
    end
    local folder = vim.fn.finddir(marker, directory .. ";")
    if folder ~= "" then
      return vim.fn.fnamemodify(folder, ":p:h:h")
    end
  end
  return directory
end

--- Formats a buffer (default: the current one) through the language server, waiting
--- for the result; works on every Neovim version this file supports.
function M.format(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  if vim.lsp.buf.format then
    vim.lsp.buf.format({ bufnr = bufnr, async = false, timeout_ms = 5000, name = "sqrt" })
  else
    vim.api.nvim_buf_call(bufnr, function()
      vim.lsp.buf.formatting_sync(nil, 5000)
    end)
  end
end

local function start(bufnr, options)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local config = {
    name = "sqrt",
    cmd = options.cmd,
    root_dir = find_root(name ~= "" and name or vim.fn.getcwd() .. "/", options.root_markers),
    settings = { sqrt = options.settings },
    on_attach = options.on_attach,
  }
  if vim.lsp.start then
    -- Neovim 0.8+: reuses the running client with the same name and root directory.
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients_by_root[config.root_dir]
  local client = id and vim.lsp.get_client_by_id(id)
  if client == nil or client.is_stopped() then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(options)
  -- A shallow merge: a `cmd` or `root_markers` list given here replaces the default whole.
  options = vim.tbl_extend("force", M.defaults, options or {})
  local group = vim.api.nvim_create_augroup("sqrt_tools", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = "*.sqrt",
    command = "setfiletype sqrt",
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "sqrt",
    callback = function(event)
      vim.bo[event.buf].commentstring = "// %s"
      vim.bo[event.buf].comments = "s1:/*,mb:*,ex:*/,:///,://"
      start(event.buf, options)
      if options.format_on_save then
        vim.api.nvim_create_autocmd("BufWritePre", {
          group = group,
          buffer = event.buf,
          callback = function()
            M.format(event.buf)
          end,
        })
      end
    end,
  })
end

return M
