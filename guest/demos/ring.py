#!/usr/bin/python3
"""ring: a consistent-hashing key-value store, one daemon per node.

    ring start [--vnodes 8] [--replicas 2]   start this node's daemon (log: /tmp/ring.log)
    ring stop                                leave the ring and stop the daemon
    ring leave | ring join                   leave / rejoin the ring, daemon keeps running
    ring put KEY VALUE [KEY VALUE ...]       store values (from any node)
    ring get KEY [KEY ...]                   read values (from any node)
    ring status                              this node's view: members, tokens, keys held

The ring is the numbers 0 .. 2**32-1 arranged in a circle. A key sits at hash(key): the
first 4 bytes of MD5(key), read big-endian. Each node sits at V points ("virtual nodes",
tokens) hash("node2#0") ... hash("node2#7"). A key belongs to the first token at or after
its hash, going clockwise; that token's node is the key's OWNER, and the next R distinct
nodes clockwise hold REPLICAS. Owner + replicas = the key's CHAIN.

Nodes find each other by UDP broadcast heartbeats (port 7946, every second); a node that
has been silent for 4 s is dropped. Requests go over TCP (port 7947), one JSON document per
line. When the membership changes every node recomputes the chains of the keys it holds,
hands keys to nodes that are new in a chain, and forgets keys it is no longer part of.
The messages are described in RING-PROTOCOL.md.
"""
import bisect
import hashlib
import json
import os
import socket
import sys
import threading
import time

UDP_PORT = 7946            # heartbeats and leave announcements (broadcast)
TCP_PORT = 7947            # put / get / replicate / handoff / status (one JSON per line)
HEARTBEAT_EVERY = 1.0      # seconds
DEAD_AFTER = 4.0           # seconds of silence before a member is dropped
LOG = "/tmp/ring.log"
LOCAL = "127.0.0.1"        # the commands (put, get, status...) ask the daemon on this node

def ring_hash(text):
    """Position of `text` on the ring: first 4 bytes of its MD5, big-endian (0 .. 2**32-1)."""
    return int.from_bytes(hashlib.md5(text.encode()).digest()[:4], "big")

def tokens_for(name, vnodes):
    """The V positions of node `name`: hash("name#0") ... hash("name#V-1")."""
    return [ring_hash(f"{name}#{i}") for i in range(vnodes)]

def chain_for(key_hash, ring, replicas):
    """Owner and replicas of a key: walk clockwise from its hash, collecting the first R + 1
    distinct nodes. `ring` is a sorted list of (token, node name)."""
    start = bisect.bisect_left(ring, (key_hash, ""))      # first token at or after the key
    nodes = []
    for i in range(len(ring)):
        name = ring[(start + i) % len(ring)][1]           # % len: past the top, wrap to 0
        if name not in nodes and len(nodes) <= replicas:
            nodes.append(name)
    return nodes

def log(*args):
    print(time.strftime("%H:%M:%S"), *args, flush=True)

# --- talking TCP: one JSON document per line -------------------------------------------------

class Peer:
    """A kept-open TCP connection to one node's daemon: send a request line, read the reply line."""

    def __init__(self, addr):
        self.addr, self.sock, self.lock = addr, None, threading.Lock()

    def request(self, msg, timeout=3.0):
        with self.lock:
            for attempt in (1, 2):          # a kept connection may have died: reconnect once
                try:
                    if self.sock is None:
                        self.sock = socket.create_connection((self.addr, TCP_PORT), timeout=timeout)
                        self.file = self.sock.makefile("rwb")
                    self.file.write(json.dumps(msg).encode() + b"\n")
                    self.file.flush()
                    return json.loads(self.file.readline())   # closed: b"" raises ValueError
                except (OSError, ValueError):
                    if self.sock:
                        self.sock.close()
                    self.sock = None
                    if attempt == 2:
                        raise

# --- the daemon ----------------------------------------------------------------------------

