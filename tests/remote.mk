# Remote shards: one xapian-tcpsrv per shard on 127.0.0.1, answering through a stub
# file as the local index does; failures named and bounded by --timeout. It needs
# the server processes' real sockets and timings, so it runs once (not under ASan).
TESTS += tests/remote.sh
EXTRA_DIST += tests/remote.sh
