"""A hostile run for the report's tests and `bench/report.py`: markup, scripts,
`javascript:` links and control characters in every value, and many variables."""

from __future__ import annotations

import json

HOSTILE_TEXTS = (
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<a href="javascript:window.__pwned=3">click</a>',
    "\x1b[31mred\x1b[0m\x00\x07\u202edesrever",
    "</pre></td></table><h1>injected</h1>",
    "\u2028<!-- -->]]>",
)


def hostile_run(variables: int) -> str:
    """A bare result document (JSON) whose program binds `variables` variables, each
    read by the next, and sends the last one to a tool that denied it."""
    lines = [f'v0 = fetch(url="{json.dumps(HOSTILE_TEXTS[2])[1:-1]}")']
    lines += [f"v{index} = v{index - 1}" for index in range(1, variables)]
    lines.append(f"send_email(to='x@example.com', body=v{variables - 1})")
    meta = {"tags": ["secret", "<b>tag</b>"], "consumers": ["*"], "producers": ["fetch"]}
    snapshot = {
        f"v{index}": {"value": HOSTILE_TEXTS[index % len(HOSTILE_TEXTS)], "meta": meta}
        for index in range(variables)
    }
    message = (
        "Tool call send_email denied by argument checking policies. Check results: "
        "{'final_verdict': 'hard_denied', 'tool_name': 'send_email', 'policy_results': "
        "[{'policy': 'send_email', 'rule': 'must deny when body.tags overlaps {\"secret\"}"
        " <script>x</script>', 'outcome': 'deny', 'enforcement': 'hard'}]}"
    )
    document = {
        "status": "failure",
        "final_return_value": None,
        "program": "\n".join(lines) + "\n",
        "namespace_snapshot": snapshot,
        "error": {"code": "tool_call_denied", "message": message},
    }
    return json.dumps(document)
