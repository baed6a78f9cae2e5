#!/usr/bin/env python3
"""Drives the real `funnel` REPL through a pseudo-terminal of 14 rows by 60 columns.

Usage: terminal_tables.py FUNNEL_BINARY WORK_DIR

Checks: `lead list` shows its default columns cut to the width (Chinese counted twice) while the
rows piped on keep every column; a result taller than the window goes through the pager (less, when
installed) and the prompt comes back after `q`; `--json` is never paged; Tab completes the columns
after `where`, stage slots and implementations after `stage use`, and file paths after `lead import`.
Standard library only.
"""
import os
import shutil
import sys
import time
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from terminal import PROMPT, Session, fail, setup, step  # noqa: E402

ROWS, COLUMNS = 14, 60
setup(sys.argv[1], sys.argv[2], PAGER="less -FRX")


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def shown(s, command):
    """Runs a command and returns the lines it printed (between the typed line and the next prompt)."""
    start = len(s.seen)
    s.type(command + "\r")
    s.expect(PROMPT)
    text = s.seen[start:s.mark - len(PROMPT)]
    lines = text.split("\n")
    return [line for line in lines[1:] if line]


s = Session(size=(ROWS, COLUMNS))
s.expect(PROMPT)
s.type('lead add "杭州未来科技有限公司华东区域采购中心" --company "Very Long Company Name Limited" '
       '--budget 50000 --email buyer@acme.example\r')
s.expect("L-1 added")
s.expect(PROMPT)
lines = shown(s, "lead list")
if not lines or not lines[0].startswith("id   name"):
    fail(f"lead list header: {lines!r}")
for line in lines:
    if width(line) > COLUMNS:
        fail(f"a line wider than {COLUMNS} columns: {line!r}")
if "…" not in lines[1] or not lines[1].startswith("L-1  杭州"):
    fail(f"the long name is not cut with an ellipsis: {lines[1]!r}")
if not lines[-1].endswith("more columns: --wide, --expand or select shows them)"):
    fail(f"no note of the columns left out: {lines!r}")
if any("buyer@acme.example" in line for line in lines):
    fail("the email column is not among the default columns")
if shown(s, "lead list | where budget > 5 | get email") != ["buyer@acme.example"]:
    fail("the rows piped on lost a column")
step("lead list fits the terminal; the rows piped on keep every column")

expanded = shown(s, "lead list | select id email --expand")
if not expanded[0].startswith("-[ RECORD 1 ]") or "email  buyer@acme.example" not in expanded:
    fail(f"--expand: {expanded!r}")
step("--expand shows a block per record")

for name in ["Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu", "Nu", "Xi"]:
    s.type("lead add " + name + "\r")
    s.expect(PROMPT)
if shutil.which("less"):
    s.mark = len(s.seen)
    s.type("lead list\r")
    s.expect("Beta")
    time.sleep(0.7)
    s.read(0.2)
    if PROMPT in s.seen[s.mark:]:
        fail("a result taller than the terminal was not paged:\n" + s.seen[s.mark:][-800:])
    s.type("q", editing=False)
    s.expect(PROMPT)
    step("a result taller than the terminal goes through less; q returns to the prompt")
else:
    step("less is not installed: the pager is not checked")
s.type("lead list --json\r")
s.expect('"name":"Xi"')
s.expect(PROMPT)
step("--json is never paged")

s.type("lead list | where em\t")
s.expect("where email ")
s.type("== buyer@acme.example | count\r")
s.expect("1\n")
s.expect(PROMPT)
s.type("lead list | sort-by bu\t")
s.expect("sort-by budget ")
s.type("\x15")
step("Tab completes the columns of the rows piped in")

s.type("stage use scr\t")
s.expect("stage use screen ")
s.type("\t")
s.expect("bant  (active)")
s.expect("predictive")
s.type("\x15")
step("Tab completes stage slots and implementations")

with open(os.path.join(sys.argv[2], "leads-to-import.csv"), "w") as f:
    f.write("name\nOmicron\n")
s.type("lead import leads-t\t")
s.expect("lead import leads-to-import.csv ")
s.type("--yes\r")
s.expect("imported 1")
s.expect(PROMPT)
step("Tab completes a file path after lead import")

s.type("\x04")
if s.wait_exit() != 0:
    fail("the session did not exit cleanly")
print("all terminal table checks passed")
