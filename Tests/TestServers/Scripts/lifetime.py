"""How long a test server lives: until its stdin closes or the process that started it is gone.

Stdin alone is not enough: if any other process inherited the write end of our stdin pipe, EOF never comes
and a leaked server would keep the test runner's pipes open forever.
"""
import os
import sys
import threading


def wait_until_released():
    """Blocks until stdin reaches EOF or the parent process exits (we are re-parented)."""
    parent = os.getppid()
    closed = threading.Event()

    def watch_stdin():
        sys.stdin.read()
        closed.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    while not closed.wait(0.5):
        if os.getppid() != parent:
            return
