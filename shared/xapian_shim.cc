// xapian_shim.cc — the one C++ file: extern "C" functions over Xapian's C++ API.
//
// Every entry point is noexcept and its body is one try block. Xapian::Error is not
// a std::exception, so it is caught first, its type mapped to a cg_status and its
// description copied into the handle; std::bad_alloc becomes CG_ENOMEM and anything
// else CG_EINTERNAL. No exception ever crosses into C.
#include "xapian_shim.h"

#include <xapian.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

// BM25's parameters (cg_db_set_bm25); Xapian's defaults until set.
struct Bm25 {
    double k1 = 1, b = 0.5;
};

// One database a stub file lists, kept beside the combined one so that an error can
// name it.
struct Shard {
    std::string address; // HOST:PORT as the stub writes it, or the local path
    bool remote = false;
    std::string context;  // Xapian's context for its errors: remote:tcp(HOST:PORT)
    std::string host;     // a remote TCP shard's
    unsigned port = 0;
    std::string prog, args; // a remote shard served by a program (remote :PROG ARGS)
};

struct cg_db {
    Xapian::Database db;
    std::vector<Shard> shards;
    bool has_remote = false;
    cg_db_open_opts opts{};
    Bm25 bm25;
    std::string errmsg;
};

struct cg_wdb {
    Xapian::WritableDatabase db;
    bool txn = false; // inside a transaction (an existing index, opened to update it)
    Xapian::Document doc;
    std::string errmsg;
};

