/* printers.c — the table of output formats: adding one is a print-*.c file and a
 * row here. --format's values and help lines are made from it; md is the default. */
#include "printer.h"

const cg_printer_ops *const cg_printers[] = {
    &cg_print_md, &cg_print_text, &cg_print_html, &cg_print_json, &cg_print_vimgrep,
    &cg_print_trec,
};
const size_t cg_nprinters = sizeof cg_printers / sizeof cg_printers[0];