class Node:
    def __init__(self, name, addr, vnodes, replicas):
        self.name, self.addr, self.vnodes, self.replicas = name, addr, vnodes, replicas
        self.tokens = tokens_for(name, vnodes)
        self.lock = threading.RLock()
        self.members = {}      # name -> {"addr", "tokens", "seen"}: whoever sends heartbeats
        self.store = {}        # key -> value
        self.chains = {}       # key -> chain as this node last computed it
        self.peers = {}        # addr -> Peer
        self.broadcast = addr.rsplit(".", 1)[0] + ".255"     # the lab's LAN is a /24
        self.changed = threading.Event()                     # membership changed: rebalance
        self.join()

    # -- the ring as this node sees it
    def chain(self, key):
        with self.lock:
            ring = sorted((t, n) for n, m in self.members.items() for t in m["tokens"])
        return chain_for(ring_hash(key), ring, self.replicas)

    def send(self, name, msg):
        """Send `msg` to member `name` and return its reply (None if it did not answer)."""
        with self.lock:
            m = self.members.get(name)
            if not m:
                return None
            peer = self.peers.setdefault(m["addr"], Peer(m["addr"]))
        try:
            return peer.request(msg)
        except (OSError, ValueError) as e:
            log(f"{name} did not answer {msg['type']}: {e}")
            return None

    def give(self, name, kind, key, value, chain):
        """Send member `name` a copy of a key: kind is "replicate" (from the owner) or "handoff"."""
        self.send(name, {"type": kind, "key": key, "value": value,
                         "hash": ring_hash(key), "chain": chain, "from": self.name})

    # -- membership: heartbeats out, heartbeats in, expiry
    def announce(self, msg):
        """Broadcast `msg` to every node on the LAN (one UDP datagram)."""
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
            udp.sendto(json.dumps(msg).encode(), (self.broadcast, UDP_PORT))

    def heartbeat_loop(self):
        while True:
            if self.joined:
                self.announce({"type": "heartbeat", "node": self.name, "addr": self.addr,
                               "vnodes": self.vnodes, "tokens": self.tokens, "keys": len(self.store)})
            now = time.time()         # expire: drop members silent for longer than DEAD_AFTER
            with self.lock:
                dead = [n for n, m in self.members.items() if n != self.name and now - m["seen"] > DEAD_AFTER]
            for n in dead:
                self.drop(n, f"silent for {DEAD_AFTER:.0f} s")
            time.sleep(HEARTBEAT_EVERY)

    def listen_udp(self):
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        udp.bind(("", UDP_PORT))
        while True:
            try:
                msg = json.loads(udp.recvfrom(2048)[0])
                name, kind = msg["node"], msg["type"]
            except (ValueError, KeyError):
                continue
            if name == self.name:       # our own broadcasts come back to us too
                continue
            if kind == "heartbeat":
                with self.lock:
                    new = name not in self.members
                    self.members[name] = {"addr": msg["addr"], "tokens": msg["tokens"], "seen": time.time()}
                if new:
                    log(f"{name} joined ({msg['addr']}, {len(msg['tokens'])} tokens)")
                    self.changed.set()
            elif kind == "leave":
                self.drop(name, "left")

    def drop(self, name, why):
        with self.lock:
            if self.members.pop(name, None) is None:
                return
        log(f"{name} dropped: {why}")
        self.changed.set()

    def join(self):
        with self.lock:
            self.joined = True
            self.members[self.name] = {"addr": self.addr, "tokens": self.tokens, "seen": time.time()}
        self.changed.set()

    def leave(self):
        """Tell the others we are going, hand our keys to their chains without us, forget them."""
        if not self.joined:
            return
        self.announce({"type": "leave", "node": self.name})
        with self.lock:
            self.joined = False
            self.members.pop(self.name, None)
        self.rebalance()                # we are in no chain now: every key is handed on
        log("left the ring")

    # -- moving keys when the ring changes (in its own thread: heartbeats must not wait for it)
    def rebalance_loop(self):
        while self.changed.wait():
            self.changed.clear()
            self.rebalance()

    def rebalance(self):
        """Recompute the chain of every key held; hand keys to nodes new in a chain; forget
        keys this node is no longer part of."""
        moved = 0
        for key in list(self.store):    # a copy: handoffs arriving meanwhile add keys
            new, old = self.chain(key), self.chains.get(key, [])
            if new == old:
                continue
            with self.lock:             # of the old chain's live nodes, the first one sends
                sender = next((n for n in old if n in self.members), self.name)
            if sender == self.name or not self.joined:      # (a leaving node sends all)
                for name in new:
                    if name != self.name and name not in old:
                        self.give(name, "handoff", key, self.store.get(key), new)
                        moved += 1
            with self.lock:
                if self.name in new:
                    self.chains[key] = new
                else:
                    self.store.pop(key, None)
                    self.chains.pop(key, None)
        if moved:
            log(f"rebalanced: {moved} handoffs, holding {len(self.store)} keys")

    # -- requests over TCP
    def serve_tcp(self):
        srv = socket.create_server(("", TCP_PORT), backlog=16)     # (sets SO_REUSEADDR)
        while True:
            conn, _ = srv.accept()
            threading.Thread(target=self.serve_connection, args=(conn,), daemon=True).start()

    def serve_connection(self, conn):
        with conn, conn.makefile("rwb") as f:
            for line in f:
                try:
                    reply = self.handle(json.loads(line))
                except Exception as e:          # a bad request must not kill the daemon
                    reply = {"type": "error", "error": repr(e)}
                f.write(json.dumps(reply).encode() + b"\n")
                f.flush()
                if reply.get("type") == "bye":
                    os._exit(0)

    def handle(self, msg):
        kind, key = msg["type"], msg.get("key")
        if kind == "put":               # a client asks the owner (us) to store a key
            chain = self.chain(key)
            with self.lock:             # not in the chain: our view was stale, and the old
                self.store[key] = msg["value"]          # chain [] makes the rebalance hand it on
                self.chains[key] = chain if self.name in chain else []
            for name in chain[1:]:
                if name != self.name:
                    self.give(name, "replicate", key, msg["value"], chain)
            if self.name not in chain:
                self.changed.set()
            return {"type": "stored", "key": key, "node": self.name, "chain": chain}
        if kind in ("replicate", "handoff"):    # another node gives us a copy
            with self.lock:
                self.store[key], self.chains[key] = msg["value"], msg.get("chain", [])
            if self.chains[key] != self.chain(key):  # the sender saw an older ring: rebalance
                self.changed.set()
            return {"type": "ack", "key": key, "node": self.name}
        if kind == "get":
            with self.lock:
                if key in self.store:
                    return {"type": "value", "key": key, "value": self.store[key], "node": self.name}
            return {"type": "missing", "key": key, "node": self.name}
        if kind in ("client-put", "client-get"):   # from our own `ring put` / `ring get`:
            chain = self.chain(key)                # ask the owner, then the replicas in order
            ask, ok = ("put", "stored") if kind == "client-put" else ("get", "value")
            for name in chain:
                req = dict(msg, type=ask)
                r = self.handle(req) if name == self.name else self.send(name, req)
                if r and r["type"] == ok:
                    return dict(r, chain=chain)
            return {"type": "missing", "key": key, "chain": chain}
        if kind == "status":
            with self.lock:
                members = {n: {"addr": m["addr"], "tokens": m["tokens"]} for n, m in self.members.items()}
                keys = {k: {"value": v, "hash": ring_hash(k), "chain": self.chains.get(k, [])}
                        for k, v in self.store.items()}
            return {"type": "status", "node": self.name, "joined": self.joined, "vnodes": self.vnodes,
                    "replicas": self.replicas, "members": members, "keys": keys}
        if kind in ("leave", "stop"):
            self.leave()
            return {"type": "bye" if kind == "stop" else "left", "node": self.name}
        if kind == "join":
            self.join()
            return {"type": "joined", "node": self.name}
        return {"type": "error", "error": f"unknown request type {kind!r}"}

