/* html.h — what the HTML report's files share (not part of report.h's
 * renderer API): escaping, and the comparison's tornado charts. */
#ifndef HS_REPORTS_HTML_H
#define HS_REPORTS_HTML_H

#include <stdio.h>

#include "eval/eval.h"

/* Writes S (NULL: nothing) with <, >, &, " and ' escaped. */
void hs_html_escape(FILE *out, const char *s);

/* One SVG tornado per candidate of C (html_tornado.c): the weighted gain
 * with each uncertain input at its 5 % and 95 %, the others at their
 * medians, most swing first. Nothing when C has no uncertainty analysis. */
void hs_html_tornado(const hs_comparison *c, FILE *out);

#endif
