/* Threshold ranges: every form of the monitoring-plugins syntax, and the
 * malformed ones that must be refused rather than silently never alert. */
#include <CUnit/CUnit.h>
#include <math.h>

#include "hascout/plugin.h"
#include "suites.h"

static int alerts(const char *range, double v)
{
    hs_range r;
    char err[256];
    CU_ASSERT_EQUAL_FATAL(hs_range_parse(range, &r, err, sizeof err), 0);
    return hs_range_alerts(&r, v);
}

static void test_forms(void)
{
    /* "10": outside 0..10 */
    CU_ASSERT(alerts("10", -1));
    CU_ASSERT(!alerts("10", 0));
    CU_ASSERT(!alerts("10", 10));
    CU_ASSERT(alerts("10", 10.5));
    /* "10:": below 10 */
    CU_ASSERT(alerts("10:", 9.99));
    CU_ASSERT(!alerts("10:", 10));
    CU_ASSERT(!alerts("10:", 1e9));
    /* "~:10": above 10 */
    CU_ASSERT(!alerts("~:10", -1e9));
    CU_ASSERT(!alerts("~:10", 10));
    CU_ASSERT(alerts("~:10", 10.01));
    /* "10:20": outside */
    CU_ASSERT(alerts("10:20", 9));
    CU_ASSERT(!alerts("10:20", 15));
    CU_ASSERT(alerts("10:20", 21));
    /* "@10:20": inside, inclusive */
    CU_ASSERT(alerts("@10:20", 10));
    CU_ASSERT(alerts("@10:20", 20));
    CU_ASSERT(!alerts("@10:20", 9.9));
    CU_ASSERT(!alerts("@10:20", 20.1));
    /* negatives and decimals */
    CU_ASSERT(alerts("-5:-1", 0));
    CU_ASSERT(!alerts("-5:-1", -3));
    CU_ASSERT(alerts("0.5", 0.6));
    CU_ASSERT(!alerts("1e3", 999));
    /* NaN (unknown value) never alerts */
    CU_ASSERT(!alerts("10", NAN));
}

static void test_bad(void)
{
    static const char *const bad[] = {"",    "abc",  "10:5", "1:2:3", "@",    ":",   "~",   "10 ",
                                      " 10", "0x10", "inf",  "nan",   "10:~", "@@1", "1,5", NULL};
    hs_range r;
    char err[256];
    for (int i = 0; bad[i]; i++) {
        err[0] = '\0';
        CU_ASSERT_EQUAL(hs_range_parse(bad[i], &r, err, sizeof err), -1);
        CU_ASSERT(err[0] != '\0');
    }
    /* an unset range never alerts */
    r.set = 0;
    CU_ASSERT(!hs_range_alerts(&r, 1e300));
}

void hs_suite_threshold(void)
{
    CU_pSuite s = CU_add_suite("threshold", NULL, NULL);
    CU_add_test(s, "every range form", test_forms);
    CU_add_test(s, "malformed ranges refused", test_bad);
}
