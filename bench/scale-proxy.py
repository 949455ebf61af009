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
"""
import socket
import sys
import threading

lock = threading.Lock()


def pump(src, dst, counter, k):
    """Copies src to dst until src ends; counter[k] += bytes copied. counter[2]
    counts the client's turns: data from the client (k = 0) after data from the
    server, or first; counter[3] is who spoke last."""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            with lock:
                if k == 0 and counter[3] != 0:
                    counter[2] += 1
                counter[3] = k
            dst.sendall(data)
            counter[k] += len(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def serve(client, target_port, counts_file):
    counter = [0, 0, 0, None]
    try:
        server = socket.create_connection(('127.0.0.1', target_port), timeout=10)
        server.settimeout(None)
    except OSError:
        client.close()
        return
    up = threading.Thread(target=pump, args=(client, server, counter, 0))
    up.start()
    pump(server, client, counter, 1)
    up.join()
    client.close()
    server.close()
    with lock, open(counts_file, 'a') as f:
        f.write('%d %d %d\n' % (counter[0], counter[1], counter[2]))


def main():
    if len(sys.argv) != 3:
        sys.exit('usage: scale-proxy.py TARGET_PORT COUNTS_FILE')
    target_port, counts_file = int(sys.argv[1]), sys.argv[2]
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(('127.0.0.1', 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, target_port, counts_file),
                         daemon=True).start()


if __name__ == '__main__':
    main()