namespace {

cg_status status_of(const Xapian::Error &e)
{
    const char *type = e.get_type();
    // A full disk shows only as the errno text of a DatabaseError (Xapian 1.4 has no
    // getter for the errno itself).
    const char *sys = e.get_error_string();
    if (sys && !std::strcmp(sys, std::strerror(ENOSPC)))
        return CG_ENOSPACE;
    if (!std::strcmp(type, "DatabaseLockError"))
        return CG_ELOCKED;
    if (!std::strcmp(type, "DatabaseNotFoundError"))
        return CG_ENOTFOUND;
    if (!std::strcmp(type, "DatabaseCorruptError"))
        return CG_ECORRUPT;
    if (!std::strcmp(type, "DatabaseVersionError"))
        return CG_EVERSION;
    if (!std::strcmp(type, "DatabaseOpeningError") || !std::strcmp(type, "DocNotFoundError"))
        return CG_ENOTFOUND;
    if (!std::strcmp(type, "InvalidArgumentError") || !std::strcmp(type, "QueryParserError"))
        return CG_EINVAL;
    if (!std::strcmp(type, "NetworkError") || !std::strcmp(type, "NetworkTimeoutError"))
        return CG_ENETWORK;
    return CG_EXAPIAN;
}

std::string describe(const Xapian::Error &e)
{
    std::string m = "[xapian][";
    m += e.get_type();
    m += "] ";
    m += e.get_description();
    return m;
}

char *dup_message(const std::string &m)
{
    char *p = static_cast<char *>(std::malloc(m.size() + 1));
    if (p)
        std::memcpy(p, m.c_str(), m.size() + 1);
    return p;
}

// An error whose message is already what the user should read (a shard named).
struct NamedError {
    cg_status status;
    std::string msg;
};

// Runs body, mapping any exception to a status and a message stored in *msg.
template <typename F>
cg_status guarded(std::string *msg, F body) noexcept
{
    try {
        try {
            return body();
        } catch (const NamedError &e) {
            if (msg)
                *msg = e.msg;
            return e.status;
        } catch (const Xapian::Error &e) {
            if (msg)
                *msg = describe(e);
            return status_of(e);
        } catch (const std::bad_alloc &) {
            if (msg)
                *msg = "[xapian] out of memory";
            return CG_ENOMEM;
        } catch (const std::exception &e) {
            if (msg)
                *msg = std::string("[xapian] unexpected exception: ") + e.what();
            return CG_EINTERNAL;
        } catch (...) {
            if (msg)
                *msg = "[xapian] unexpected exception";
            return CG_EINTERNAL;
        }
    } catch (...) {
        // Assigning the message itself failed (out of memory).
        return CG_ENOMEM;
    }
}

// ---- remote shards

// What went wrong with a remote shard: a few words, then Xapian's own.
std::string network_what(const Xapian::Error &e)
{
    const char *sys = e.get_error_string();
    std::string what;
    if (!std::strcmp(e.get_type(), "NetworkTimeoutError"))
        what = "timed out";
    else if (sys && !std::strcmp(sys, std::strerror(ECONNREFUSED)))
        what = "connection refused";
    else if (sys && (!std::strcmp(sys, std::strerror(EPIPE)) ||
                     !std::strcmp(sys, std::strerror(ECONNRESET))))
        what = "connection closed";
    else if (e.get_msg().find("EOF") != std::string::npos)
        what = "connection closed";
    else
        what = "network error";
    what += " (" + e.get_msg();
    if (sys) {
        what += ": ";
        what += sys;
    }
    what += ")";
    return what;
}

Xapian::Database open_remote(const Shard &sh, const cg_db_open_opts &o)
{
    unsigned timeout = o.timeout_ms ? o.timeout_ms : 10000;
    unsigned connect = o.connect_timeout_ms ? o.connect_timeout_ms : 10000;
    if (!sh.prog.empty())
        return Xapian::Remote::open(sh.prog, sh.args, timeout);
    return Xapian::Remote::open(sh.host, sh.port, timeout, connect);
}

// The message for a network error e met while db was searched: the shard it came
// from by Xapian's context for it, else the first remote shard that fails a fresh
// connection (each within the timeouts).
std::string shard_message(const cg_db &db, const Xapian::Error &e)
{
    for (const Shard &sh : db.shards)
        if (sh.remote && !sh.context.empty() && sh.context == e.get_context())
            return "shard " + sh.address + ": " + network_what(e);
    for (const Shard &sh : db.shards) {
        if (!sh.remote)
            continue;
        try {
            open_remote(sh, db.opts).keep_alive();
        } catch (const Xapian::Error &pe) {
            return "shard " + sh.address + ": " + network_what(pe);
        }
    }
    return "a remote shard (" + e.get_context() + "): " + network_what(e);
}

// guarded() for the calls on an open db: a network error names its shard.
template <typename F>
cg_status guarded_db(cg_db *db, F body) noexcept
{
    return guarded(&db->errmsg, [&]() -> cg_status {
        try {
            return body();
        } catch (const Xapian::NetworkError &e) {
            throw NamedError{CG_ENETWORK, shard_message(*db, e)};
        }
    });
}

void add_remote(cg_db &d, Shard sh)
{
    sh.remote = true;
    try {
        d.db.add_database(open_remote(sh, d.opts));
    } catch (const Xapian::NetworkError &e) {
        throw NamedError{CG_ENETWORK, "shard " + sh.address + ": " + network_what(e)};
    }
    d.shards.push_back(std::move(sh));
    d.has_remote = true;
}

void add_local(cg_db &d, const std::string &path, int backend)
{
    d.db.add_database(Xapian::Database(path, backend));
    Shard sh;
    sh.address = path;
    d.shards.push_back(std::move(sh));
}

// Xapian's rule: a relative path in a stub is relative to the stub's directory.
std::string beside(const std::string &stub, const std::string &path)
{
    std::string::size_type slash = stub.rfind('/');
    if (path.empty() || path[0] == '/' || slash == std::string::npos)
        return path;
    return stub.substr(0, slash + 1) + path;
}

void open_path(cg_db &d, const std::string &path, int depth);

// Reads a stub file as Xapian 1.4's read_stub_file does (backends/databasehelpers.h),
// opening `remote` shards with our timeouts (Xapian's own reader gives them 10 s).
void read_stub(cg_db &d, const std::string &stub, int depth)
{
    std::ifstream in(stub.c_str());
    if (!in)
        throw Xapian::DatabaseNotFoundError("Couldn't open stub database file: " + stub, errno);
    std::string line;
    unsigned line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.empty() || line[0] == '#')
            continue;
        std::string::size_type space = line.find(' ');
        if (space == std::string::npos)
            space = line.size();
        std::string type(line, 0, space);
        line.erase(0, space + 1);
        if (type == "auto") {
            open_path(d, beside(stub, line), depth + 1);
            continue;
        }
        if (type == "glass" || type == "chert") {
            add_local(d, beside(stub, line),
                      type == "glass" ? Xapian::DB_BACKEND_GLASS : Xapian::DB_BACKEND_CHERT);
            continue;
        }
        if (type == "remote" && !line.empty()) {
            Shard sh;
            sh.address = line;
            if (line[0] == ':') { // a program and its arguments
                space = line.find(' ');
                sh.prog = line.substr(1, space == std::string::npos ? space : space - 1);
                if (space != std::string::npos)
                    sh.args = line.substr(space + 1);
                add_remote(d, std::move(sh));
                continue;
            }
            std::string::size_type colon = line.rfind(':');
            if (colon != std::string::npos && !(line[0] == '[' && line.back() == ']')) {
                sh.port = static_cast<unsigned>(std::atoi(line.c_str() + colon + 1));
                sh.host = line.substr(0, colon);
                if (sh.host.size() >= 2 && sh.host[0] == '[' && sh.host.back() == ']')
                    sh.host = sh.host.substr(1, sh.host.size() - 2);
                sh.context = "remote:tcp(" + sh.host + ":" + std::to_string(sh.port) + ")";
                add_remote(d, std::move(sh));
                continue;
            }
        }
        // As Xapian: the line number, not the line (the file may not be a stub).
        throw NamedError{CG_EINVAL, stub + ":" + std::to_string(line_no) +
                                        ": Bad line (a stub file's lines are auto PATH or "
                                        "remote HOST:PORT)"};
    }
}

// A stub is text; a single-file glass database is not (it holds NUL bytes).
bool looks_like_text(const std::string &path)
{
    std::ifstream in(path.c_str(), std::ios::binary);
    char head[512];
    in.read(head, sizeof head);
    return std::memchr(head, '\0', static_cast<size_t>(in.gcount())) == nullptr;
}

bool exists(const std::string &path)
{
    struct stat st;
    return stat(path.c_str(), &st) == 0;
}

