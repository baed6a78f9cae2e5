#!/usr/bin/env python3
"""Drives the real `funnel` REPL through a pseudo-terminal, typing keys as a person would.

Usage: repl_session.py FUNNEL_BINARY WORK_DIR

Checks: Tab completion of a command and of a lead id, a Chinese lead name edited with Backspace,
Ctrl-C cancelling the line being typed and a running command, Ctrl-D ending the session, and
history recalled in a second session. Prints what it saw and exits non-zero on the first failure.
Standard library only (pty, os, select).
"""
import os
import pty
import re
import select
import sys
import termios
import time

BINARY, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "repl.db")
ENV = dict(os.environ, HOME=WORK, XDG_STATE_HOME=os.path.join(WORK, "state"),
           XDG_CONFIG_HOME=os.path.join(WORK, "config"), LANG="C.UTF-8", LC_ALL="C.UTF-8",
           TERM="xterm", FUNNEL_NOW="2026-01-31")
PROMPT = "repl.db> "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r|\x07")


class Session:
    def __init__(self):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(WORK)
            os.execve(BINARY, [BINARY, "--db", DB], ENV)
        self.seen = ""   # everything read, escape sequences removed
        self.mark = 0    # expectations look only after this point

    def read(self, timeout):
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        self.seen += ANSI.sub("", data.decode("utf-8", "replace"))
        return True

    def expect(self, text, timeout=15):
        deadline = time.time() + timeout
        while time.time() < deadline:
            index = self.seen.find(text, self.mark)
            if index >= 0:
                self.mark = index + len(text)
                return
            self.read(0.1)
        fail(f"expected {text!r}; the screen showed:\n{self.seen[self.mark:][-1500:]}")

    def type(self, keys, editing=True):
        """Types keys; by default first waits until the line editor has the terminal in raw mode,
        as keys typed before that are handled by the kernel's line discipline, not the editor."""
        if editing:
            deadline = time.time() + 15
            while termios.tcgetattr(self.fd)[3] & termios.ICANON:
                if time.time() > deadline:
                    fail("the terminal never left canonical mode")
                self.read(0.02)
        os.write(self.fd, keys.encode("utf-8"))

    def wait_exit(self, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        fail("funnel did not exit; the screen showed:\n" + self.seen[-800:])


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def step(name):
    print("ok: " + name, flush=True)


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

s.type("lead list | sel")
s.expect("lead list | sel")  # on screen before Ctrl-C, as a person would see it
s.type("\x03")
s.expect(PROMPT)
s.type("lead show L-1 | select name\r")
s.expect("王伟")
s.expect(PROMPT)
step("Ctrl-C cancels the line being typed")

s.type("mut i = 0; while true { $i += 1 }\r")
time.sleep(0.8)
s.type("\x03", editing=False)  # the command is running: the kernel turns Ctrl-C into SIGINT
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
