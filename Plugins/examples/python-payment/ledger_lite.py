#!/usr/bin/env python3
"""`ledger-lite`: an alternative `payment` implementation for Funnel, out of process, in Python 3 with
the standard library only. It speaks Funnel's plugin protocol 1.1 (docs/plugin-protocol.md): JSON lines
on stdin/stdout. It never reads Funnel's database: the contract and the invoices arrive piped in, and
everything it does goes back to Funnel as hand-offs (`invoice`, `payment`, `reminder`), which Funnel
checks, stores and journals as it does the built-in `receivables` stage's.

    contract show K-1 | invoice bill          the invoices the contract's terms call for
    payment take I-1 25,454.88 --ref HZ-2231  a payment received (--method, --on)
    invoice list --overdue | invoice remind   the dunning step each overdue invoice has reached

Invoices follow the contract's payment terms exactly as the built-in `invoice generate` does: the
deposit share (`deposit bp` of the total, rounded half to even to the minor unit) due 7 days after
signing; the balance due `net days` after delivery, or split into `installments` equal parts (the last
takes the minor units that do not divide) due `net days`, then 30 more days each, after delivery.

Dunning levels are ledger-lite's own: `LEDGER_LITE_LEVELS` (DAYS:ACTION, comma-separated), default
`7:friendly email,21:phone call,45:collection agency`. `invoice remind` is the payment slot's deciding
verb (`review replay payment ledger-lite`): it answers with the built-in's columns: invoice, customer,
balance, days overdue, level, action.

Add it with:  plugin add Plugins/examples/python-payment/ledger_lite.py
Use it with:  stage use payment ledger-lite
Debugging:    LEDGER_LITE_LOG=/tmp/ll.log makes it append every line it reads and writes there.
"""
import datetime
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation

PROTOCOL = "1.1"
NAME = "ledger-lite"
VERSION = "0.1.0"
DEPOSIT_DAYS = 7          # the deposit is due a week after signing, as the built-in's
INSTALLMENT_SPACING = 30  # days between installments
DEFAULT_LEVELS = "7:friendly email,21:phone call,45:collection agency"

LOG = os.environ.get("LEDGER_LITE_LOG")


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
    """A problem with the user's input: answered as the call's error message."""


# ------------------------------------------------------------------------------------------ values

def money(value, what):
    """Funnel's money, {"amount": "84849.60", "currency": "CNY"}, as (minor units, decimals, currency)."""
    if isinstance(value, dict) and isinstance(value.get("amount"), str) and isinstance(value.get("currency"), str):
        text = value["amount"]
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = None
        if amount is not None:
            decimals = len(text.partition(".")[2])
            minor = amount.scaleb(decimals)
            if minor == minor.to_integral_value():
                return int(minor), decimals, value["currency"]
    raise Refusal(f"{what}: expected an amount of money, got {json.dumps(value, ensure_ascii=False)}")


def money_json(minor, decimals, currency):
    sign = "-" if minor < 0 else ""
    digits = str(abs(minor)).rjust(decimals + 1, "0")
    amount = digits if decimals == 0 else digits[:-decimals] + "." + digits[-decimals:]
    return {"amount": sign + amount, "currency": currency}


def shown(minor, decimals, currency):
    whole = money_json(minor, decimals, currency)["amount"]
    head, dot, tail = whole.partition(".")
    sign = "-" if head.startswith("-") else ""
    head = f"{int(head.lstrip('-')):,}"
    return f"{sign}{head}{dot}{tail} {currency}"


def scaled_half_even(minor, numerator, denominator):
    """minor × numerator / denominator, rounded half to even to a whole minor unit (Funnel's Money.scaled)."""
    product = minor * numerator
    quotient, remainder = divmod(abs(product), denominator)
    twice = remainder * 2
    if twice > denominator or (twice == denominator and quotient % 2 == 1):
        quotient += 1
    return -quotient if product < 0 else quotient


def day(value, what):
    if isinstance(value, str):
        match = re.match(r"^(\d{4}-\d{2}-\d{2})", value)
        if match:
            try:
                return datetime.date.fromisoformat(match.group(1))
            except ValueError:
                pass
    raise Refusal(f"{what}: expected a date such as 2026-03-01, got {json.dumps(value, ensure_ascii=False)}")


def whole(value, what, low, high):
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise Refusal(f"{what}: expected a whole number from {low} to {high}, got {json.dumps(value, ensure_ascii=False)}")
    return value