// Opens what Xapian opens at path, reading stub files (nested ones too, up to a
// depth where Xapian's reader takes over) ourselves.
void open_path(cg_db &d, const std::string &path, int depth)
{
    struct stat st;
    std::string stub;
    if (depth < 10 && stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode) && !exists(path + "/iamglass") && !exists(path + "/iamchert") &&
            exists(path + "/XAPIANDB"))
            stub = path + "/XAPIANDB";
        else if (S_ISREG(st.st_mode) && looks_like_text(path))
            stub = path;
    }
    if (stub.empty())
        add_local(d, path, 0);
    else
        read_stub(d, stub, depth);
}

// A CJK character on its own matches every term that starts with it (its unigram and
// its bigrams: 1,334 terms for 的 in the benchmark corpus). It matches but does not
// weigh: a character found in most documents says little of which is best, and no
// weight it could have is the same in one database, in shards and over remote
// shards (Xapian estimates an OR's frequency from each shard's own term order), while
// 0 is (the known-item benchmark scored 0.962 with it, 0.960 without). Xapian's OR
// over that many postlists costs about 300 ns a posting; here their docids are
// gathered in one pass. A remote shard cannot run this class (xapian-tcpsrv knows
// only Xapian's own): it is sent the OR of the terms, weighted 0.
class PrefixSource : public Xapian::PostingSource {
    std::string prefix;
    std::vector<Xapian::docid> ids;
    size_t at = 0;
    bool started = false;

public:
    explicit PrefixSource(const std::string &p) : prefix(p) {}

    PostingSource *clone() const override { return new PrefixSource(prefix); }
    std::string name() const override { return "cgsearch::PrefixSource"; }

    void init(const Xapian::Database &db) override
    {
        ids.clear();
        at = 0;
        started = false;
        std::vector<bool> seen(static_cast<size_t>(db.get_lastdocid()) + 1, false);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
            for (auto p = db.postlist_begin(*t); p != db.postlist_end(*t); ++p)
                seen[*p] = true;
        for (Xapian::docid did = 1; did < seen.size(); did++)
            if (seen[did])
                ids.push_back(did);
        set_maxweight(0);
    }

    Xapian::doccount get_termfreq_min() const override { return ids.size(); }
    Xapian::doccount get_termfreq_est() const override { return ids.size(); }
    Xapian::doccount get_termfreq_max() const override { return ids.size(); }

    void next(double) override
    {
        if (started)
            at++;
        started = true;
    }

    void skip_to(Xapian::docid did, double) override
    {
        started = true;
        at = static_cast<size_t>(std::lower_bound(ids.begin() + static_cast<std::ptrdiff_t>(at),
                                                  ids.end(), did) - ids.begin());
    }

    bool at_end() const override { return started && at >= ids.size(); }
    Xapian::docid get_docid() const override { return ids[at]; }
    double get_weight() const override { return 0; }
};

/* Xapian 1.4 (seen in 1.4.22, still in 1.4.32) reads an unweighted term that is in
 * every document from the document-length list but under the term's name
 * (LocalSubMatch::open_post_list -> set_term); once the docids have a gap (a
 * deleted document) and that list has two chunks (a merged shard each, or ~1000
 * documents), GlassPostList::next_chunk looks for the term's own chunk and throws
 * "Unexpected end of posting list". Such a term matches what MatchAll matches, so
 * ask for that (its list keeps its own name). weighted: the term's score counts
 * (BM25 needs the wdf, which keeps Xapian on the term's own list). */
Xapian::Query term_query(const Xapian::Database &db, std::string term, bool in_phrase,
                         bool weighted)
{
    if (!in_phrase && !weighted && db.get_doccount() != 0 &&
        db.get_termfreq(term) == db.get_doccount())
        return Xapian::Query::MatchAll;
    return Xapian::Query(term);
}

// Xapian's BM25 with our k1 and b (k2 0, k3 1 and min_normlen 0.5 as its defaults).
Xapian::BM25Weight bm25_weight(const Bm25 &p)
{
    return Xapian::BM25Weight(p.k1, 0, 1, p.b, 0.5);
}

