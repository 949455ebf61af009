# cgindex --shards: N databases and a stub file, answering as one database.
TESTS += tests/shards.sh
EXTRA_DIST += tests/shards.sh