# --- the commands ----------------------------------------------------------------------------

def local_status():
    """This node's daemon's status, or None if no daemon answers."""
    try:
        return Peer(LOCAL).request({"type": "status"}, timeout=1)
    except OSError:
        return None

def start(args):
    opt = lambda flag, default: int(args[args.index(flag) + 1]) if flag in args else default
    vnodes, replicas = opt("--vnodes", 8), opt("--replicas", 2)
    if local_status():
        sys.exit("ring: a daemon is already running here")
    if os.fork():                       # the parent returns to the shell
        for _ in range(100):            # ... once the daemon answers
            time.sleep(0.1)
            if s := local_status():
                print(f"ring: {s['node']} started ({vnodes} virtual nodes, {replicas} replicas), log in {LOG}")
                return
        sys.exit(f"ring: the daemon did not start, see {LOG}")
    os.setsid()
    out = os.open(LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(out, 1), os.dup2(out, 2)
    os.dup2(os.open("/dev/null", os.O_RDONLY), 0)
    name = socket.gethostname()
    addr = socket.gethostbyname(name)          # /etc/hosts: node2 -> 10.0.0.2
    node = Node(name, addr, vnodes, replicas)
    log(f"{name} at {addr}: tokens {node.tokens}")
    for loop in (node.listen_udp, node.heartbeat_loop, node.rebalance_loop):
        threading.Thread(target=loop, daemon=True).start()
    node.serve_tcp()

def show_status(s):
    print(f"{s['node']}: {'in the ring' if s['joined'] else 'not in the ring'}, "
          f"{s['vnodes']} virtual nodes, {s['replicas']} replicas")
    print(f"members ({len(s['members'])}):")
    for name, m in sorted(s["members"].items()):
        print(f"  {name} {m['addr']} tokens {' '.join(f'{t:08x}' for t in sorted(m['tokens']))}")
    print(f"keys held ({len(s['keys'])}):")
    for key, k in sorted(s["keys"].items(), key=lambda kv: kv[1]["hash"]):
        role = "owner" if k["chain"][:1] == [s["node"]] else "replica"
        print(f"  {key} = {k['value']}  hash {k['hash']:08x}  {role}  chain {','.join(k['chain'])}")

def main(argv):
    cmd, args = (argv[0], argv[1:]) if argv else ("help", [])
    if cmd == "start":
        return start(args)
    daemon = Peer(LOCAL)                 # the other commands talk to this node's daemon
    try:
        if cmd == "put" and args and len(args) % 2 == 0:
            for key, value in zip(args[0::2], args[1::2]):
                r = daemon.request({"type": "client-put", "key": key, "value": value}, timeout=30)
                if r["type"] != "stored":
                    return f"ring: put {key} failed: no node of {r['chain']} answered"
            print(f"{key} stored on {' '.join(r['chain'])}" if len(args) == 2 else f"stored {len(args) // 2} keys")
        elif cmd == "get" and args:
            replies = [daemon.request({"type": "client-get", "key": key}, timeout=30) for key in args]
            for r in replies:
                print((f"{r['key']} " if len(args) > 1 else "") + r.get("value", "(missing)"))
            return 1 if any(r["type"] != "value" for r in replies) else 0
        elif cmd == "status":
            show_status(daemon.request({"type": "status"}))
        elif cmd in ("stop", "leave", "join"):
            print(f"ring: {daemon.request({'type': cmd})['type']}")
        else:
            print(__doc__.split("\n\n")[1])
            return 0 if cmd in ("help", "-h", "--help") else 2
    except OSError as e:
        return f"ring: no daemon here ({e}); start one with: ring start"
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
