#!/usr/bin/python3
"""Counts the bytes of Xapian's remote protocol, for bench/run --scale.

usage: scale-proxy.py TARGET_PORT COUNTS_FILE

Listens on 127.0.0.1 on a port the kernel chooses, prints that port on
standard output (one line), and forwards every connection to
127.0.0.1:TARGET_PORT (an xapian-tcpsrv). When a connection ends, it appends
one line to COUNTS_FILE: "UP DOWN TURNS": the bytes the client sent to the
server, the bytes the server sent back, and the number of times the client
spoke after the server had (or first): the round trips, each of which costs
one network round-trip time between two machines. The bytes are the
protocol's, what a searcher and a shard server exchange over the network,
without TCP/IP headers. Runs until killed. It only counts: the latency of
queries through it is not measured.

One thread, non-blocking sockets and a selector that wakes at least every
0.2 s: a relay that never blocks on one side while the other waits.
"""
import selectors
import socket
import sys


class Link:
    """One relayed connection: client <-> server, with what is still to send
    each way and the counts."""

    def __init__(self, client, server):
        self.sock = {0: client, 1: server}    # 0: client, 1: server
        self.pending = {0: b'', 1: b''}       # bytes to send TO that side
        self.eof = {0: False, 1: False}       # that side finished sending
        self.up = self.down = self.turns = 0
        self.last = None                      # who spoke last: 0 or 1

    def done(self):
        return (self.eof[0] and self.eof[1] and not self.pending[0]
                and not self.pending[1])


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: scale-proxy.py TARGET_PORT COUNTS_FILE')
    target_port, counts_file = int(sys.argv[1]), sys.argv[2]
    sel = selectors.DefaultSelector()
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(16)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, None)
    print(listener.getsockname()[1], flush=True)
    links = set()

    def watch(link):
        """(Re)registers both sockets for what each side can do now."""
        for side in (0, 1):
            s = link.sock[side]
            ev = 0
            if not link.eof[side]:
                ev |= selectors.EVENT_READ
            if link.pending[side]:
                ev |= selectors.EVENT_WRITE
            try:
                sel.unregister(s)
            except (KeyError, ValueError):
                pass
            if ev:
                sel.register(s, ev, (link, side))

    def close(link):
        for side in (0, 1):
            try:
                sel.unregister(link.sock[side])
            except (KeyError, ValueError):
                pass
            link.sock[side].close()
        links.discard(link)
        with open(counts_file, 'a') as f:
            f.write('%d %d %d\n' % (link.up, link.down, link.turns))

    while True:
        for key, ev in sel.select(timeout=0.2):
            if key.data is None:            # a new connection
                try:
                    client, _ = listener.accept()
                except BlockingIOError:
                    continue
                try:
                    server = socket.create_connection(('127.0.0.1', target_port), timeout=10)
                except OSError:
                    client.close()
                    continue
                # As xapian-tcpsrv and its clients do: no Nagle delay, else every
                # small message waits for the other side's delayed ACK.
                for x in (client, server):
                    x.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    x.setblocking(False)
                link = Link(client, server)
                links.add(link)
                watch(link)
                continue
            link, side = key.data
            if link not in links:           # closed earlier in this round
                continue
            other = 1 - side
            s = link.sock[side]
            if ev & selectors.EVENT_READ and not link.eof[side]:
                try:
                    data = s.recv(65536)
                except (BlockingIOError, InterruptedError):
                    data = None
                except OSError:
                    data = b''
                if data == b'':
                    link.eof[side] = True
                elif data:
                    if side == 0:
                        link.up += len(data)
                        if link.last != 0:
                            link.turns += 1
                    else:
                        link.down += len(data)
                    link.last = side
                    link.pending[other] += data
            if ev & selectors.EVENT_WRITE and link.pending[side]:
                try:
                    n = s.send(link.pending[side])
                    link.pending[side] = link.pending[side][n:]
                except (BlockingIOError, InterruptedError):
                    pass
                except OSError:
                    link.pending[side] = b''
                    link.eof[side] = True
            # A side that finished sending: pass the end on once its bytes are out.
            for a in (0, 1):
                if link.eof[a] and not link.pending[1 - a]:
                    try:
                        link.sock[1 - a].shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
            if link.done():
                close(link)
            elif link in links:
                watch(link)


if __name__ == '__main__':
    main()
