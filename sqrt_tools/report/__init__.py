"""The run report: one self-contained HTML page for a saved run (or a policy test run),
and the dataflow picture's source (Graphviz dot or Mermaid).

`sqrt_tools.report.graph` builds the picture from the plan analysis, `sqrt_tools.report.page`
renders the page; every piece of text from the run goes through `page.text`, the one
HTML escaping function.
"""