// remote: a shard is remote, where PrefixSource cannot go (xapian-tcpsrv cannot
// unserialise it).
Xapian::Query build(const Xapian::Database &db, bool remote, const cg_qnode *q,
                    bool in_phrase, bool weighted)
{
    switch (q->op) {
    case CG_QOP_TERM:
        return term_query(db, std::string(q->term, q->term_len), in_phrase, weighted);
    case CG_QOP_PREFIX: {
        std::string prefix(q->term, q->term_len);
        if (!in_phrase && !remote)
            return Xapian::Query((new PrefixSource(prefix))->release());
        // Xapian 1.4's OP_PHRASE takes an OP_OR of terms but not OP_WILDCARD; over
        // remote shards, the terms (listed from every shard) weighted 0, as
        // PrefixSource weighs them.
        std::vector<Xapian::Query> terms;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t)
            terms.emplace_back(*t);
        if (terms.empty())
            return Xapian::Query::MatchNothing;
        Xapian::Query any(Xapian::Query::OP_OR, terms.begin(), terms.end());
        return in_phrase ? any : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, any, 0);
    }
    case CG_QOP_NOTHING:
        return Xapian::Query::MatchNothing;
    case CG_QOP_SCALE:
        if (q->nkids == 0)
            return Xapian::Query::MatchNothing;
        if (!weighted)
            return build(db, remote, q->kids[0], in_phrase, false);
        return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                             build(db, remote, q->kids[0], in_phrase, true), q->scale);
    case CG_QOP_AND_MAYBE: {
        if (q->nkids == 0)
            return Xapian::Query::MatchNothing;
        Xapian::Query must = build(db, remote, q->kids[0], false, weighted);
        if (!weighted || q->nkids == 1)
            return must; // the optional kids only score
        // One OP_AND_MAYBE per kid, not one over an OP_OR of them: Xapian 1.4.22 scores
        // a phrase (the proximity boost) in such an OP_OR where its terms are but not in
        // order, and drops the document once the top-N threshold rises (-n 1 gave
        // another best file than -n 10; tests/ranking.sh).
        for (size_t i = 1; i < q->nkids; i++)
            must = Xapian::Query(Xapian::Query::OP_AND_MAYBE, must,
                                 build(db, remote, q->kids[i], false, true));
        return must;
    }
    case CG_QOP_AND:
    case CG_QOP_OR:
    case CG_QOP_AND_NOT:
    case CG_QOP_PHRASE: {
        std::vector<Xapian::Query> kids;
        bool phrase = q->op == CG_QOP_PHRASE && q->nkids > 1;
        for (size_t i = 0; i < q->nkids; i++) // AND_NOT's right side is never weighted
            kids.push_back(build(db, remote, q->kids[i], phrase,
                                 weighted && (q->op != CG_QOP_AND_NOT || i == 0)));
        if (kids.empty())
            return Xapian::Query::MatchNothing;
        if (q->op == CG_QOP_AND_NOT) {
            Xapian::Query rest(Xapian::Query::OP_OR, kids.begin() + 1, kids.end());
            return Xapian::Query(Xapian::Query::OP_AND_NOT, kids[0], rest);
        }
        if (kids.size() == 1)
            return kids[0];
        if (phrase)
            return Xapian::Query(Xapian::Query::OP_PHRASE, kids.begin(), kids.end(),
                                 static_cast<Xapian::termcount>(
                                     std::max<size_t>(q->window, kids.size())));
        return Xapian::Query(q->op == CG_QOP_AND ? Xapian::Query::OP_AND : Xapian::Query::OP_OR,
                             kids.begin(), kids.end());
    }
    }
    return Xapian::Query::MatchNothing;
}

// The hits of mset into out (each with a copy of its document's data) and their
// estimated number; out->n counts those copied, so that cg_hits_free() frees them
// after an allocation failed. items: which of mset's hits, in order, their scores as
// score_key() gives them (all, as they are: nullptr).
double score_key(double w);

cg_status copy_hits(const Xapian::MSet &mset, cg_hits *out,
                    const std::vector<Xapian::doccount> *items = nullptr)
{
    out->estimated = mset.get_matches_estimated();
    size_t n = items ? items->size() : mset.size();
    if (n == 0)
        return CG_OK;
    out->hit = static_cast<cg_hit *>(std::calloc(n, sizeof(cg_hit)));
    if (!out->hit)
        return CG_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        auto it = mset[items ? (*items)[i] : static_cast<Xapian::doccount>(i)];
        cg_hit *h = &out->hit[out->n];
        std::string data = it.get_document().get_data();
        h->docid = *it;
        h->score = items ? score_key(it.get_weight()) : it.get_weight();
        h->collapse_count = it.get_collapse_count();
        h->data = static_cast<char *>(std::malloc(data.size() + 1));
        if (!h->data)
            return CG_ENOMEM;
        std::memcpy(h->data, data.data(), data.size());
        h->data[data.size()] = '\0';
        h->data_len = data.size();
        out->n++;
    }
    return CG_OK;
}

// A score to 12 significant digits: what tells results apart. Xapian adds a
// query's term weights in an order that depends on each shard's statistics, so one
// database and its shards can give the same document scores that differ in the
// last bit; equal to 12 digits, results are ordered by path, as exact ties are.
double score_key(double w)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g", w);
    return std::strtod(buf, nullptr);
}

// One hit per file: the documents of a split file share their path (slot
// CG_SLOT_PATH), and the first of them in order stands for the file. Done here, not
// with Xapian's collapse key: with one, Xapian 1.4.22 asks every remote shard for
// check_at_least documents (every match, as cg_db_search sets it) instead of the top
// N (MultiMatch::get_mset, remote_maxitems). order: indexes into mset, best first;
// keeps the first of each path, and counts the others in dups.
std::vector<Xapian::doccount> one_per_file(const std::vector<Xapian::doccount> &order,
                                           const std::vector<std::string> &path,
                                           std::vector<uint32_t> &dups)
{
    std::vector<Xapian::doccount> out;
    std::unordered_map<std::string, size_t> first;
    dups.assign(path.size(), 0);
    for (Xapian::doccount i : order) {
        auto ins = first.emplace(path[i], out.size());
        if (ins.second)
            out.push_back(i);
        else
            dups[out[ins.first->second]]++;
    }
    return out;
}

