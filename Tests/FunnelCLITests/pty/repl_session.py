#!/usr/bin/env python3
"""Drives the real `funnel` REPL through a pseudo-terminal, typing keys as a person would.

Usage: repl_session.py FUNNEL_BINARY WORK_DIR

Checks: Tab completion of a command, of a lead id and of a custom field after --by, a Chinese lead name edited with Backspace,
Ctrl-C cancelling the line being typed and a running command, Ctrl-D ending the session, and
history recalled in a second session. Prints what it saw and exits non-zero on the first failure.
Standard library only (pty, os, select).
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from terminal import PROMPT, Session, fail, setup, step  # noqa: E402

setup(sys.argv[1], sys.argv[2])

s = Session()
s.expect(PROMPT)
step("prompt")

s.type("sort-b\t")
s.expect("sort-by ")
s.type("\x15")  # Ctrl-U: clear the line
step("Tab completes a command name")

s.type("lead add 杭州客户户\x7f \"Acme\"\r")
s.expect("too many arguments")
s.expect(PROMPT)
s.type("lead add 王伟客户\x7f\x7f --budget 9000\r")
s.expect("added: 王伟")
s.expect(PROMPT)
step("Chinese input edits with Backspace")

s.type("lead add Acme\r")
s.expect("L-2 added: Acme")
s.expect(PROMPT)
s.type("lead show L-")
s.type("\t")
s.expect("L-1  王伟 · new")
s.expect("L-2  Acme · new")
s.type("1\r")
s.expect("name       王伟")
s.expect(PROMPT)
step("Tab completes a live lead id with its description")

s.type("field add deal region_code string\r")
s.expect("deal field region_code (string) added")
s.expect(PROMPT)
s.type("report winloss --by region_\t")
s.expect("--by region_code ")
s.type("\x15")  # Ctrl-U: clear the line
step("Tab completes a report's --by with the custom fields")

s.type("lead list | sel")
s.expect("lead list | sel")  # on screen before Ctrl-C, as a person would see it
s.type("\x03")
s.expect("^C\n" + PROMPT)  # the next prompt starts on a new line
s.type("lead show L-1 | select name\r")
s.expect("王伟")
s.expect(PROMPT)
step("Ctrl-C cancels the line being typed; the next prompt starts on a new line")

s.type("mut i = 0; while true { $i += 1 }\r")
time.sleep(0.8)
s.type("\x03", editing=False)  # the command is running: the kernel turns Ctrl-C into SIGINT
s.expect("^C\n<repl:")  # the error starts on a line of its own, not after the echoed ^C
s.expect("cancelled")
s.expect(PROMPT)
s.type("lead show L-1 --json\r")
s.expect('"budget":{"amount":"9000.00","currency":"CNY"}')
s.expect(PROMPT)
step("Ctrl-C cancels a running command and the session goes on")

s.type("lead list |\r")
s.expect("...> ")
s.type("  count\r")
s.expect("2\n")
s.expect(PROMPT)
step("an open pipeline continues on the next line")

s.type("\x04")
code = s.wait_exit()
if code != 0:
    fail(f"Ctrl-D exit code {code}")
step("Ctrl-D ends the session with exit code 0")

s = Session()
s.expect(PROMPT)
s.type("\x1b[A")  # Up: the last entry of the previous session, recalled whole over two lines
s.expect("lead list |")
s.expect("count")
s.type("\r")
s.expect("2\n")
s.expect(PROMPT)
step("history is recalled in a new session, multi-line entries whole")

s.type("\x12")  # Ctrl-R: search backwards in history
s.type("show L")
s.type("\r")
s.expect('"name":"王伟"')
s.expect(PROMPT)
step("Ctrl-R finds an earlier entry and runs it")

s.type("\x04")
if s.wait_exit() != 0:
    fail("second session did not exit cleanly")
print("all REPL checks passed")
