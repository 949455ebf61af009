/* print-json.c — JSON Lines with ripgrep's --json messages, so tools that read
 * `rg --json` read cgsearch: per file a "begin", one "match" per matching line (a
 * match across a line break takes both lines, as in ripgrep's multiline mode) and
 * an "end"; per query a "summary". Offsets are bytes of the decoded text:
 * absolute_offset where the line starts, submatch start/end within the line,
 * half-open. Beyond ripgrep: "score" and "rank" of the file, each submatch's range
 * in characters (start_char/end_char) and in UTF-16 code units (start_utf16/
 * end_utf16) for editors that count so, and in a batch "query_id" in every message
 * and a last summary over all queries. Encoded with jansson, never by hand. */
#include "printer.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct json_stats {
    uint64_t searches, searches_with_match, bytes_searched, bytes_printed, matched_lines,
        matches;
} json_stats;

typedef struct json_state {
    struct timespec run_start, query_start;
    json_stats query, run;
    size_t nqueries;
} json_state;

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* ripgrep's "arbitrary data": {"text": ...} when valid UTF-8, else {"bytes": base64}. */
static json_t *data_value(const char *s, size_t len)
{
    json_t *str = json_stringn(s, len);
    if (str)
        return json_pack("{s:o}", "text", str);
    cg_buf b = {0};
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)(unsigned char)s[i] << 16;
        if (i + 1 < len)
            v |= (uint32_t)(unsigned char)s[i + 1] << 8;
        if (i + 2 < len)
            v |= (unsigned char)s[i + 2];
        char q[4] = {b64[v >> 18], b64[(v >> 12) & 63], i + 1 < len ? b64[(v >> 6) & 63] : '=',
                     i + 2 < len ? b64[v & 63] : '='};
        cg_buf_append(&b, q, 4);
    }
    json_t *v = json_pack("{s:s#}", "bytes", b.ptr ? b.ptr : "", b.len);
    cg_buf_free(&b);
    return v;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static json_t *elapsed(double secs)
{
    char human[32];
    snprintf(human, sizeof human, "%.6fs", secs);
    long long whole = (long long)secs;
    return json_pack("{s:I,s:I,s:s}", "secs", (json_int_t)whole, "nanos",
                     (json_int_t)((secs - (double)whole) * 1e9), "human", human);
}

static json_t *stats_object(const json_stats *s, double secs)
{
    return json_pack("{s:o,s:I,s:I,s:I,s:I,s:I,s:I}", "elapsed", elapsed(secs), "searches",
                     (json_int_t)s->searches, "searches_with_match",
                     (json_int_t)s->searches_with_match, "bytes_searched",
                     (json_int_t)s->bytes_searched, "bytes_printed", (json_int_t)s->bytes_printed,
                     "matched_lines", (json_int_t)s->matched_lines, "matches",
                     (json_int_t)s->matches);
}

/* Appends jansson's output s[0..n). jansson escapes C0 controls but writes DEL and
 * the C1 controls (U+0080-U+009F) raw, which a terminal may obey; in JSON text they
 * can only stand inside strings, where \u00XX means the same character. */
static cg_status put_json(cg_buf *out, const char *s, size_t n)
{
    cg_status rc = CG_OK;
    size_t from = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        unsigned char c = (unsigned char)s[i];
        int c1 = c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] <= 0x9F;
        if (c != 0x7F && !c1)
            continue;
        rc = cg_buf_append(out, s + from, i - from);
        if (!rc)
            rc = cg_buf_printf(out, "\\u%04X", c1 ? (unsigned char)s[++i] : c);
        from = i + 1;
    }
    return rc ? rc : cg_buf_append(out, s + from, n - from);
}

/* Writes {"type": type, "data": data} as one line (taking data); returns the bytes
 * written, 0 when out of memory. */
static size_t emit(cg_printer *p, const char *type, json_t *data)
{
    if (!data)
        return 0;
    json_t *msg = json_pack("{s:s,s:o}", "type", type, "data", data);
    char *s = msg ? json_dumps(msg, JSON_COMPACT | JSON_REAL_PRECISION(12)) : NULL;
    json_decref(msg);
    if (!s)
        return 0;
    size_t before = p->out.len;
    int ok = !put_json(&p->out, s, strlen(s)) && !cg_buf_putc(&p->out, '\n');
    free(s);
    return ok ? p->out.len - before : 0;
}

/* The fields every message about one file carries. */
static json_t *file_data(const cg_print_query *q, const cg_result *r)
{
    json_t *d = json_pack("{s:o}", "path", data_value(r->path, strlen(r->path)));
    if (d && q->id)
        json_object_set_new(d, "query_id", json_string(q->id));
    return d;
}

static void ranked(json_t *d, const cg_result *r)
{
    if (!d)
        return;
    json_object_set_new(d, "rank", json_integer((json_int_t)r->rank));
    json_object_set_new(d, "score", json_real(r->score));
}

/* An explanation as Elasticsearch's explain API gives one: value, description and
 * details (the nodes it is the sum of). */
static json_t *explanation(const cg_explanation *e)
{
    json_t *details = json_array();
    for (size_t i = 0; details && i < e->nkids; i++)
        json_array_append_new(details, explanation(&e->kid[i]));
    return json_pack("{s:f,s:s,s:o*}", "value", e->value, "description", e->description,
                     "details", details);
}