def today(call):
    """Funnel's clock, sent with each call as `now` (it follows --now and FUNNEL_NOW)."""
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", call.get("now") or "")
    return datetime.date.fromisoformat(match.group(1)) if match else datetime.date.today()


# ------------------------------------------------------------------------------------------ invoice bill

def plan(contract):
    """The invoices a contract's terms call for, as the built-in `invoice generate` computes them."""
    ident = contract.get("id")
    if not isinstance(ident, str) or not re.match(r"^K-\d+$", ident):
        raise Refusal("invoice bill takes a contract piped in: contract show K-1 | invoice bill")
    if contract.get("status") != "signed":
        raise Refusal(f"{ident} is {contract.get('status')}; invoices come from a signed contract")
    total, decimals, currency = money(contract.get("total"), f"{ident}'s total")
    signed = day(contract.get("signed"), f"{ident}'s signed")
    delivery = day(contract.get("delivery"), f"{ident}'s delivery") if contract.get("delivery") else signed
    deposit_bp = whole(contract.get("deposit bp", 0), f"{ident}'s deposit bp", 0, 10000)
    net_days = whole(contract.get("net days", 30), f"{ident}'s net days", 0, 365)
    installments = max(1, whole(contract.get("installments", 1), f"{ident}'s installments", 1, 60))

    invoices = []
    deposit = scaled_half_even(total, deposit_bp, 10000)
    if deposit > 0:
        invoices.append(("deposit", deposit, signed + datetime.timedelta(days=DEPOSIT_DAYS)))
    balance = total - deposit
    if balance > 0:
        share = balance // installments
        for index in range(installments):
            amount = balance - share * (installments - 1) if index == installments - 1 else share
            due = delivery + datetime.timedelta(days=net_days + INSTALLMENT_SPACING * index)
            kind = "balance" if installments == 1 else f"installment {index + 1} of {installments}"
            invoices.append((kind, amount, due))
    return ident, decimals, currency, invoices


def bill(call):
    dry_run = bool((call.get("arguments") or {}).get("dry_run"))
    contracts = call.get("records") or []
    if not contracts:
        raise Refusal("invoice bill takes the contract piped in: contract show K-1 | invoice bill")
    rows, handoffs, lines = [], [], []
    for contract in contracts:
        ident, decimals, currency, invoices = plan(contract)
        for kind, amount, due in invoices:
            value = money_json(amount, decimals, currency)
            handoffs.append({"kind": "invoice", "contract": ident, "invoice_kind": kind, "amount": value, "due": due.isoformat()})
            rows.append({"contract": ident, "kind": kind, "amount": value, "due": due.isoformat()})
        verb = "would bill" if dry_run else "billed"
        lines.append(f"{verb} {ident}: " + ", ".join(f"{kind} {shown(amount, decimals, currency)} due {due.isoformat()}"
                                                      for kind, amount, due in invoices))
    return rows, handoffs, lines


# ------------------------------------------------------------------------------------------ payment take

METHODS = ("transfer", "card", "cash", "cheque", "other")


def take(call):
    arguments = call.get("arguments") or {}
    dry_run = bool(arguments.get("dry_run"))
    invoice = arguments.get("invoice")
    if not invoice:
        raise Refusal("payment take needs an invoice: payment take I-1 25,454.88 --ref HZ-2231")
    if arguments.get("amount") is None:
        raise Refusal("payment take needs the amount paid: payment take I-1 25,454.88")
    minor, decimals, currency = money(arguments["amount"], "amount")
    if minor <= 0:
        raise Refusal("amount: a payment is more than zero")
    method = arguments.get("method") or "transfer"
    if method not in METHODS:
        raise Refusal(f"--method {method}: one of {', '.join(METHODS)}")
    paid_on = arguments.get("on") or today(call).isoformat()
    handoff = {"kind": "payment", "invoice": invoice, "amount": arguments["amount"], "paid_on": paid_on,
               "method": method, "reference": arguments.get("ref")}
    verb = "would take" if dry_run else "took"
    reference = f" (ref {arguments['ref']})" if arguments.get("ref") else ""
    return [], [handoff], [f"{verb} {shown(minor, decimals, currency)} on {invoice} by {method}{reference}"]


# ------------------------------------------------------------------------------------------ invoice remind

def levels():
    text = os.environ.get("LEDGER_LITE_LEVELS") or DEFAULT_LEVELS
    result = []
    for piece in text.split(","):
        days, colon, action = piece.partition(":")
        try:
            days = int(days.strip())
        except ValueError:
            days = 0
        if not colon or days < 1 or not action.strip():
            raise Refusal(f"LEDGER_LITE_LEVELS: {piece!r} is not DAYS:ACTION")
        result.append((days, action.strip()))
    return sorted(result)


