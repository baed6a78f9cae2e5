#!/usr/bin/env python3
"""`helpdesk`: an alternative `service` implementation for Funnel, out of process, in Python 3 with the
standard library only. It speaks Funnel's plugin protocol 1.1 (docs/plugin-protocol.md): JSON lines on
stdin/stdout.

Where the built-in `tickets` implementation opens a ticket and moves it through start, resolve and close
one command at a time, a help desk raises tickets and marks them done in one step:

    ticket raise C-1 installation "install 20 units" [--contract K-1] [--priority high]
    ticket take T-1                                           # someone is on it (optional)
    ticket done T-1 --resolution "installed" --satisfaction 5 [--taken]

`ticket raise` hands Funnel a `ticket` record; Funnel numbers it (T-N, shown by `ticket list`), takes the
customer's latest signed contract when none is named and makes it due within that contract's service
level. Its own rule: an `issue` is raised `high` unless a priority is given, the other kinds `normal`.
`ticket take` hands on the `start` step; `ticket done` hands on `start` (unless `--taken` says the ticket
was already taken), `resolve` with the resolution and `close` with the customer's satisfaction, in that
order: Funnel checks each step against the ticket's status and refuses the whole command if one does not
fit, so nothing changes.

The plugin never reads Funnel's database and keeps no state: what it knows comes with each call.

Add it with:  plugin add Plugins/examples/python-service/helpdesk.py
Use it with:  stage use service helpdesk; ticket raise C-1 support "printer jams"
Debugging:    HELPDESK_LOG=/tmp/helpdesk.log makes it append every line it reads and writes there.
"""
import json
import os
import sys

PROTOCOL = "1.1"
NAME = "helpdesk"
VERSION = "0.1.0"
KINDS = ["installation", "training", "support", "issue"]
PRIORITIES = ["low", "normal", "high", "urgent"]

LOG = os.environ.get("HELPDESK_LOG")


def log(direction, line):
    if LOG:
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(f"{direction} {line.rstrip()}\n")


def send(message):
    line = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    log(">>", line)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class Refusal(Exception):
    """A problem with the user's arguments: answered as the call's error message."""


RAISE = {
    "name": "ticket raise", "kind": "verb",
    "summary": "Raise an after-sales ticket for a customer; an issue is high priority unless said otherwise.",
    "positionals": [
        {"name": "customer", "type": "customer", "summary": "The customer, e.g. C-1."},
        {"name": "kind", "type": "word", "summary": "installation, training, support or issue."},
        {"name": "summary", "type": "string", "summary": "What is needed (default: the kind).", "optional": True},
    ],
    "flags": [
        {"name": "contract", "type": "contract", "summary": "The contract it falls under (default: the customer's latest signed one)."},
        {"name": "priority", "type": "word", "summary": "low, normal, high or urgent (default: high for an issue, else normal)."},
    ],
    "input": "nothing", "output": "nothing", "impact": "low",
}

TAKE = {
    "name": "ticket take", "kind": "verb",
    "summary": "Take an open ticket: work on it starts.",
    "positionals": [{"name": "ticket", "type": "ticket", "summary": "The ticket, e.g. T-1."}],
    "input": "nothing", "output": "nothing", "impact": "low",
}

DONE = {
    "name": "ticket done", "kind": "verb",
    "summary": "Mark a ticket done: started (unless --taken), resolved and closed with the customer's satisfaction, in one step.",
    "positionals": [{"name": "ticket", "type": "ticket", "summary": "The ticket, e.g. T-1."}],
    "flags": [
        {"name": "resolution", "type": "string", "summary": "How it was resolved."},
        {"name": "satisfaction", "type": "int", "summary": "The customer's satisfaction, 1 to 5."},
        {"name": "taken", "type": "bool", "summary": "The ticket was already taken (ticket take): do not start it again."},
    ],
    "input": "nothing", "output": "nothing", "impact": "low",
}

HELLO = {
    "type": "hello", "protocol": PROTOCOL, "name": NAME, "version": VERSION, "features": [],
    "stages": [{
        "slot": "service", "implementation": "helpdesk", "follows": "payment",
        "summary": "A help desk: raise tickets, take them, and mark them done in one step.",
        "commands": [RAISE, TAKE, DONE],
    }],
}