static json_t *match_data(const cg_print_query *q, const cg_result *r, const cg_match_list *ml,
                          const cg_line_group *g)
{
    json_t *d = file_data(q, r);
    json_t *subs = json_array();
    if (!d || !subs) {
        json_decref(d);
        json_decref(subs);
        return NULL;
    }
    const char *line = r->src + g->start;
    for (size_t i = g->first; i < g->first + g->n; i++) {
        size_t a = ml->start[i] - g->start, b = ml->end[i] - g->start;
        size_t ca, cb, ua, ub;
        cg_count_units(line, a, &ca, &ua);
        cg_count_units(line + a, b - a, &cb, &ub);
        json_array_append_new(subs, json_pack("{s:o,s:I,s:I,s:I,s:I,s:I,s:I}", "match",
                                              data_value(line + a, b - a), "start", (json_int_t)a,
                                              "end", (json_int_t)b, "start_char", (json_int_t)ca,
                                              "end_char", (json_int_t)(ca + cb), "start_utf16",
                                              (json_int_t)ua, "end_utf16", (json_int_t)(ua + ub)));
    }
    json_object_set_new(d, "lines", data_value(line, g->end - g->start));
    json_object_set_new(d, "line_number", json_integer(g->line));
    json_object_set_new(d, "absolute_offset", json_integer((json_int_t)(r->src_offset + g->start)));
    json_object_set_new(d, "submatches", subs);
    ranked(d, r);
    return d;
}

static cg_status json_begin_query(cg_printer *p, const cg_print_query *q)
{
    json_state *st = p->state;
    if (!st->nqueries++)
        clock_gettime(CLOCK_MONOTONIC, &st->run_start);
    clock_gettime(CLOCK_MONOTONIC, &st->query_start);
    memset(&st->query, 0, sizeof st->query);
    return CG_OK;
}

static cg_status json_result(cg_printer *p, const cg_print_query *q, const cg_result *r)
{
    json_state *st = p->state;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cg_match_list ml;
    cg_status rc = cg_match_list_build(r, &ml);
    if (rc)
        return rc;
    json_t *d = file_data(q, r);
    ranked(d, r);
    if (d && r->note)
        json_object_set_new(d, "note", json_string(r->note));
    if (d && r->explain)
        json_object_set_new(d, "explanation", explanation(r->explain));
    size_t printed = emit(p, "begin", d);
    for (size_t g = 0; printed && g < ml.ngroups; g++) {
        size_t n = emit(p, "match", match_data(q, r, &ml, &ml.group[g]));
        printed = n ? printed + n : 0;
    }
    json_stats file = {1, 1, r->src_len, printed, 0, ml.n};
    for (size_t g = 0; g < ml.ngroups; g++) {
        /* matched_lines counts every line a match message holds */
        const char *s = r->src + ml.group[g].start;
        size_t len = ml.group[g].end - ml.group[g].start;
        size_t nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += s[i] == '\n';
        file.matched_lines += nl + (len && s[len - 1] != '\n');
    }
    json_t *e = file_data(q, r);
    if (e) {
        json_object_set_new(e, "binary_offset", json_null());
        json_object_set_new(e, "stats", stats_object(&file, seconds_since(&t0)));
    }
    ranked(e, r);
    size_t n = printed ? emit(p, "end", e) : (json_decref(e), 0);
    cg_match_list_free(&ml);
    if (!n)
        return CG_ENOMEM;
    file.bytes_printed += n;
    st->query.searches++;
    st->query.searches_with_match++;
    st->query.bytes_searched += file.bytes_searched;
    st->query.bytes_printed += file.bytes_printed;
    st->query.matched_lines += file.matched_lines;
    st->query.matches += file.matches;
    return CG_OK;
}

static cg_status summary(cg_printer *p, const json_stats *s, const struct timespec *t0,
                         const char *query_id)
{
    double secs = seconds_since(t0);
    json_t *d = json_pack("{s:o,s:o}", "elapsed_total", elapsed(secs), "stats",
                          stats_object(s, secs));
    if (d && query_id)
        json_object_set_new(d, "query_id", json_string(query_id));
    return emit(p, "summary", d) ? CG_OK : CG_ENOMEM;
}

static cg_status json_end_query(cg_printer *p, const cg_print_query *q)
{
    json_state *st = p->state;
    st->run.searches += st->query.searches;
    st->run.searches_with_match += st->query.searches_with_match;
    st->run.bytes_searched += st->query.bytes_searched;
    st->run.bytes_printed += st->query.bytes_printed;
    st->run.matched_lines += st->query.matched_lines;
    st->run.matches += st->query.matches;
    return summary(p, &st->query, &st->query_start, q->id);
}

static cg_status json_finish(cg_printer *p)
{
    json_state *st = p->state;
    return p->batch && st->nqueries ? summary(p, &st->run, &st->run_start, NULL) : CG_OK;
}

const cg_printer_ops cg_print_json = {
    .name = "json",
    .summary = "JSON Lines, as rg --json, with score, rank and query_id",
    .view = CG_VIEW_BEST,
    .view_all = CG_VIEW_ALL,
    .state_size = sizeof(json_state),
    .begin_query = json_begin_query,
    .result = json_result,
    .end_query = json_end_query,
    .finish = json_finish,
};