// Files offset to offset + limit of files (one_per_file's) into out, each with the
// count of its other documents that matched.
cg_status copy_files(const Xapian::MSet &mset, std::vector<Xapian::doccount> files,
                     const std::vector<uint32_t> &dups, size_t offset, size_t limit,
                     cg_hits *out)
{
    if (files.size() > offset + limit)
        files.resize(offset + limit);
    files.erase(files.begin(), files.begin() + std::min(offset, files.size()));
    cg_status rc = copy_hits(mset, out, &files);
    for (size_t i = 0; i < out->n; i++)
        out->hit[i].collapse_count = dups[files[i]];
    return rc;
}

// Results offset to offset + limit of a ranked search, one per file, ordered by
// score_key() then path. When the first hits Xapian returns may not settle the cut
// (fewer files than asked for, or the last hit ties to 12 digits with the last one
// asked for), every match is fetched, so that it falls where it falls in one
// database. all: the document count.
cg_status ranked_hits(Xapian::Enquire &enq, Xapian::doccount offset, Xapian::doccount limit,
                      Xapian::doccount all, cg_hits *out)
{
    Xapian::doccount want = offset + limit;
    Xapian::MSet mset;
    std::vector<Xapian::doccount> files;
    std::vector<uint32_t> dups;
    for (Xapian::doccount fetch = want + 8;; fetch = all) {
        mset = enq.get_mset(0, fetch, all);
        std::vector<double> key(mset.size());
        std::vector<std::string> path(mset.size());
        std::vector<Xapian::doccount> order(mset.size());
        for (Xapian::doccount i = 0; i < mset.size(); i++) {
            auto it = mset[i];
            key[i] = score_key(it.get_weight());
            path[i] = it.get_sort_key(); // the path: sorted by relevance, then by it
            order[i] = i;
        }
        std::stable_sort(order.begin(), order.end(), [&](Xapian::doccount a, Xapian::doccount b) {
            if (key[a] != key[b])
                return key[a] > key[b];
            return path[a] < path[b];
        });
        files = one_per_file(order, path, dups);
        if (mset.size() < fetch || fetch >= all)
            break; // every match
        // What is not fetched ranks below the cut: it scores less (to 12 digits), or
        // exactly 0 as the cut does (ties of 0 are Xapian's, in path order already).
        if (files.size() > want && (key[mset.size() - 1] != key[files[want - 1]] ||
                                    mset[files[want - 1]].get_weight() == 0))
            break;
    }
    return copy_files(mset, files, dups, offset, limit, out);
}

// Results offset to offset + limit of an unranked search (in path order), one per
// file: every match is fetched, as the parts of a file come together in that order.
cg_status unranked_hits(Xapian::Enquire &enq, Xapian::doccount offset, Xapian::doccount limit,
                        Xapian::doccount all, cg_hits *out)
{
    Xapian::MSet mset = enq.get_mset(0, all);
    std::vector<std::string> path(mset.size());
    std::vector<Xapian::doccount> order(mset.size());
    for (Xapian::doccount i = 0; i < mset.size(); i++) {
        path[i] = mset[i].get_sort_key(); // the path: sorted by it
        order[i] = i;
    }
    std::vector<uint32_t> dups;
    cg_status rc = copy_files(mset, one_per_file(order, path, dups), dups, offset, limit, out);
    for (size_t i = 0; i < out->n; i++)
        out->hit[i].score = 0;
    return rc;
}

} // namespace