def said(arguments, done, would):
    """What to show: `done` after a real call, `would` on a dry run (Funnel says nothing of hand-offs)."""
    return "would " + would if arguments.get("dry_run") else done


def raise_ticket(arguments):
    customer, kind = arguments.get("customer"), arguments.get("kind")
    if not customer or not kind:
        raise Refusal("ticket raise needs a customer and a kind: ticket raise C-1 support \"printer jams\"")
    if kind not in KINDS:
        raise Refusal(f"kind {kind!r}: a ticket is an installation, training, support or issue")
    priority = arguments.get("priority") or ("high" if kind == "issue" else "normal")
    if priority not in PRIORITIES:
        raise Refusal(f"--priority {priority!r}: low, normal, high or urgent")
    summary = (arguments.get("summary") or "").strip() or kind
    handoff = {"kind": "ticket", "customer": customer, "ticket_kind": kind, "priority": priority, "summary": summary}
    if arguments.get("contract"):
        handoff["contract"] = arguments["contract"]
    return [handoff], [said(arguments, f"raised a {priority} {kind} ticket for {customer}: {summary}",
                                f"raise a {priority} {kind} ticket for {customer}: {summary}")]


def take(arguments):
    ticket = arguments.get("ticket")
    if not ticket:
        raise Refusal("ticket take needs a ticket: ticket take T-1")
    return [{"kind": "ticket-step", "ticket": ticket, "step": "start"}], [said(arguments, f"{ticket} taken", f"take {ticket}")]


def done(arguments):
    ticket = arguments.get("ticket")
    if not ticket:
        raise Refusal("ticket done needs a ticket: ticket done T-1 --resolution \"fixed\" --satisfaction 5")
    resolution = (arguments.get("resolution") or "").strip()
    if not resolution:
        raise Refusal("ticket done needs --resolution: say how it was resolved")
    satisfaction = arguments.get("satisfaction")
    if satisfaction is None:
        raise Refusal("ticket done needs --satisfaction: the customer's satisfaction, 1 to 5")
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise Refusal(f"--satisfaction {satisfaction}: the customer's satisfaction is 1 to 5")
    steps = [] if arguments.get("taken") else [{"kind": "ticket-step", "ticket": ticket, "step": "start"}]
    steps += [{"kind": "ticket-step", "ticket": ticket, "step": "resolve", "resolution": resolution},
              {"kind": "ticket-step", "ticket": ticket, "step": "close", "satisfaction": satisfaction}]
    return steps, [said(arguments, f"{ticket} done: {resolution} (satisfaction {satisfaction})",
                         f"mark {ticket} done: {resolution} (satisfaction {satisfaction})")]


COMMANDS = {"ticket raise": raise_ticket, "ticket take": take, "ticket done": done}


def handle_call(message):
    ident = message.get("id")
    handler = COMMANDS.get(message.get("command"))
    if handler is None:
        send({"type": "error", "id": ident, "message": f"{NAME} has no command {message.get('command')!r}"})
        return
    try:
        handoffs, lines = handler(message.get("arguments") or {})
    except Refusal as refusal:
        send({"type": "error", "id": ident, "message": str(refusal)})
        return
    except Exception as error:  # a bug of ours: say what it was rather than crash mid-conversation
        print(f"{NAME}: {error!r}", file=sys.stderr, flush=True)
        send({"type": "error", "id": ident, "message": f"{NAME} failed: {error}"})
        return
    for text in lines:
        send({"type": "say", "id": ident, "text": text})
    if handoffs:
        send({"type": "handoffs", "id": ident, "handoffs": handoffs})
    send({"type": "done", "id": ident})


def main():
    for line in sys.stdin:
        log("<<", line)
        if not line.strip():
            continue
        try:
            message = json.loads(line)
        except ValueError:
            print(f"{NAME}: not JSON: {line[:200]!r}", file=sys.stderr, flush=True)
            return
        kind = message.get("type")
        if kind == "hello":
            version = str(message.get("protocol", ""))
            major, _, minor = version.partition(".")
            if major != PROTOCOL.split(".")[0] or not minor.isdigit() or int(minor) < 1:
                send({"type": "error", "message": f"{NAME} offers verbs, which need protocol 1.1; funnel speaks {version}"})
                return
            send(HELLO)
        elif kind == "call":
            handle_call(message)
        elif kind == "goodbye":
            return


if __name__ == "__main__":
    main()
