#!/usr/bin/python3
"""client.py - the lab sheet's TCP client, in Python.

Same steps as client.c, with Python's socket module doing the C calls for us:
  1. socket.create_connection() finds the address of HOST (via /etc/hosts),
     creates a TCP socket and connects it (the three-way handshake).
  2. sendall() sends our message.
  3. recv() waits for the server's reply.
  4. Leaving the `with` block closes the connection.

Usage:  client.py HOST [PORT]      (PORT defaults to 8080)
Try:    node1$ server        node2$ client.py node1
"""
import socket
import sys

DEFAULT_PORT = 8080
MESSAGE = "Hello from Python Client"
TIMEOUT_SECONDS = 10


def main() -> int:
    if len(sys.argv) not in (2, 3):
        print("usage: client.py HOST [PORT]", file=sys.stderr)
        return 2
    host = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) == 3 else DEFAULT_PORT

    try:
        # 1. Resolve, create the socket and connect, giving up after TIMEOUT_SECONDS.
        with socket.create_connection((host, port), timeout=TIMEOUT_SECONDS) as sock:
            # 2. Text becomes bytes on the wire: encode it.
            sock.sendall(MESSAGE.encode())
            # 3. Read up to 1024 bytes of reply and turn them back into text.
            reply = sock.recv(1024).decode(errors="replace")
    except OSError as e:  # unknown host, connection refused, timeout, ...
        print(f"client.py: cannot talk to {host} port {port}: {e}", file=sys.stderr)
        return 1

    print(f"Server response: {reply}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
