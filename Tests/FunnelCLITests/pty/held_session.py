#!/usr/bin/env python3
"""Two things a REPL user does that other work must survive, at a real terminal.

Usage: held_session.py FUNNEL_BINARY WORK_DIR

Checks: Ctrl-C ends a call to a plugin that neither reads nor answers (and ignores SIGINT) long
before the plugin timeout; a session holding `transaction begin` makes a writer in another process
wait, then fail with the explanation when its wait runs out, while readers go on; a patient writer
goes ahead once the session commits. Exits non-zero on the first failure.
"""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import terminal  # noqa: E402
from terminal import PROMPT, Session, fail, setup, step  # noqa: E402

setup(sys.argv[1], sys.argv[2])

plugin = os.path.join(terminal.WORK, "stuck.py")
with open(plugin, "w") as f:
    f.write("""#!/usr/bin/env python3
import json, signal, sys, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
sys.stdin.readline()
print(json.dumps({"type": "hello", "protocol": "1.0", "name": "stuck", "version": "1",
    "stages": [{"slot": "screen", "implementation": "stuck", "follows": "capture",
                "commands": [{"name": "lead screen", "kind": "screen"}]}]}), flush=True)
time.sleep(120)
""")
os.chmod(plugin, 0o755)


def funnel(script, **environment):
    """A one-shot funnel in another process, on the same database."""
    return subprocess.run([terminal.BINARY, "--db", terminal.DB, "-c", script], env=dict(terminal.ENV, **environment),
                          capture_output=True, text=True, timeout=60)


s = Session()
s.expect(PROMPT)
s.type(f"plugin add {plugin}; stage use screen stuck; config set plugin.timeout 60; lead add Acme\r")
s.expect("L-1 added: Acme")
s.expect(PROMPT)
s.type("lead screen L-1\r")
time.sleep(1)
started = time.time()
s.type("\x03", editing=False)
s.expect("cancelled", timeout=5)
s.expect(PROMPT)
if time.time() - started > 3:
    fail(f"Ctrl-C took {time.time() - started:.1f} s to end the plugin call")
s.type("stage use screen bant; lead list | where status == new | count\r")
s.expect("1\n")
s.expect(PROMPT)
step("Ctrl-C cancels a call to a plugin that does not answer")

s.type("transaction begin\r")
s.expect("transaction open")
s.expect("repl.db*> ")
s.type("lead add Held\r")
s.expect("L-2 added: Held")
s.expect("repl.db*> ")
reader = funnel("lead list | count")
if reader.returncode != 0 or reader.stdout != "1\n":
    fail(f"a reader waited or failed: {reader.returncode} {reader.stdout!r} {reader.stderr!r}")
step("a reader does not wait for a held transaction")

started = time.time()
impatient = funnel("lead add Impatient", FUNNEL_BUSY_TIMEOUT="1")
waited = time.time() - started
if impatient.returncode != 3 or "repl.db is locked: another funnel session or process has held its write lock for over 1 s" not in impatient.stderr:
    fail(f"the impatient writer: {impatient.returncode} {impatient.stderr!r}")
if waited < 0.9:
    fail(f"the impatient writer gave up after {waited:.1f} s, before its timeout")
step("a writer waits for the held transaction, then fails with the explanation")

patient = subprocess.Popen([terminal.BINARY, "--db", terminal.DB, "-c", "lead add Patient"], env=terminal.ENV,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
time.sleep(1)
s.type("transaction commit\r")
s.expect("committed")
s.expect(PROMPT)
out, err = patient.communicate(timeout=30)
if patient.returncode != 0 or "L-3 added: Patient" not in out:
    fail(f"the patient writer: {patient.returncode} {out!r} {err!r}")
final = funnel("lead list | get name | to json")
if final.stdout.split() != ['["Acme","Held","Patient"]']:
    fail(f"the leads afterwards: {final.stdout!r}")
step("a patient writer goes ahead once the session commits")

s.type("\x04")
if s.wait_exit() != 0:
    fail("the session did not exit cleanly")
print("all held-session checks passed")