extern "C" {

cg_status cg_db_open(const char *path, cg_db **out, char **out_errmsg) noexcept
{
    return cg_db_open_with(path, nullptr, out, out_errmsg);
}

cg_status cg_db_open_with(const char *path, const cg_db_open_opts *opts, cg_db **out,
                          char **out_errmsg) noexcept
{
    *out = nullptr;
    if (out_errmsg)
        *out_errmsg = nullptr;
    std::string msg;
    cg_db *db = nullptr;
    cg_status rc = guarded(&msg, [&] {
        db = new (std::nothrow) cg_db;
        if (!db)
            return CG_ENOMEM;
        if (opts)
            db->opts = *opts;
        open_path(*db, path, 0);
        return CG_OK;
    });
    if (rc) {
        delete db;
        if (out_errmsg)
            *out_errmsg = dup_message(msg);
        return rc;
    }
    *out = db;
    return CG_OK;
}

int cg_db_has_remote(const cg_db *db) noexcept
{
    return db->has_remote;
}

void cg_db_close(cg_db *db) noexcept
{
    guarded(nullptr, [&] {
        delete db;
        return CG_OK;
    });
}

const char *cg_db_errmsg(const cg_db *db) noexcept
{
    return db->errmsg.c_str();
}

cg_status cg_db_metadata(cg_db *db, const char *key, cg_buf *out) noexcept
{
    return guarded_db(db, [&] {
        std::string v = db->db.get_metadata(key);
        return cg_buf_append(out, v.data(), v.size());
    });
}

cg_status cg_db_doccount(cg_db *db, uint32_t *out_count) noexcept
{
    return guarded_db(db, [&] {
        *out_count = db->db.get_doccount();
        return CG_OK;
    });
}

cg_status cg_db_synonyms(cg_db *db, const char *key, size_t key_len,
                         cg_status (*fn)(void *, const char *, size_t), void *ctx) noexcept
{
    return guarded_db(db, [&] {
        std::string k(key, key_len);
        for (auto it = db->db.synonyms_begin(k); it != db->db.synonyms_end(k); ++it) {
            std::string s = *it;
            cg_status rc = fn(ctx, s.data(), s.size());
            if (rc)
                return rc;
        }
        return CG_OK;
    });
}

cg_status cg_db_search(cg_db *db, const cg_qnode *q, const cg_search_opts *opts,
                       cg_hits *out) noexcept
{
    out->hit = nullptr;
    out->n = 0;
    out->estimated = 0;
    return guarded_db(db, [&] {
        Xapian::Enquire enq(db->db);
        // Unranked (-l, -c) is weighted too, only ordered by path: Xapian 1.4 reads
        // an unweighted term found in every document of a shard from that shard's
        // document-length list, which fails once the shard has lost a document
        // (term_query says more); a weighted term keeps its own list.
        enq.set_query(build(db->db, db->has_remote, q, false, true));
        enq.set_weighting_scheme(bm25_weight(db->bm25));
        // Equal scores (and -l) in the order of the files' paths, not of document
        // ids, which depend on how the index was built and sharded.
        if (opts->unranked)
            enq.set_sort_by_value(CG_SLOT_PATH, false);
        else
            enq.set_sort_by_relevance_then_value(CG_SLOT_PATH, false);
        Xapian::doccount limit = opts->limit ? opts->limit : db->db.get_doccount();
        // Every match is scored: Xapian 1.4.22 loses documents once the top-N
        // threshold rises. When it turns an OP_AND_MAYBE into an AND
        // (AndMaybePostList::next, w_min > lmax), it skips to max(lhead, rhead) + 1,
        // past the right side's current document, which the left side may hold too
        // (-n 10 lost a file of score 23.2 that -n 0 ranks third, in one shard of
        // tests/shards.sh's corpus). Asking it to check every match keeps the
        // threshold at 0 (MultiMatch raises it only after check_at_least matches):
        // the top N is -n 0's, for any sharding. It costs Xapian's pruning: 1.4 to
        // 4.9 times the instructions on common queries (callgrind, 使用 10 M -> 43 M),
        // 0.5-2 ms on the benchmark's.
        if (opts->unranked)
            return unranked_hits(enq, opts->offset, limit, db->db.get_doccount(), out);
        return ranked_hits(enq, opts->offset, limit, db->db.get_doccount(), out);
    });
}

cg_status cg_db_set_bm25(cg_db *db, double k1, double b) noexcept
{
    db->bm25.k1 = k1;
    db->bm25.b = b;
    return CG_OK;
}

// Accepts one document: the score of a query for it (cg_db_score_of).
cg_status cg_db_score_of(cg_db *db, const cg_qnode *q, uint32_t docid, double *out) noexcept
{
    return guarded_db(db, [&] {
        *out = 0;
        Xapian::Enquire enq(db->db);
        Xapian::Query query = build(db->db, db->has_remote, q, false, true);
        enq.set_weighting_scheme(bm25_weight(db->bm25));
        // The documents of docid's file (a boolean filter on its path, which weighs
        // nothing) are few, and all are scored. Not a MatchDecider: a remote shard
        // runs none, and over shards it sees each shard's own document ids.
        std::string path = db->db.get_document(docid).get_value(CG_SLOT_PATH);
        enq.set_query(Xapian::Query(
            Xapian::Query::OP_FILTER, query,
            Xapian::Query(Xapian::Query::OP_VALUE_RANGE, CG_SLOT_PATH, path, path)));
        Xapian::MSet m = enq.get_mset(0, db->db.get_doccount());
        for (auto it = m.begin(); it != m.end(); ++it)
            if (*it == docid)
                *out = it.get_weight();
        return CG_OK;
    });
}

cg_status cg_db_term_stats(cg_db *db, uint32_t docid, const char *term, size_t len,
                           cg_term_stats *out) noexcept
{
    return guarded_db(db, [&] {
        std::string t(term, len);
        *out = cg_term_stats{};
        out->termfreq = db->db.get_termfreq(t);
        out->doclen = db->db.get_doclength(docid);
        out->doccount = db->db.get_doccount();
        out->avlen = db->db.get_avlength();
        auto p = db->db.postlist_begin(t);
        p.skip_to(docid);
        if (p != db->db.postlist_end(t) && *p == docid)
            out->wdf = p.get_wdf();
        return CG_OK;
    });
}

cg_status cg_db_file_parts(cg_db *db, const cg_qnode *q, const char *path, size_t path_len,
                          cg_hits *out) noexcept
{
    out->hit = nullptr;
    out->n = 0;
    out->estimated = 0;
    return guarded_db(db, [&] {
        Xapian::Enquire enq(db->db);
        std::string p(path, path_len);
        // Weighted, for the reason cg_db_search's unranked search is; in docid order
        // (the documents share their path, the sort key).
        enq.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    build(db->db, db->has_remote, q, false, true),
                                    Xapian::Query(Xapian::Query::OP_VALUE_RANGE, CG_SLOT_PATH, p, p)));
        enq.set_weighting_scheme(bm25_weight(db->bm25));
        enq.set_sort_by_value(CG_SLOT_PATH, false);
        enq.set_docid_order(Xapian::Enquire::ASCENDING);
        return copy_hits(enq.get_mset(0, db->db.get_doccount()), out);
    });
}

