"""A query worker process: holds one on-disk store open read-only and answers queries sent on stdin.

Run as a script (``python worker.py STORE MEMORY_MB``) so that it imports nothing but the standard
library and pyoxigraph. Frames both ways are a 4-byte big-endian length and a pickle. The address
space is capped (RLIMIT_AS: what the open store takes plus MEMORY_MB), so a query that needs more ends this
process, not the machine. The store is reopened when its files show a commit since it was opened.
"""
import gc
import os
import pickle
import resource
import struct
import sys


def _read(stream, n):
    data = b""
    while len(data) < n:
        chunk = stream.read(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def receive(stream):
    (size,) = struct.unpack(">I", _read(stream, 4))
    return pickle.loads(_read(stream, size))


def send(stream, value):
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack(">I", len(data)) + data)
    stream.flush()


def signature(path):
    """What changes when a transaction commits: the write-ahead logs, manifests and the build marker."""
    found = []
    with os.scandir(path) as entries:
        for entry in entries:
            name = entry.name
            if name.endswith(".log") or name.startswith(("MANIFEST", "CURRENT", "PLANKG")):
                stat = entry.stat()
                found.append((name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(found))


def answer(store, request, ox):
    """``("ok", payload)``: ``b"R"`` + SPARQL results JSON, ``b"S"`` + SPARQL results TSV (solutions when
    the request asks for ``"results": "tsv"``: a third of the bytes, read back faster) or ``b"T"`` +
    N-Triples; else ``(kind, message)``."""
    query = request["text"]
    substitutions = {ox.Variable(k): v for k, v in request.get("substitutions", {}).items()}
    try:
        result = store.query(query, use_default_graph_as_union=True, substitutions=substitutions)
        if isinstance(result, ox.QuerySolutions) and request.get("results") == "tsv":
            return ("ok", b"S" + result.serialize(format=ox.QueryResultsFormat.TSV))
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
            return ("ok", b"R" + result.serialize(format=ox.QueryResultsFormat.JSON))
        return ("ok", b"T" + result.serialize(format=ox.RdfFormat.N_TRIPLES))
    except SyntaxError as problem:
        return ("syntax", str(problem))
    except MemoryError:
        return ("memory", "")
    except Exception as problem:
        return ("error", f"{type(problem).__name__}: {problem}")


def main(path, memory_mb):
    import pyoxigraph as ox

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write into the answer stream
    try:
        seen = signature(path)
        store = ox.Store.read_only(path)
    except Exception as problem:
        send(stdout, ("error", f"cannot open the store {path}: {problem}"))
        return 1
    if memory_mb > 0:  # what the open store takes, plus what a query may add
        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = used + (memory_mb << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    send(stdout, ("ready", os.getpid()))
    while True:
        try:
            request = receive(stdin)
        except EOFError:
            return 0
        now = signature(path)
        if now != seen:
            del store
            gc.collect()
            try:
                store, seen = ox.Store.read_only(path), now
            except Exception as problem:
                send(stdout, ("error", f"cannot reopen the store {path}: {problem}"))
                return 1
        send(stdout, answer(store, request, ox))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2])))
