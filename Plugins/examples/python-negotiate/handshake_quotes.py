#!/usr/bin/env python3
"""`handshake-quotes`: an alternative `negotiate` implementation for Funnel, out of process, in Python 3
with the standard library only. It speaks Funnel's plugin protocol 1.1 (docs/plugin-protocol.md): JSON
lines on stdin/stdout.

Where the built-in `quotes` implementation drafts, sends and accepts a quote in several steps, this one
records a quote agreed on a handshake in one step:

    quote agree D-1 PR-1 --quantity 2 --price 38000 --discount 5% [--quote-discount 10%] [--valid-until 2026-03-01]

hands Funnel an `accepted-quote` for deal D-1 (one line: product PR-1, 2 units at 38,000.00, 5% off the
line, 10% off the whole quote), which `contract sign Q-N` then signs. The product is given by its id
(PR-N, shown by `journal list --type product.added`), not its SKU: that is what Funnel's `product`
argument type and the hand-off take.

Discounts (`--discount`, `--quote-discount`) are a percentage with a `%` sign (`5%`, `2.5%`, `12.25%`)
or whole basis points without one (`500` = 5%), from 0 to 100%.

Quote ids: a counter kept in a small JSON file, `$HANDSHAKE_QUOTES_STATE` if set, else
`handshake-quotes.json` in `$XDG_DATA_HOME/funnel/` (default `~/.local/share/funnel/`), next to
Funnel's own plugins.json. The first id is Q-9001 (set `HANDSHAKE_QUOTES_FIRST` to change it), far
from the `Q-1`, `Q-2` ... the built-in `quote add` numbers from (it does not skip ids a plugin used).
A dry run reads the counter but does not advance it, so it shows the id the real run will use. The
plugin is not told whether Funnel kept its hand-off, so a refused or rolled-back call still uses up its
id (a gap in the numbers, never a reuse); `journal list --type quote.accepted` is the record of what
Funnel kept. Use one state file per database (the counter knows nothing of the database).

Add it with:  plugin add Plugins/examples/python-negotiate/handshake_quotes.py
Use it with:  stage use negotiate handshake-quotes; quote agree D-1 PR-1 --quantity 2 --price 38000
Debugging:    HANDSHAKE_QUOTES_LOG=/tmp/hq.log makes it append every line it reads and writes there.
"""
import datetime
import fcntl
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation, ROUND_HALF_EVEN

PROTOCOL = "1.1"
NAME = "handshake-quotes"
VERSION = "0.1.0"
VALID_DAYS = 30  # default validity of an agreed quote

LOG = os.environ.get("HANDSHAKE_QUOTES_LOG")


def log(direction, line):
    if LOG:
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(f"{direction} {line.rstrip()}\n")


def send(message):
    line = json.dumps(message, ensure_ascii=False, separators=(",", ":"))
    log(">>", line)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------- state

def state_path():
    explicit = os.environ.get("HANDSHAKE_QUOTES_STATE")
    if explicit:
        return explicit
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(data, "funnel", "handshake-quotes.json")


def first_number():
    try:
        return max(1, int(os.environ.get("HANDSHAKE_QUOTES_FIRST", "9001")))
    except ValueError:
        return 9001


def with_state(change):
    """Calls change(state) under an exclusive lock and, if it changed the state, writes it back
    atomically (0600). Returns whatever change returned."""
    path = state_path()
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            with open(path, encoding="utf-8") as f:
                state = json.load(f)
        except FileNotFoundError:
            state = {}
        state.setdefault("next", first_number())
        before = json.dumps(state, sort_keys=True)
        result = change(state)
        if json.dumps(state, sort_keys=True) != before:
            temporary = path + ".tmp"
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(state, f, ensure_ascii=False, indent=1)
            os.replace(temporary, path)
        return result


# ----------------------------------------------------------------------------------------- arithmetic

class Refusal(Exception):
    """A problem with the user's arguments: answered as the call's error message."""


def basis_points(text, flag):
    """'5%' -> 500, '2.5%' -> 250, '500' -> 500; None -> 0."""
    if text is None:
        return 0
    text = str(text).strip()
    try:
        if text.endswith("%"):
            value = Decimal(text[:-1].strip()) * 100
        else:
            value = Decimal(text)
    except InvalidOperation:
        raise Refusal(f"--{flag} {text!r}: give a percentage such as 5% or basis points such as 500")
    if value != value.to_integral_value():
        raise Refusal(f"--{flag} {text}: at most two decimals of a percent (whole basis points)")
    value = int(value)
    if not 0 <= value <= 10000:
        raise Refusal(f"--{flag} {text}: a discount is between 0% and 100%")
    return value


def money(value, flag):
    """A money argument as Funnel sends it: {"amount": "38000.00", "currency": "CNY"}."""
    if isinstance(value, dict) and "amount" in value and "currency" in value:
        try:
            return Decimal(str(value["amount"])), str(value["currency"])
        except InvalidOperation:
            pass
    raise Refusal(f"--{flag}: expected an amount of money, got {json.dumps(value)}")