COLUMNS = ("invoice", "customer", "balance", "days overdue", "level", "action")


def remind(call):
    dry_run = bool((call.get("arguments") or {}).get("dry_run"))
    invoices = call.get("records") or []
    if not invoices:
        raise Refusal("invoice remind takes invoices piped in: invoice list --overdue | invoice remind")
    steps = levels()
    now = today(call)
    rows, handoffs = [], []
    for invoice in invoices:
        ident = invoice.get("id")
        if not isinstance(ident, str) or not re.match(r"^I-\d+$", ident):
            raise Refusal("invoice remind takes invoice list's rows (with their id): invoice list --overdue | invoice remind")
        if invoice.get("status") != "open":
            continue
        overdue = invoice.get("days overdue")
        if isinstance(overdue, bool) or not isinstance(overdue, int):
            overdue = (now - day(invoice.get("due"), f"{ident}'s due")).days
        reached = [(number, action) for number, (days, action) in enumerate(steps, 1) if overdue >= days]
        if not reached:
            continue
        level, action = reached[-1]
        already = invoice.get("dunned")
        if isinstance(already, int) and not isinstance(already, bool) and level <= already:
            continue
        handoffs.append({"kind": "reminder", "invoice": ident, "level": level, "note": action})
        rows.append({"invoice": ident, "customer": invoice.get("customer"), "balance": invoice.get("balance"),
                     "days overdue": overdue, "level": level, "action": action})
    verb = "would remind" if dry_run else "reminded"
    return rows, handoffs, ([f"{verb} {len(rows)} invoice{'' if len(rows) == 1 else 's'}"] if rows else [])


# ------------------------------------------------------------------------------------------ protocol

BILL = {
    "name": "invoice bill", "kind": "verb",
    "summary": "Issue the invoices a signed contract's terms call for (pipe the contract in: contract show K-1 | invoice bill).",
    "positionals": [], "flags": [], "input": "table", "output": "table", "impact": "low",
}
TAKE = {
    "name": "payment take", "kind": "verb",
    "summary": "Record a payment received against an invoice.",
    "positionals": [{"name": "invoice", "type": "invoice", "summary": "The invoice, e.g. I-1."},
                    {"name": "amount", "type": "money", "summary": "How much was paid."}],
    "flags": [{"name": "ref", "type": "string", "summary": "The bank or payment reference."},
              {"name": "method", "type": "word", "summary": "transfer (default), card, cash, cheque or other."},
              {"name": "on", "type": "date", "summary": "When it was paid (default: today)."}],
    "input": "nothing", "output": "nothing", "impact": "high",
}
REMIND = {
    "name": "invoice remind", "kind": "verb",
    "summary": "Send the dunning step each overdue invoice piped in has reached (ledger-lite's levels), once per step.",
    "positionals": [], "flags": [], "input": "table", "output": "table", "impact": "low",
}

HELLO = {
    "type": "hello", "protocol": PROTOCOL, "name": NAME, "version": VERSION, "features": [],
    "stages": [{
        "slot": "payment", "implementation": NAME, "follows": "sign",
        "summary": "A light ledger: invoices from the contract's terms, payments taken, reminders at 7, 21 and 45 days.",
        "commands": [BILL, TAKE, REMIND],
    }],
}

COMMANDS = {"invoice bill": bill, "payment take": take, "invoice remind": remind}


def handle_call(message):
    ident = message.get("id")
    handler = COMMANDS.get(message.get("command"))
    if handler is None:
        send({"type": "error", "id": ident, "message": f"{NAME} has no command {message.get('command')!r}"})
        return
    try:
        rows, handoffs, lines = handler(message)
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
    if rows:
        send({"type": "records", "id": ident, "records": rows})
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
            major, _, minor = str(message.get("protocol", "")).partition(".")
            if major != PROTOCOL.split(".")[0]:
                send({"type": "error", "message": f"protocol {message.get('protocol')} is not supported; {NAME} speaks {PROTOCOL}"})
                return
            if not minor.isdigit() or int(minor) < 1:
                send({"type": "error", "message": f"{NAME} offers verbs, which need protocol 1.1; funnel speaks {message.get('protocol')}"})
                return
            send(HELLO)
        elif kind == "call":
            handle_call(message)
        elif kind == "goodbye":
            return


if __name__ == "__main__":
    main()
