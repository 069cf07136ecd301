"""Issue 14 item 11: a long build says what it does, with a bar on a terminal and plain lines elsewhere."""
import io
import os
import pty

from plankg_cli.progress import Progress


def test_a_terminal_gets_a_bar_that_counts_plans():
    master, slave = pty.openpty()
    stream = os.fdopen(slave, "w")
    heard = []
    show = Progress(4, lambda event, payload: heard.append(event), stream)
    show("step", "parsing a.txt")
    show("plan", object())
    show("step", "loading b.txt")
    show.done()
    stream.close()                     # then read everything the terminal received, however it was chunked
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:                # EIO: the other end is closed and all was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    drawn = b"".join(chunks).decode()
    assert "0/4 parsing a.txt" in drawn and "1/4 loading b.txt" in drawn and "[#" in drawn and "\x1b[K" in drawn
    assert heard == ["plan"]


def test_elsewhere_each_step_is_one_line():
    stream = io.StringIO()
    show = Progress(2, lambda event, payload: None, stream)
    show("step", "parsing a.txt")
    show("failure", "a.txt: no plan title")
    show("step", "linking 1 plans")
    lines = stream.getvalue().splitlines()
    assert [line.split(" (")[0] for line in lines] == ["[0/2] parsing a.txt", "[1/2] linking 1 plans"]
