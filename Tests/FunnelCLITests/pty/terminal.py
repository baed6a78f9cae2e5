"""The pieces the pseudo-terminal scripts share: a funnel REPL started under a pseudo-terminal,
keys typed as a person would, and the screen read back. Standard library only.

Scripts call `setup(binary, work)` first, then make `Session`s.
"""
import fcntl
import os
import pty
import re
import select
import struct
import sys
import termios
import time

BINARY = WORK = DB = None
ENV = {}
SESSIONS = []  # ended on failure, so no funnel (or pager) outlives the script holding its output
PROMPT = "repl.db> "


def setup(binary, work, **environment):
    """The funnel binary, the folder holding the database repl.db, HOME and XDG folders, and more
    environment variables for the sessions."""
    global BINARY, WORK, DB, ENV
    BINARY, WORK = binary, work
    DB = os.path.join(WORK, "repl.db")
    ENV = dict(os.environ, HOME=WORK, XDG_STATE_HOME=os.path.join(WORK, "state"),
               XDG_CONFIG_HOME=os.path.join(WORK, "config"), XDG_DATA_HOME=os.path.join(WORK, "data"),
               LANG="C.UTF-8", LC_ALL="C.UTF-8", TERM="xterm", FUNNEL_NOW="2026-01-31", **environment)


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r|\x07")


class Session:
    def __init__(self, size=None):
        """`size`: (rows, columns) of the terminal; unset (0 x 0) by default."""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(WORK)
            os.execve(BINARY, [BINARY, "--db", DB], ENV)
        SESSIONS.append(self)
        if size:
            fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[0], size[1], 0, 0))
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
    for session in SESSIONS:
        try:
            os.killpg(session.pid, 9)
        except OSError:
            pass
    sys.exit(1)


def step(name):
    print("ok: " + name, flush=True)
