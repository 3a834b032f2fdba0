/* html_tornado.c — which assumption matters, as inline SVG for the HTML
 * report: per candidate, one horizontal bar per uncertain input from the
 * gain at the input's 5 % to the gain at its 95 %, around the gain with
 * every input at its median (core/eval/uncertainty.h computes them). */
#include <math.h>
#include <stdio.h>

#include "eval/uncertainty.h"
#include "reports/html.h"

#define BARS 8 /* the inputs that matter most; the rest are in the JSON */

/* The gain range the chart spans: every bar and the centre. */
static void span(const hs_unc_arch *x, int n, double *lo, double *hi)
{
    *lo = *hi = x->median_gain;
    for (int i = 0; i < n; i++) {
        double a = x->bars[i].lo, b = x->bars[i].hi;
        *lo = fmin(*lo, fmin(a, b));
        *hi = fmax(*hi, fmax(a, b));
    }
    if (*hi - *lo < 1e-9) { /* nothing moves: a visible, centred scale */
        *lo -= 0.5;
        *hi += 0.5;
    }
}

static void chart(const hs_comparison *c, int a, FILE *out)
{
    const hs_uncertainty *u = c->unc;
    const hs_unc_arch *x = &u->archs[a];
    int n = x->n_bars < BARS ? x->n_bars : BARS, left = 210, width = 520, row = 18;
    double lo, hi;
    span(x, n, &lo, &hi);
#define X(v) (left + ((v)-lo) / (hi - lo) * width)
    fputs("<h3>", out);
    hs_html_escape(out, c->archs[a].name);
    fprintf(out,
            ": which assumption matters</h3>\n<svg class=\"tornado\" id=\"tornado-%d\" "
            "xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
            "aria-label=\"tornado: weighted gain in points per uncertain input\">\n",
            a, left + width + 70, n * row + 44);
    fprintf(out,
            "<line x1=\"%.1f\" y1=\"4\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>"
            "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%+.4f at the "
            "medians</text>\n",
            X(x->median_gain), X(x->median_gain), n * row + 8, X(x->median_gain), n * row + 22,
            x->median_gain);
    fprintf(out,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\">%+.4f</text>"
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%+.4f points</text>\n",
            left, n * row + 38, lo, left + width + 60, n * row + 38, hi);
    for (int i = 0; i < n; i++) {
        const hs_unc_bar *b = &x->bars[i];
        double x0 = X(fmin(b->lo, b->hi)), x1 = X(fmax(b->lo, b->hi));
        int y = 6 + i * row;
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">", left - 6,
                y + 11);
        hs_html_escape(out, u->inputs[b->input].key);
        /* blue: the input at its 95 % gives the larger gain; orange: smaller */
        fprintf(out,
                "</text><rect class=\"bar-tornado\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
                "height=\"%d\" fill=\"%s\"><title>",
                x0, y, fmax(x1 - x0, 1.0), row - 4, b->hi >= b->lo ? "#1565c0" : "#ef8f00");
        hs_html_escape(out, u->inputs[b->input].key);
        fprintf(out, ": %+.4f at 5 %%, %+.4f at 95 %%</title></rect>\n", b->lo, b->hi);
    }
#undef X
    fputs("</svg>\n", out);
}

void hs_html_tornado(const hs_comparison *c, FILE *out)
{
    if (!c->unc || c->unc->samples <= 0)
        return;
    fprintf(out,
            "<p class=\"meta\">uncertainty: %d paired samples; bars from the weighted gain "
            "with one input at its 5 %% to its 95 %%, the rest at their medians (blue: more "
            "gain at 95 %%, orange: less)</p>\n",
            c->unc->samples);
    for (int a = 1; a < c->unc->n_archs; a++)
        chart(c, a, out);
}
