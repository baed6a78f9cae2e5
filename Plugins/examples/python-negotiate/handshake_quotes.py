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

Quote ids belong to Funnel, not to the plugin: the hand-off leaves out `quote`, and Funnel numbers the
accepted quote from the counter every negotiate implementation draws from (Q-1 for the first quote,
whoever made it) and says which id it took. The plugin keeps no state of its own.

It also offers negotiate's deciding verb, `quote preview`, which `review replay negotiate
handshake-quotes` asks: given lines piped in (deal, product, sku, name, quantity, list price), the quote
it would make, with the columns of the built-in `quote preview`. Its rule: list prices, less a fixed
discount on the whole quote (10%, or `HANDSHAKE_QUOTES_LIST_DISCOUNT`: 5% or 500).

Add it with:  plugin add Plugins/examples/python-negotiate/handshake_quotes.py
Use it with:  stage use negotiate handshake-quotes; quote agree D-1 PR-1 --quantity 2 --price 38000
Replay it:    review replay negotiate handshake-quotes
Debugging:    HANDSHAKE_QUOTES_LOG=/tmp/hq.log makes it append every line it reads and writes there.
"""
import datetime
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation, ROUND_HALF_EVEN

PROTOCOL = "1.1"
NAME = "handshake-quotes"
VERSION = "0.2.0"
VALID_DAYS = 30  # default validity of an agreed quote
LIST_DISCOUNT = "10%"  # what `quote preview` takes off the list prices, unless HANDSHAKE_QUOTES_LIST_DISCOUNT says otherwise

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

    # No `quote`: Funnel numbers the accepted quote from the counter all negotiate implementations share,
    # and says which id it took.
    unit_price = {"amount": arguments["price"]["amount"], "currency": currency}
    handoff = {"kind": "accepted-quote", "deal": deal,
               "lines": [{"product": product, "quantity": quantity, "unit_price": unit_price, "discount": line_bp}],
               "discount": quote_bp, "valid_until": valid_until}
    row = {"deal": deal, "product": product, "quantity": quantity, "unit_price": unit_price,
           "discount": percent(line_bp), "quote_discount": percent(quote_bp),
           "total": {"amount": str(total), "currency": currency}, "valid_until": valid_until}
    prefix = "would hand on" if dry_run else "handed on"
    return [row], [handoff], [f"{prefix} {deal}'s accepted quote: {quantity} x {product}, total {total} {currency}"]


def percent(bp):
    """500 -> '5%', 1250 -> '12.5%', 1225 -> '12.25%'."""
    text = f"{Decimal(bp) / 100:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text + "%"


# The columns of `quote preview`, as the built-in implementation answers it (review replay reads `line`,
# `quantity`, `unit price`, `discount` and the `total` row's `amount`).
PREVIEW_COLUMNS = ["line", "product", "quantity", "unit price", "discount", "amount", "ships"]


def preview_row(**fields):
    return {column: fields.get(column.replace(" ", "_")) for column in PREVIEW_COLUMNS}


def preview(call):
    """negotiate's deciding verb: the quote this implementation would make for the lines piped in
    (each: deal, product, sku, name, quantity, list price). The rule: every line at its list price, less
    a fixed discount on the whole quote. Nothing is handed on."""
    records = call.get("records") or []
    if not records:
        raise Refusal("quote preview prices lines piped in: each with deal, product, quantity and list price")
    discount = basis_points(os.environ.get("HANDSHAKE_QUOTES_LIST_DISCOUNT") or LIST_DISCOUNT, "list-discount (HANDSHAKE_QUOTES_LIST_DISCOUNT)")
    deal, currency, decimals, subtotal, rows = None, None, 2, Decimal(0), []
    for number, record in enumerate(records, 1):
        place = f"line {number}"
        if deal is not None and record.get("deal") != deal:
            raise Refusal(f"{place} is for {record.get('deal')}, the lines before for {deal}: one quote is for one deal")
        deal = record.get("deal")
        quantity = record.get("quantity")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise Refusal(f"{place}: quantity must be a whole number of 1 or more, not {json.dumps(quantity)}")
        if record.get("list price") is None:
            raise Refusal(f"{place}: {record.get('product')} has no list price; handshake-quotes quotes from list prices")
        if not isinstance(record["list price"], dict):
            raise Refusal(f"{place}: list price must be money, not {json.dumps(record['list price'])}")
        price, line_currency = money(record["list price"], "list price")
        if currency is not None and line_currency != currency:
            raise Refusal(f"{place} is in {line_currency}, the lines before in {currency}: one quote is in one currency")
        currency, decimals = line_currency, minor_exponent(record["list price"]["amount"])
        amount = round_minor(price * quantity, decimals)
        subtotal += amount
        rows.append(preview_row(line=record.get("sku") or record.get("product"), product=record.get("name"), quantity=quantity,
                                unit_price={"amount": str(round_minor(price, decimals)), "currency": currency},
                                amount={"amount": str(amount), "currency": currency}))
    total = less(subtotal, discount, decimals)
    rows.append(preview_row(line="subtotal", amount={"amount": str(subtotal), "currency": currency}))
    rows.append(preview_row(line="discount", discount=percent(discount), amount={"amount": str(total - subtotal), "currency": currency}))
    rows.append(preview_row(line="total", amount={"amount": str(total), "currency": currency}))
    return rows, [], []


PREVIEW = {
    "name": "quote preview", "kind": "verb",
    "summary": "The quote handshake-quotes would make for lines piped in: list prices less a fixed discount (what review replay asks).",
    "positionals": [], "flags": [],
    "input": "table", "output": "table", "impact": "none",
}

HELLO = {
    "type": "hello", "protocol": PROTOCOL, "name": NAME, "version": VERSION, "features": [],
    "stages": [{
        "slot": "negotiate", "implementation": "handshake-quotes",
        "summary": "Record the quote agreed on a handshake in one step, ready to sign.",
        "commands": [AGREE, PREVIEW],
    }],
}


COMMANDS = {"quote agree": agree, "quote preview": preview}


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