def minor_exponent(amount_text):
    """The number of decimals Funnel used for the currency (2 for CNY), from the amount's text."""
    _, _, fraction = str(amount_text).partition(".")
    return len(fraction)


def round_minor(value, decimals):
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def less(value, bp, decimals):
    return round_minor(value - value * Decimal(bp) / Decimal(10000), decimals)


# ----------------------------------------------------------------------------------------- commands

AGREE = {
    "name": "quote agree", "kind": "verb",
    "summary": "Record a quote the customer agreed to on a handshake, ready for contract sign.",
    "positionals": [
        {"name": "deal", "type": "deal", "summary": "The deal, e.g. D-1."},
        {"name": "product", "type": "product", "summary": "The product agreed on, e.g. PR-1."},
    ],
    "flags": [
        {"name": "quantity", "type": "int", "summary": "How many units (default 1)."},
        {"name": "price", "type": "money", "summary": "The unit price agreed, e.g. 38000 or '38,000.00 CNY'."},
        {"name": "discount", "type": "string", "summary": "Discount on the line: a percentage (5%) or basis points (500)."},
        {"name": "quote-discount", "type": "string", "summary": "Discount on the whole quote: a percentage (5%) or basis points (500)."},
        {"name": "valid-until", "type": "date", "summary": "The last day the quote holds (default 30 days from today)."},
    ],
    "input": "nothing", "output": "table", "impact": "low",
}

HELLO = {
    "type": "hello", "protocol": PROTOCOL, "name": NAME, "version": VERSION, "features": [],
    "stages": [{
        "slot": "negotiate", "implementation": "handshake-quotes",
        "summary": "Record the quote agreed on a handshake in one step, ready to sign.",
        "commands": [AGREE],
    }],
}


def today(call):
    """Funnel's clock, sent with each call as `now` (it follows --now and FUNNEL_NOW)."""
    fixed = call.get("now") or os.environ.get("FUNNEL_NOW", "")
    match = re.match(r"^(\d{4}-\d{2}-\d{2})", fixed)
    if match:
        return datetime.date.fromisoformat(match.group(1))
    return datetime.date.today()


def agree(call):
    arguments = call.get("arguments") or {}
    dry_run = bool(arguments.get("dry_run", call.get("dry_run", False)))
    deal, product = arguments.get("deal"), arguments.get("product")
    if not deal or not product:
        raise Refusal("quote agree needs a deal and a product: quote agree D-1 PR-1 --quantity 2 --price 38000")
    quantity = arguments.get("quantity")
    quantity = 1 if quantity is None else quantity
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        raise Refusal(f"--quantity {quantity}: give a whole number of units, 1 or more")
    if arguments.get("price") is None:
        raise Refusal("quote agree needs --price: the unit price agreed, e.g. --price 38000")
    price, currency = money(arguments["price"], "price")
    if price < 0:
        raise Refusal("--price: a price cannot be negative")
    decimals = minor_exponent(arguments["price"]["amount"])
    line_bp = basis_points(arguments.get("discount"), "discount")
    quote_bp = basis_points(arguments.get("quote-discount"), "quote-discount")
    valid_until = arguments.get("valid-until") or (today(call) + datetime.timedelta(days=VALID_DAYS)).isoformat()

    line_total = less(price * quantity, line_bp, decimals)
    total = less(line_total, quote_bp, decimals)

    def take(state):
        number = state["next"]
        if dry_run:
            return number
        state["next"] = number + 1
        return number
    quote = f"Q-{with_state(take)}"

    unit_price = {"amount": arguments["price"]["amount"], "currency": currency}
    handoff = {"kind": "accepted-quote", "quote": quote, "deal": deal,
               "lines": [{"product": product, "quantity": quantity, "unit_price": unit_price, "discount": line_bp}],
               "discount": quote_bp, "valid_until": valid_until}
    row = {"quote": quote, "deal": deal, "product": product, "quantity": quantity, "unit_price": unit_price,
           "discount": f"{Decimal(line_bp) / 100}%", "quote_discount": f"{Decimal(quote_bp) / 100}%",
           "total": {"amount": str(total), "currency": currency}, "valid_until": valid_until}
    prefix = "would hand on" if dry_run else "handed on"
    return [row], [handoff], [f"{prefix} {quote}: {deal} agreed {quantity} x {product}, total {total} {currency}"]


COMMANDS = {"quote agree": agree}


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
    send({"type": "records", "id": ident, "records": rows})
    send({"type": "done", "id": ident})


def main():
    for line in sys.stdin:
        log("<<", line)
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            major = str(message.get("protocol", "")).split(".")[0]
            if major != PROTOCOL.split(".")[0]:
                send({"type": "error", "message": f"protocol {message.get('protocol')} is not supported; {NAME} speaks {PROTOCOL}"})
                return
            minor = str(message.get("protocol", "")).partition(".")[2]
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
