/*
 * tests/keepalived/test_judge.c — the VRRP group verdict: who is MASTER,
 * split brain, lost redundancy, preferred master, flap counting.
 */
#include <stdio.h>
#include <string.h>

#include "plugins/keepalived/keepalived.h"
#include "tests.h"

/* Give node o instance VI_1 in state st with counter become/release. */
static void put(struct ka_node_obs *o, const char *inst, enum ka_state st, long become,
                long release, double last)
{
    char err[128];
    struct ka_instance *in = ka_view_add(&o->view, inst, strlen(inst), err, sizeof err);

    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    in->state = st;
    in->become_master = become;
    in->release_master = release;
    in->last_transition = last;
    o->readable = 1;
    o->running = 1;
}

static int has_finding(const struct ka_judgement *j, hs_status st, const char *needle)
{
    size_t i;

    for (i = 0; i < j->nf; i++)
        if (j->f[i].status == st && strstr(j->f[i].text, needle))
            return 1;
    for (i = 0; i < j->nf; i++)
        fprintf(stderr, "  finding %d: %s\n", j->f[i].status, j->f[i].text);
    return 0;
}

static hs_status worst(const struct ka_judgement *j)
{
    hs_status w = HS_OK;
    size_t i;

    for (i = 0; i < j->nf; i++)
        if (j->f[i].status > w)
            w = j->f[i].status;
    return w;
}

struct fixture {
    struct ka_node_obs n[3];
    struct ka_judgement j;
    struct ka_judge_cfg cfg;
};

static void setup(struct fixture *f)
{
    memset(f, 0, sizeof *f);
    ka_node_obs_init(&f->n[0], "n1");
    ka_node_obs_init(&f->n[1], "n2");
    ka_node_obs_init(&f->n[2], "n3");
}

static void teardown(struct fixture *f)
{
    int i;

    for (i = 0; i < 3; i++)
        ka_node_obs_free(&f->n[i]);
    ka_judgement_free(&f->j);
}

static int run(struct fixture *f, size_t n, const struct ka_flap *prev)
{
    char err[128];

    return ka_judge(f->n, n, &f->cfg, prev, &f->j, err, sizeof err);
}

static void test_steady(void)
{
    struct fixture f;

    setup(&f);
    put(&f.n[0], "VI_1", KA_MASTER, 1, 0, 10);
    put(&f.n[1], "VI_1", KA_BACKUP, 0, 0, 10);
    CU_ASSERT_EQUAL_FATAL(run(&f, 2, NULL), 0);
    CU_ASSERT_EQUAL(f.j.nf, 0);
    CU_ASSERT_EQUAL(f.j.n_inst, 1);
    CU_ASSERT_EQUAL(f.j.inst[0].masters, 1);
    CU_ASSERT_EQUAL(f.j.inst[0].master_node, 0);
    CU_ASSERT_EQUAL(f.j.inst[0].service, HS_STATE_UP);
    CU_ASSERT_EQUAL(f.j.inst[0].count[KA_BACKUP], 1);
    CU_ASSERT_DOUBLE_EQUAL(f.j.health, 100, 1e-9);
    teardown(&f);
}

static void test_master_stopped(void)
{
    struct fixture f;

    setup(&f);
    put(&f.n[0], "VI_1", KA_MASTER, 1, 0, 10); /* stale: keepalived died */
    f.n[0].running = 0;
    f.n[0].readable = 0;
    strcpy(f.n[0].why, "keepalived not running");
    put(&f.n[1], "VI_1", KA_MASTER, 1, 0, 20);
    CU_ASSERT_EQUAL_FATAL(run(&f, 2, NULL), 0);
    CU_ASSERT_EQUAL(worst(&f.j), HS_WARNING);
    CU_ASSERT_TRUE(has_finding(&f.j, HS_WARNING, "node n1 STOP"));
    CU_ASSERT_EQUAL(f.j.inst[0].master_node, 1);
    CU_ASSERT_EQUAL(ka_cell_at(&f.j, 0, 0)->state, KA_STOP);
    CU_ASSERT_EQUAL(f.j.inst[0].service, HS_STATE_DEGRADED);
    CU_ASSERT_DOUBLE_EQUAL(f.j.health, 50, 1e-9);
    teardown(&f);
}

static void test_all_down(void)
{
    struct fixture f;
    const char *exp[] = {"VI_1"};

    setup(&f);
    f.n[0].running = 0;
    f.n[1].running = 0;
    CU_ASSERT_EQUAL_FATAL(run(&f, 2, NULL), 0);
    CU_ASSERT_TRUE(has_finding(&f.j, HS_CRITICAL, "no VRRP instance seen"));
    ka_judgement_free(&f.j);
    f.cfg.expected = exp;
    f.cfg.n_expected = 1;
    CU_ASSERT_EQUAL_FATAL(run(&f, 2, NULL), 0);
    CU_ASSERT_TRUE(has_finding(&f.j, HS_CRITICAL, "VRRP VI_1: no MASTER"));
    CU_ASSERT_EQUAL(f.j.inst[0].service, HS_STATE_DOWN);
    CU_ASSERT_DOUBLE_EQUAL(f.j.health, 0, 1e-9);
    teardown(&f);
}

