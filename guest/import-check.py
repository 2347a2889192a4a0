"""Guest self-test: import every module the hartnet image promises, exercise a few of them,
and print IMPORT-CHECK OK (or IMPORT-CHECK FAILED with the reasons, exit status 1).

Installed as /usr/lib/hartnet/import-check.py. guest/qemu-boot runs it under QEMU; the
emulator's integration test runs the same file inside a node.
"""
import importlib
import sys
import time

REQUIRED = [
    # networking and concurrency
    "socket", "socketserver", "select", "selectors", "threading", "queue", "asyncio",
    "concurrent.futures", "ipaddress",
    # data
    "json", "struct", "hashlib", "hmac", "base64", "binascii", "zlib", "random", "time",
    "datetime", "collections", "dataclasses", "enum", "typing", "itertools", "functools",
    "re", "math", "statistics", "decimal", "fractions", "uuid", "pickle", "copy", "pprint",
    "textwrap", "string", "io", "os", "sys", "shutil", "tempfile", "pathlib", "glob",
    "subprocess", "signal", "errno", "logging", "traceback", "contextlib", "abc", "heapq",
    "bisect", "array", "csv", "configparser", "gzip", "bz2", "lzma", "zipfile", "tarfile",
    "secrets", "getpass", "platform", "locale", "codecs", "unicodedata", "operator",
    "ctypes", "mmap", "termios", "tty", "pty", "resource", "timeit", "doctest", "unittest",
    # protocols and servers
    "xmlrpc.client", "xmlrpc.server", "http.server", "http.client", "urllib.request",
    "urllib.parse", "email", "html", "xml.etree.ElementTree", "xml.dom.minidom", "pydoc",
    "argparse", "shlex", "pdb",
]

failures = []
start = time.monotonic()
for name in REQUIRED:
    try:
        importlib.import_module(name)
    except Exception as e:  # report every failure, not just the first
        failures.append(f"import {name}: {type(e).__name__}: {e}")

# A few behaviours the demos and lab sheets rely on.
def check(label, fn):
    try:
        fn()
    except Exception as e:
        failures.append(f"{label}: {type(e).__name__}: {e}")

def _hashes():
    import hashlib
    assert hashlib.md5(b"abc").hexdigest() == "900150983cd24fb0d6963f7d28e17f72"
    assert hashlib.sha1(b"abc").hexdigest() == "a9993e364706816aba3e25717850c26c9cd0d89d"
    assert hashlib.sha256(b"abc").hexdigest().startswith("ba7816bf8f01cfea")

def _socketpair():
    import socket
    a, b = socket.socketpair()
    a.sendall(b"ping")
    assert b.recv(4) == b"ping"
    a.close(); b.close()

def _json_struct():
    import json, struct
    assert json.loads(json.dumps({"a": [1, 2]})) == {"a": [1, 2]}
    assert struct.unpack("<I", struct.pack("<I", 0xdeadbeef))[0] == 0xdeadbeef

def _thread():
    import threading
    out = []
    t = threading.Thread(target=lambda: out.append(1))
    t.start(); t.join()
    assert out == [1]

def _asyncio():
    import asyncio
    async def f():
        await asyncio.sleep(0)
        return 42
    assert asyncio.run(f()) == 42

check("hashlib md5/sha1/sha256", _hashes)
check("socket.socketpair", _socketpair)
check("json/struct round trip", _json_struct)
check("threading", _thread)
check("asyncio.run", _asyncio)

elapsed = time.monotonic() - start
if failures:
    for f in failures:
        print(f, file=sys.stderr)
    print(f"IMPORT-CHECK FAILED ({len(failures)} problems)")
    sys.exit(1)
print(f"IMPORT-CHECK OK ({len(REQUIRED)} modules, {elapsed:.1f} s, Python {sys.version.split()[0]})")
