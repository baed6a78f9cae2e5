#!/usr/bin/env python3
"""An alternative `screen` implementation for Funnel, out of process, in Python 3 with the standard
library only. It speaks Funnel's plugin protocol 1.x (docs/plugin-protocol.md): JSON lines on
stdin/stdout.

Scoring ("budget-first"): budget up to 60 points (60 at 100,000 or more in any currency), authority 25,
need 5 per level (0-3); qualified at 50 or more.

Add it with:  plugin add Plugins/examples/python-screen/budget_screen.py
Use it with:  stage use screen budget-first; lead list | lead screen
"""
import json
import sys

PROTOCOL = "1.0"
THRESHOLD = 50


def send(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def budget_points(budget):
    """Points for a budget given as exact decimal text ("39600.00"): compared in minor units, no floats."""
    if not isinstance(budget, dict):
        return 0, "budget unknown"
    amount = str(budget.get("amount", ""))
    whole, _, fraction = amount.partition(".")
    if not whole.lstrip("-").isdigit() or (fraction and not fraction.isdigit()):
        return 0, "budget unreadable"
    minor = int(whole) * 100 + (int(fraction[:2].ljust(2, "0")) if fraction else 0) * (-1 if whole.startswith("-") else 1)
    points = max(0, min(60, minor * 60 // 10_000_000))
    return points, (None if points >= 60 else f"budget {amount} below 100000")


def score(lead):
    budget, budget_short = budget_points(lead.get("budget"))
    authority = 25 if lead.get("authority") is True else 0
    need = lead.get("need")
    need_points = 5 * need if isinstance(need, int) and 0 <= need <= 3 else 0
    total = budget + authority + need_points
    verdict = "qualified" if total >= THRESHOLD else "disqualified"
    why = f"budget {budget} · authority {authority} · need {need_points}"
    reasons = [r for r in [budget_short, None if authority else "no authority"] if r]
    if verdict == "disqualified" and reasons:
        why += " — " + "; ".join(reasons)
    return {"id": lead.get("id"), "score": total, "verdict": verdict, "why": why}


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            major = str(message.get("protocol", "")).split(".")[0]
            if major != PROTOCOL.split(".")[0]:
                send({"type": "error", "message": f"protocol {message.get('protocol')} is not supported; this plugin speaks {PROTOCOL}"})
                return
            send({
                "type": "hello", "protocol": PROTOCOL, "name": "budget-screen", "version": "1.0.0", "features": ["batches"],
                "stages": [{
                    "slot": "screen", "implementation": "budget-first", "follows": "capture",
                    "summary": "Budget first: budget up to 60, authority 25, need 5 a level; qualified at 50.",
                    "commands": [{"name": "lead screen", "kind": "screen", "fields": ["name", "budget", "authority", "need"],
                                  "summary": "Score leads budget first and mark them qualified or disqualified."}],
                }],
            })
        elif kind == "call":
            if message.get("command") != "lead screen":
                send({"type": "error", "id": message.get("id"), "message": f"unknown command {message.get('command')}"})
                continue
            send({"type": "records", "id": message["id"], "records": [score(lead) for lead in message.get("records", [])]})
            send({"type": "done", "id": message["id"]})
        elif kind == "goodbye":
            return


if __name__ == "__main__":
    main()