static void test_split_brain(void)
{
    struct fixture f;

    setup(&f);
    put(&f.n[0], "VI_1", KA_MASTER, 1, 0, 10);
    put(&f.n[1], "VI_1", KA_MASTER, 1, 0, 20);
    put(&f.n[2], "VI_1", KA_BACKUP, 0, 0, 20);
    CU_ASSERT_EQUAL_FATAL(run(&f, 3, NULL), 0);
    CU_ASSERT_TRUE(has_finding(&f.j, HS_CRITICAL, "2 masters (split brain): n1, n2"));
    CU_ASSERT_EQUAL(f.j.inst[0].service, HS_STATE_DOWN);
    teardown(&f);
}

static void test_fault_unreadable_missing(void)
{
    struct fixture f;

    setup(&f);
    put(&f.n[0], "VI_1", KA_MASTER, 1, 0, 10);
    put(&f.n[0], "VI_2", KA_MASTER, 1, 0, 10);
    put(&f.n[1], "VI_1", KA_FAULT, 0, 0, 10);
    strcpy(f.n[2].why, "permission denied");
    f.n[2].running = 1;
    CU_ASSERT_EQUAL_FATAL(run(&f, 3, NULL), 0);
    CU_ASSERT_EQUAL(worst(&f.j), HS_WARNING);
    CU_ASSERT_TRUE(has_finding(&f.j, HS_WARNING, "VRRP VI_1: node n2 is FAULT"));
    CU_ASSERT_TRUE(has_finding(&f.j, HS_WARNING, "node n3 unreadable: permission denied"));
    CU_ASSERT_TRUE(has_finding(&f.j, HS_WARNING, "VRRP VI_2: node n2 does not report"));
    CU_ASSERT_EQUAL(ka_cell_at(&f.j, 1, 2)->state, KA_UNKNOWN);
    CU_ASSERT_DOUBLE_EQUAL(f.j.health, 100.0 / 3, 1e-6);
    teardown(&f);
}

static void test_preferred(void)
{
    struct fixture f;

    setup(&f);
    f.cfg.preferred = "n1";
    put(&f.n[0], "VI_1", KA_BACKUP, 1, 1, 10);
    put(&f.n[1], "VI_1", KA_MASTER, 1, 0, 20);
    CU_ASSERT_EQUAL_FATAL(run(&f, 2, NULL), 0);
    CU_ASSERT_TRUE(has_finding(&f.j, HS_WARNING, "MASTER is n2, not the preferred n1"));
    CU_ASSERT_EQUAL(f.j.inst[0].service, HS_STATE_UP);
    teardown(&f);
}

static void test_flap(void)
{
    struct fixture f;
    struct ka_flap prev, next;
    struct ka_instance in;
    struct ka_flap_entry e = {"n1", "VI_1", 4, 10};
    char err[128];

    memset(&in, 0, sizeof in);
    in.transitions = -1;
    in.become_master = 3;
    in.release_master = 3;
    in.last_transition = 10;
    CU_ASSERT_EQUAL(ka_counter(&in), 6);
    CU_ASSERT_EQUAL(ka_transitions_since(&e, &in), 2);
    CU_ASSERT_EQUAL(ka_transitions_since(NULL, &in), -1);
    in.become_master = 1;
    in.release_master = 0; /* restarted: counters reset */
    CU_ASSERT_EQUAL(ka_transitions_since(&e, &in), 2);
    in.become_master = 2;
    in.release_master = 2;
    CU_ASSERT_EQUAL(ka_transitions_since(&e, &in), 0);
    in.last_transition = 11; /* same count, moved: counted once */
    CU_ASSERT_EQUAL(ka_transitions_since(&e, &in), 1);
    in.transitions = 9; /* the helper's own count wins */
    CU_ASSERT_EQUAL(ka_counter(&in), 9);

    setup(&f);
    ka_flap_init(&prev);
    ka_flap_init(&next);
    CU_ASSERT_EQUAL(ka_flap_add(&prev, "n1", "VI_1", 1, 10, err, sizeof err), 0);
    put(&f.n[0], "VI_1", KA_MASTER, 4, 3, 30);
    put(&f.n[1], "VI_1", KA_BACKUP, 0, 0, 10);
    CU_ASSERT_EQUAL_FATAL(run(&f, 2, &prev), 0);
    CU_ASSERT_EQUAL(ka_cell_at(&f.j, 0, 0)->delta, 6);
    CU_ASSERT_EQUAL(ka_cell_at(&f.j, 0, 1)->delta, -1);
    CU_ASSERT_EQUAL(ka_flap_from(&f.j, f.n, &next, err, sizeof err), 0);
    CU_ASSERT_EQUAL(next.n, 2);
    CU_ASSERT_EQUAL(ka_flap_find(&next, "n1", "VI_1")->counter, 7);
    ka_flap_free(&prev);
    ka_flap_free(&next);
    teardown(&f);
}

int ka_add_judge_suite(void)
{
    CU_pSuite s = CU_add_suite("keepalived verdict", NULL, NULL);

    if (!s || !CU_add_test(s, "steady state", test_steady) ||
        !CU_add_test(s, "master stopped", test_master_stopped) ||
        !CU_add_test(s, "all nodes down", test_all_down) ||
        !CU_add_test(s, "split brain", test_split_brain) ||
        !CU_add_test(s, "fault, unreadable, missing", test_fault_unreadable_missing) ||
        !CU_add_test(s, "preferred master", test_preferred) ||
        !CU_add_test(s, "flap counting", test_flap))
        return -1;
    return 0;
}
