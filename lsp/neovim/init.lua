-- A complete, minimal Neovim configuration for SQRT, to try sqrt-tools without touching
-- your own configuration:
--
--   nvim --clean -u lsp/neovim/init.lua examples/payments.sqrt
--
-- It loads sqrt.lua from this folder and maps the usual LSP keys in .sqrt buffers.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*[/\\])") or "./"
package.path = here .. "?.lua;" .. package.path

vim.o.signcolumn = "yes"
vim.diagnostic.config({ virtual_text = true, severity_sort = true })

require("sqrt").setup({
  on_attach = function(_, bufnr)
    local function map(keys, action, description)
      vim.keymap.set("n", keys, action, { buffer = bufnr, desc = description })
    end
    map("K", vim.lsp.buf.hover, "SQRT: hover")
    map("gd", vim.lsp.buf.definition, "SQRT: go to definition")
    map("gr", vim.lsp.buf.references, "SQRT: references")
    map("<leader>rn", vim.lsp.buf.rename, "SQRT: rename")
    map("<leader>ca", vim.lsp.buf.code_action, "SQRT: code actions")
    map("<leader>f", function()
      require("sqrt").format(bufnr)
    end, "SQRT: format")
    map("[d", vim.diagnostic.goto_prev, "previous diagnostic")
    map("]d", vim.diagnostic.goto_next, "next diagnostic")
  end,
})
