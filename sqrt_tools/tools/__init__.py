"""The agent's tools: definitions read from OpenAI, Anthropic and MCP files, with positions.

- `definitions`: `ToolDefinition`, `load_tools`, `parse_tools` (one model for every shape).
- `catalog`: `ToolCatalog`, `load_catalog`: the tools of one agent, by name, cached.
- `positions`: where each tool and parameter is written in its file.

Below both the linter (rules that check a policy against the tools) and the service
client (which sends them to `/policy-gen`), so neither imports the other for them.
"""