namespace {

cg_status push_positions(const Xapian::Database &db, Xapian::docid did, const std::string &term,
                         uint32_t **pos, size_t *n, size_t *cap)
{
    for (auto it = db.positionlist_begin(did, term); it != db.positionlist_end(did, term); ++it) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 64;
            uint32_t *a = static_cast<uint32_t *>(std::realloc(*pos, nc * sizeof *a));
            if (!a)
                return CG_ENOMEM;
            *pos = a;
            *cap = nc;
        }
        (*pos)[(*n)++] = *it;
    }
    return CG_OK;
}

} // namespace

cg_status cg_db_positions(cg_db *db, uint32_t docid, const cg_qnode *node, uint32_t **pos,
                          size_t *n, size_t *cap) noexcept
{
    return guarded_db(db, [&] {
        cg_status rc = CG_OK;
        if (node->op == CG_QOP_TERM) {
            rc = push_positions(db->db, docid, std::string(node->term, node->term_len), pos, n, cap);
        } else if (node->op == CG_QOP_OR) {
            for (size_t i = 0; i < node->nkids && !rc; i++)
                rc = cg_db_positions(db, docid, node->kids[i], pos, n, cap);
        } else if (node->op == CG_QOP_PREFIX) {
            std::string prefix(node->term, node->term_len);
            auto t = db->db.termlist_begin(docid);
            for (t.skip_to(prefix); t != db->db.termlist_end(docid) && !rc; ++t) {
                std::string term = *t;
                if (term.compare(0, prefix.size(), prefix) != 0)
                    break;
                rc = push_positions(db->db, docid, term, pos, n, cap);
            }
        }
        return rc;
    });
}

namespace {

// Every document in docid order: the document-length list ("" postlist) holds them all.
cg_status each_doc(const Xapian::Database &db, cg_status (*fn)(void *, uint32_t, const char *, size_t),
                   void *ctx)
{
    for (auto it = db.postlist_begin(std::string()); it != db.postlist_end(std::string()); ++it) {
        Xapian::docid id = *it;
        std::string data = db.get_document(id, Xapian::DOC_ASSUME_VALID).get_data();
        cg_status rc = fn(ctx, id, data.data(), data.size());
        if (rc)
            return rc;
    }
    return CG_OK;
}

} // namespace

cg_status cg_db_each_doc(cg_db *db, cg_status (*fn)(void *, uint32_t, const char *, size_t),
                         void *ctx) noexcept
{
    return guarded_db(db, [&] { return each_doc(db->db, fn, ctx); });
}

cg_status cg_db_doc_terms(cg_db *db, uint32_t docid,
                          cg_status (*fn)(void *, const char *, size_t, uint32_t, const uint32_t *,
                                          size_t),
                          void *ctx) noexcept
{
    return guarded_db(db, [&] {
        std::vector<uint32_t> pos;
        for (auto t = db->db.termlist_begin(docid); t != db->db.termlist_end(docid); ++t) {
            pos.clear();
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                pos.push_back(*p);
            std::string term = *t;
            cg_status rc = fn(ctx, term.data(), term.size(), t.get_wdf(), pos.data(), pos.size());
            if (rc)
                return rc;
        }
        return CG_OK;
    });
}

cg_status cg_db_doc_values(cg_db *db, uint32_t docid,
                           cg_status (*fn)(void *, unsigned, const char *, size_t),
                           void *ctx) noexcept
{
    return guarded_db(db, [&] {
        Xapian::Document doc = db->db.get_document(docid);
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            std::string s = *v;
            cg_status rc = fn(ctx, v.get_valueno(), s.data(), s.size());
            if (rc)
                return rc;
        }
        return CG_OK;
    });
}

cg_status cg_db_each_synonym(cg_db *db,
                             cg_status (*fn)(void *, const char *, size_t, const char *, size_t),
                             void *ctx) noexcept
{
    return guarded_db(db, [&] {
        for (auto k = db->db.synonym_keys_begin(); k != db->db.synonym_keys_end(); ++k) {
            std::string key = *k;
            for (auto s = db->db.synonyms_begin(key); s != db->db.synonyms_end(key); ++s) {
                std::string syn = *s;
                cg_status rc = fn(ctx, key.data(), key.size(), syn.data(), syn.size());
                if (rc)
                    return rc;
            }
        }
        return CG_OK;
    });
}

cg_status cg_db_each_metadata(cg_db *db, cg_status (*fn)(void *, const char *, const char *, size_t),
                              void *ctx) noexcept
{
    return guarded_db(db, [&] {
        for (auto k = db->db.metadata_keys_begin(); k != db->db.metadata_keys_end(); ++k) {
            std::string key = *k;
            std::string v = db->db.get_metadata(key);
            cg_status rc = fn(ctx, key.c_str(), v.data(), v.size());
            if (rc)
                return rc;
        }
        return CG_OK;
    });
}

void cg_hits_free(cg_hits *h) noexcept
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++)
        std::free(h->hit[i].data);
    std::free(h->hit);
    h->hit = nullptr;
    h->n = 0;
}

