/* options.c — parsing a program's options from its table (options.h), and writing
 * the help lines and the usage-error messages from the same table. */
#include "options.h"

#include <stdlib.h>
#include <string.h>

#define HELP_COLUMN 22  /* where the help text starts */

cg_status cg_opt_parser_init(cg_opt_parser *p, const char *prog, const cg_option *opts,
                             size_t n)
{
    memset(p, 0, sizeof *p);
    p->prog = prog;
    p->opts = opts;
    p->nopts = n;
    p->longopts = calloc(n + 1, sizeof *p->longopts);
    if (!p->longopts)
        return CG_ENOMEM;
    /* ':' first: a missing argument is reported as ':', not '?'. */
    size_t k = 0;
    p->shortopts[k++] = ':';
    for (size_t i = 0; i < n; i++) {
        int has_arg = opts[i].arg == CG_ARG_NONE ? no_argument : required_argument;
        p->longopts[i] = (struct option){opts[i].name, has_arg, NULL, opts[i].id};
        if (opts[i].short_name && k + 3 < sizeof p->shortopts) {
            p->shortopts[k++] = opts[i].short_name;
            if (has_arg == required_argument)
                p->shortopts[k++] = ':';
        }
    }
    p->shortopts[k] = '\0';
    return CG_OK;
}

void cg_opt_parser_free(cg_opt_parser *p)
{
    free(p->longopts);
    p->longopts = NULL;
}

cg_status cg_opt_choices_text(const char *const *choices, cg_buf *out)
{
    cg_status rc = CG_OK;
    for (size_t i = 0; choices[i] && !rc; i++)
        rc = cg_buf_printf(out, "%s%s", i == 0 ? "" : choices[i + 1] ? ", " : " or ", choices[i]);
    return rc;
}

static const cg_option *find(const cg_opt_parser *p, int ch)
{
    for (size_t i = 0; i < p->nopts; i++)
        if (p->opts[i].id == ch || (p->opts[i].short_name && p->opts[i].short_name == ch))
            return &p->opts[i];
    return NULL;
}

static int usage(cg_opt_parser *p, const char *fmt, const char *a, const char *b)
{
    snprintf(p->errmsg, sizeof p->errmsg, fmt, a, b);
    return 0;
}

/* Checks the argument of o; returns o's id, or 0 after a usage error. */
static int take_argument(cg_opt_parser *p, const cg_option *o, const char *arg)
{
    p->arg = arg;
    if (o->arg == CG_ARG_COUNT) {
        char *end;
        long v = strtol(arg, &end, 10);
        if (*end || !*arg || v < 0 || v > 100000000)
            return usage(p, "--%s takes a number, not '%s'", o->name, arg);
        p->count = (uint32_t)v;
    } else if (o->arg == CG_ARG_CHOICE) {
        for (size_t i = 0; o->choices[i]; i++)
            if (!strcmp(o->choices[i], arg)) {
                p->choice = i;
                return o->id;
            }
        cg_buf list = {0};
        cg_opt_choices_text(o->choices, &list);
        snprintf(p->errmsg, sizeof p->errmsg, "--%s takes %s, not '%s'", o->name,
                 list.ptr ? list.ptr : "", arg);
        cg_buf_free(&list);
        return 0;
    }
    return o->id;
}

int cg_opt_next(cg_opt_parser *p, int argc, char **argv)
{
    opterr = 0;
    int ch = getopt_long(argc, argv, p->shortopts, p->longopts, NULL);
    if (ch == -1)
        return -1;
    const char *hint = p->dash_hint ? p->dash_hint : "";
    if (ch == ':')
        return usage(p, "option '%s' needs an argument%s", argv[optind - 1], "");
    if (ch == '?') {
        if (!optopt) /* a long option */
            return usage(p, "unknown option '%s'%s", argv[optind - 1], "");
        if (optopt > ' ' && optopt < 127) {
            char opt[3] = {'-', (char)optopt, '\0'};
            return usage(p, "unknown option '%s'%s", opt, hint);
        }
        /* getopt stopped inside a character, as in "-网络". */
        return usage(p, "unknown option%s%s", hint, "");
    }
    const cg_option *o = find(p, ch);
    if (!o)
        return usage(p, "unknown option%s%s", hint, "");
    return o->arg == CG_ARG_NONE ? o->id : take_argument(p, o, optarg);
}

cg_status cg_opt_help(const cg_option *opts, size_t n, cg_buf *out)
{
    cg_status rc = CG_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        const cg_option *o = &opts[i];
        if (!o->help)
            continue;
        size_t before = out->len;
        if (o->short_name)
            rc = cg_buf_printf(out, "  -%c, --%s", o->short_name, o->name);
        else
            rc = cg_buf_printf(out, "      --%s", o->name);
        if (!rc && o->arg_name)
            rc = cg_buf_printf(out, " %s", o->arg_name);
        size_t width = out->len - before;
        if (!rc)
            rc = cg_buf_printf(out, "%*s", width + 2 > HELP_COLUMN ? 2 : (int)(HELP_COLUMN - width), "");
        for (const char *h = o->help; !rc && *h;) {
            const char *nl = strchr(h, '\n');
            size_t len = nl ? (size_t)(nl - h) : strlen(h);
            rc = cg_buf_append(out, h, len);
            if (!rc)
                rc = cg_buf_putc(out, '\n');
            h += len + (nl != NULL);
            if (!rc && *h)
                rc = cg_buf_printf(out, "%*s", HELP_COLUMN, "");
        }
    }
    return rc;
}
