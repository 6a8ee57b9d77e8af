-- sqrt-tools for Neovim 0.11 and later, with Neovim's own LSP configuration
-- (vim.lsp.config / vim.lsp.enable): paste into init.lua. No plugin needed.
-- Try it without touching your configuration:
--
--   nvim --clean -u lsp/neovim/nvim-0.11.lua examples/payments.sqrt
vim.filetype.add({ extension = { sqrt = "sqrt" } })
vim.api.nvim_create_autocmd("FileType", {
  pattern = "sqrt",
  callback = function(event)
    vim.bo[event.buf].commentstring = "// %s"
  end,
})

vim.lsp.config("sqrt", {
  -- Point it at a virtual environment's `sqrt` if it is not on PATH.
  cmd = { "sqrt", "lsp" },
  filetypes = { "sqrt" },
  root_markers = { "sqrt.toml", "pyproject.toml", ".git" },
})
vim.lsp.enable("sqrt")