cg_status cg_wdb_open(const char *path, int create, cg_wdb **out, char **out_errmsg) noexcept
{
    *out = nullptr;
    if (out_errmsg)
        *out_errmsg = nullptr;
    std::string msg;
    cg_wdb *w = nullptr;
    cg_status rc = guarded(&msg, [&] {
        w = new (std::nothrow) cg_wdb;
        if (!w)
            return CG_ENOMEM;
        w->db = Xapian::WritableDatabase(path, create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN);
        // Xapian's destructor commits pending changes unless a transaction is open:
        // inside one, an update that fails half-way (a full disk) leaves the index as
        // it was. Flushes at the threshold still go to disk, uncommitted. A new
        // database (a shard) is dropped whole on failure and needs none (it costs a
        // full build some 10% more CPU).
        if (!create) {
            w->db.begin_transaction();
            w->txn = true;
        }
        return CG_OK;
    });
    if (rc) {
        delete w;
        if (out_errmsg)
            *out_errmsg = dup_message(msg);
        return rc;
    }
    *out = w;
    return CG_OK;
}

void cg_wdb_close(cg_wdb *w) noexcept
{
    guarded(nullptr, [&] {
        delete w;
        return CG_OK;
    });
}

const char *cg_wdb_errmsg(const cg_wdb *w) noexcept
{
    return w->errmsg.c_str();
}

cg_status cg_wdb_metadata(cg_wdb *w, const char *key, cg_buf *out) noexcept
{
    return guarded(&w->errmsg, [&] {
        std::string v = w->db.get_metadata(key);
        return cg_buf_append(out, v.data(), v.size());
    });
}

cg_status cg_wdb_set_metadata(cg_wdb *w, const char *key, const char *value, size_t len) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->db.set_metadata(key, std::string(value, len));
        return CG_OK;
    });
}

cg_status cg_wdb_each_doc(cg_wdb *w,
                          cg_status (*fn)(void *, uint32_t, const char *, size_t),
                          void *ctx) noexcept
{
    return guarded(&w->errmsg, [&] { return each_doc(w->db, fn, ctx); });
}

cg_status cg_wdb_doc_begin(cg_wdb *w) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->doc = Xapian::Document();
        return CG_OK;
    });
}

cg_status cg_wdb_doc_posting(cg_wdb *w, const char *term, size_t len, uint32_t pos) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->doc.add_posting(std::string(term, len), pos);
        return CG_OK;
    });
}

cg_status cg_wdb_doc_term(cg_wdb *w, const char *term, size_t len) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->doc.add_term(std::string(term, len));
        return CG_OK;
    });
}

cg_status cg_wdb_doc_value(cg_wdb *w, unsigned slot, const char *v, size_t len) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->doc.add_value(slot, std::string(v, len));
        return CG_OK;
    });
}

cg_status cg_wdb_doc_data(cg_wdb *w, const char *data, size_t len) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->doc.set_data(std::string(data, len));
        return CG_OK;
    });
}

cg_status cg_wdb_doc_add(cg_wdb *w) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->db.add_document(w->doc);
        w->doc = Xapian::Document();
        return CG_OK;
    });
}

cg_status cg_wdb_delete_doc(cg_wdb *w, uint32_t docid) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->db.delete_document(docid);
        return CG_OK;
    });
}

cg_status cg_wdb_add_synonym(cg_wdb *w, const char *key, size_t key_len, const char *syn,
                             size_t syn_len) noexcept
{
    return guarded(&w->errmsg, [&] {
        w->db.add_synonym(std::string(key, key_len), std::string(syn, syn_len));
        return CG_OK;
    });
}

cg_status cg_wdb_commit(cg_wdb *w) noexcept
{
    return guarded(&w->errmsg, [&] {
        if (!w->txn) {
            w->db.commit();
            return CG_OK;
        }
        w->db.commit_transaction();
        w->db.begin_transaction();
        return CG_OK;
    });
}

cg_status cg_compact(const char *const *srcs, size_t n, const char *dest, char **out_errmsg) noexcept
{
    if (out_errmsg)
        *out_errmsg = nullptr;
    std::string msg;
    cg_status rc = guarded(&msg, [&] {
        Xapian::Database all;
        for (size_t i = 0; i < n; i++)
            all.add_database(Xapian::Database(srcs[i]));
        all.compact(dest);
        return CG_OK;
    });
    if (rc && out_errmsg)
        *out_errmsg = dup_message(msg);
    return rc;
}

cg_status cg_stem_english(const char *word, size_t len, cg_buf *out) noexcept
{
    return guarded(nullptr, [&] {
        static const Xapian::Stem stemmer("english");
        std::string s = stemmer(std::string(word, len));
        return cg_buf_append(out, s.data(), s.size());
    });
}

cg_status cg_stem_key(const char *word, size_t len, cg_buf *out, int *is_own_stem) noexcept
{
    size_t start = out->len;
    cg_status rc = cg_buf_puts(out, CG_PREFIX_STEM);
    if (!rc)
        rc = cg_stem_english(word, len, out);
    *is_own_stem = !rc && out->len - start - 1 == len && !std::memcmp(out->ptr + start + 1, word, len);
    return rc;
}

const char *cg_xapian_version(void) noexcept
{
    return Xapian::version_string();
}

} // extern "C"
