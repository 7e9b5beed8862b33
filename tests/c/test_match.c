/* The C ABI of the match engine, exercised from C99: min-cost flow (exact, infeasible,
 * unbounded, max-flow-min-cost with unrouted supply, bad input; double costs; the kept
 * solver hn_mcf with warm re-solves against cold ones, limits and progress), dense and sparse linear
 * assignment against brute force, stable matching checked for blocking pairs, and the
 * needs/resources matcher from JSON. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hatchnet/hatchnet.h"

#include "check.h"

static const char *SMALL = HATCHNET_SOURCE_DIR "/tests/data/small.json";

static void test_min_cost_flow(void) {
    /* 0 -> 1 -> 2 and a dearer direct arc 0 -> 2 */
    const int64_t tails[] = {0, 1, 0}, heads[] = {1, 2, 2}, caps[] = {4, 4, HN_INFINITE_CAPACITY},
                  costs[] = {2, 1, 5}, sup[] = {6, 0, -6};
    int64_t *flow = NULL, *unrouted = NULL, cost = -1;
    hn_solve_status st = HN_SOLVE_INFEASIBLE;
    CHECK(hn_min_cost_flow(&flow, &cost, &st, &unrouted, 3, sup, 3, tails, heads, caps, costs, HN_FLOW_EXACT) == HN_OK);
    CHECK(st == HN_SOLVE_OPTIMAL);
    CHECK(cost == 4 * 3 + 2 * 5);
    CHECK(flow && flow[0] == 4 && flow[1] == 4 && flow[2] == 2);
    CHECK(unrouted && unrouted[0] == 0 && unrouted[2] == 0);
    hn_free(flow);
    hn_free(unrouted);
    CHECK(strcmp(hn_solve_status_name(st), "optimal") == 0);

    /* infeasible: demand 6 behind a capacity of 4 */
    {
        const int64_t t2[] = {0}, h2[] = {1}, c2[] = {4}, w2[] = {1}, s2[] = {6, -6};
        flow = NULL;
        CHECK(hn_min_cost_flow(&flow, &cost, &st, NULL, 2, s2, 1, t2, h2, c2, w2, HN_FLOW_EXACT) == HN_OK);
        CHECK(st == HN_SOLVE_INFEASIBLE && flow == NULL);
        /* the max-flow-min-cost mode routes what it can and says what is left */
        CHECK(hn_min_cost_flow(&flow, &cost, &st, &unrouted, 2, s2, 1, t2, h2, c2, w2,
                               HN_FLOW_MAX_FLOW_MIN_COST) == HN_OK);
        CHECK(st == HN_SOLVE_OPTIMAL && flow && flow[0] == 4 && cost == 4);
        CHECK(unrouted && unrouted[0] == 2 && unrouted[1] == -2);
        hn_free(flow);
        hn_free(unrouted);
    }
    /* unbounded: a negative cycle of infinite capacity */
    {
        const int64_t t3[] = {0, 1}, h3[] = {1, 0}, c3[] = {HN_INFINITE_CAPACITY, HN_INFINITE_CAPACITY},
                      w3[] = {-1, 0};
        flow = NULL;
        CHECK(hn_min_cost_flow(&flow, &cost, &st, NULL, 2, NULL, 2, t3, h3, c3, w3, HN_FLOW_EXACT) == HN_OK);
        CHECK(st == HN_SOLVE_UNBOUNDED && flow == NULL);
    }
    /* bad input */
    {
        const int64_t t4[] = {0}, h4[] = {7}, c4[] = {1}, cneg[] = {-1}, w4[] = {1}, s4[] = {1, -1}, sbad[] = {1, 0};
        const int64_t h_ok[] = {1};
        CHECK(hn_min_cost_flow(&flow, &cost, &st, NULL, 2, s4, 1, t4, h4, c4, w4, HN_FLOW_EXACT) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "arc 0") != NULL && strstr(hn_last_error(), "head") != NULL);
        CHECK(hn_min_cost_flow(&flow, &cost, &st, NULL, 2, s4, 1, t4, h_ok, cneg, w4, HN_FLOW_EXACT) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "capacity") != NULL);
        CHECK(hn_min_cost_flow(&flow, &cost, &st, NULL, 2, sbad, 1, t4, h_ok, c4, w4, HN_FLOW_EXACT) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "balance") != NULL);
        CHECK(hn_min_cost_flow(NULL, &cost, &st, NULL, 2, s4, 1, t4, h_ok, c4, w4, HN_FLOW_EXACT) == HN_ERR_NULL);
    }
}

/* double costs: decimals scaled exactly, thirds rounded, NaN refused */
static void test_min_cost_flow_f64(void) {
    const int64_t tails[] = {0, 1, 0}, heads[] = {1, 2, 2}, caps[] = {4, 4, HN_INFINITE_CAPACITY},
                  sup[] = {6, 0, -6};
    const double costs[] = {2.25, 1.5, 5.1}, thirds[] = {1.0 / 3, 1.0 / 3, 1e6}, bad[] = {1, NAN, 1};
    int64_t *flow = NULL;
    double cost = -1, scale = 0, err = -1;
    int exact = -1;
    hn_solve_status st = HN_SOLVE_INFEASIBLE;
    CHECK(hn_min_cost_flow_f64(&flow, &cost, &st, NULL, &scale, &exact, &err, 3, sup, 3, tails, heads, caps, costs,
                               HN_FLOW_EXACT) == HN_OK);
    CHECK(st == HN_SOLVE_OPTIMAL && exact == 1 && scale == 100 && err == 0);
    CHECK(flow && flow[0] == 4 && flow[1] == 4 && flow[2] == 2);
    CHECK(fabs(cost - (4 * 3.75 + 2 * 5.1)) < 1e-9);
    hn_free(flow);
    flow = NULL;
    CHECK(hn_min_cost_flow_f64(&flow, &cost, &st, NULL, &scale, &exact, &err, 3, sup, 3, tails, heads, caps, thirds,
                               HN_FLOW_EXACT) == HN_OK);
    CHECK(st == HN_SOLVE_OPTIMAL && exact == 0 && err > 0 && err <= 0.5 / scale);
    CHECK(flow && flow[0] == 4 && fabs(cost - (8.0 / 3 + 2e6)) < 1e-6);
    hn_free(flow);
    flow = NULL;
    CHECK(hn_min_cost_flow_f64(&flow, &cost, &st, NULL, NULL, NULL, NULL, 3, sup, 3, tails, heads, caps, bad,
                               HN_FLOW_EXACT) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "arc 1") != NULL && strstr(hn_last_error(), "NaN") != NULL);
    CHECK(flow == NULL);
}

static int stop_calls = 0;
static int stop_at_first(void *user, int64_t pivots, double seconds, double objective, int64_t infeasibility) {
    (void)user; (void)pivots; (void)seconds; (void)objective; (void)infeasibility;
    ++stop_calls;
    return 0;
}

/* the kept solver: warm re-solve after changes equals a cold one; limits and progress */
static void test_mcf_handle(void) {
    enum { S = 40, D = 10, K = 4 };
    hn_mcf *f = NULL, *g = NULL;
    int64_t tails[S * K], heads[S * K], caps[S * K], costs[S * K], sup[S + D];
    int64_t first = -1, cost_f = 0, cost_g = 0, pivots = 0, *flow = NULL;
    int warm = -1, i, round;
    unsigned seed = 99;
    hn_solve_status st = HN_SOLVE_INFEASIBLE, st2 = HN_SOLVE_INFEASIBLE;
    for (i = 0; i < S * K; ++i) {
        seed = seed * 1103515245u + 12345u;
        tails[i] = i / K;
        heads[i] = S + (int64_t)((seed >> 16) % D);
        caps[i] = HN_INFINITE_CAPACITY;
        costs[i] = (int64_t)((seed >> 8) % 100);
    }
    for (i = 0; i < S + D; ++i) sup[i] = i < S ? 5 : -(5 * S / D);
    CHECK(hn_mcf_create(&f, S + D) == HN_OK && f != NULL);
    CHECK(hn_mcf_add_arcs(&first, f, S * K, tails, heads, NULL, caps, costs) == HN_OK && first == 0);
    CHECK(hn_mcf_set_supplies(f, S + D, sup) == HN_OK);
    CHECK(hn_mcf_set_warm_start(f, 1) == HN_OK);
    CHECK(hn_mcf_run(&st, f, HN_FLOW_EXACT) == HN_OK && st == HN_SOLVE_OPTIMAL);
    for (round = 0; round < 20; ++round) {
        int a = (round * 37) % (S * K), s = round % S, t = (int)heads[(round * 11) % (S * K)];
        costs[a] = (costs[a] * 7 + 13) % 100;
        CHECK(hn_mcf_set_cost(f, a, costs[a]) == HN_OK);
        /* move one unit of demand from the sink t to source s's first sink */
        sup[s] += 1;
        sup[heads[s * K]] -= 1;
        (void)t;
        CHECK(hn_mcf_set_supply(f, s, sup[s]) == HN_OK);
        CHECK(hn_mcf_set_supply(f, heads[s * K], sup[heads[s * K]]) == HN_OK);
        CHECK(hn_mcf_run(&st, f, HN_FLOW_EXACT) == HN_OK && st == HN_SOLVE_OPTIMAL);
        CHECK(hn_mcf_result(&cost_f, &pivots, &warm, f) == HN_OK && warm == 1);
        /* a fresh (cold) solve of the same data */
        g = NULL;
        CHECK(hn_mcf_create(&g, S + D) == HN_OK);
        CHECK(hn_mcf_add_arcs(NULL, g, S * K, tails, heads, NULL, caps, costs) == HN_OK);
        CHECK(hn_mcf_set_supplies(g, S + D, sup) == HN_OK);
        CHECK(hn_mcf_run(&st2, g, HN_FLOW_EXACT) == HN_OK && st2 == HN_SOLVE_OPTIMAL);
        CHECK(hn_mcf_result(&cost_g, NULL, &warm, g) == HN_OK && warm == 0);
        CHECK(cost_f == cost_g);
        hn_mcf_free(g);
    }
    CHECK(hn_mcf_flows(&flow, f) == HN_OK && flow != NULL);
    if (flow) {
        int64_t net[S + D] = {0};
        for (i = 0; i < S * K; ++i) { net[tails[i]] += flow[i]; net[heads[i]] -= flow[i]; }
        for (i = 0; i < S + D; ++i) CHECK(net[i] == sup[i]);
    }
    hn_free(flow);
    /* a callback that stops at once, then a time limit, then bad input */
    CHECK(hn_mcf_set_warm_start(f, 0) == HN_OK);
    CHECK(hn_mcf_set_progress(f, stop_at_first, NULL, 1) == HN_OK);
    CHECK(hn_mcf_run(&st, f, HN_FLOW_EXACT) == HN_OK && st == HN_SOLVE_INTERRUPTED && stop_calls == 1);
    CHECK(strcmp(hn_solve_status_name(st), "interrupted") == 0);
    CHECK(hn_mcf_set_progress(f, NULL, NULL, 0) == HN_OK);
    CHECK(hn_mcf_set_limits(f, 0, 1e-9) == HN_OK);
    CHECK(hn_mcf_run(&st, f, HN_FLOW_EXACT) == HN_OK && st == HN_SOLVE_TIME_LIMIT);
    CHECK(strcmp(hn_solve_status_name(st), "time_limit") == 0);
    CHECK(hn_mcf_set_limits(f, 0, -1) == HN_ERR_INVALID);
    CHECK(hn_mcf_set_limits(f, 0, 0) == HN_OK);
    CHECK(hn_mcf_run(&st, f, HN_FLOW_EXACT) == HN_OK && st == HN_SOLVE_OPTIMAL);
    CHECK(hn_mcf_set_cost(f, S * K, 1) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "arc 160") != NULL);
    CHECK(hn_mcf_add_arcs(NULL, f, 1, tails, heads + 0, NULL, caps, costs) == HN_OK);
    {
        const int64_t bad_head[] = {S + D};
        CHECK(hn_mcf_add_arcs(NULL, f, 1, tails, bad_head, NULL, caps, costs) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "arc 161") != NULL && strstr(hn_last_error(), "head") != NULL);
    }
    CHECK(hn_mcf_set_supply(f, -1, 0) == HN_ERR_INVALID);
    CHECK(hn_mcf_run(&st, NULL, HN_FLOW_EXACT) == HN_ERR_NULL);
    {
        double d[S * K + 1], scale = 0, tc = 0;
        int exact = 0;
        for (i = 0; i < S * K + 1; ++i) d[i] = (double)(i % 7) / 4;
        CHECK(hn_mcf_set_costs_f64(&scale, &exact, NULL, f, S * K + 1, d) == HN_OK && scale == 4 && exact == 1);
        CHECK(hn_mcf_run(&st, f, HN_FLOW_EXACT) == HN_OK && st == HN_SOLVE_OPTIMAL);
        CHECK(hn_mcf_result(&cost_f, NULL, NULL, f) == HN_OK);
        CHECK(hn_mcf_total_cost_f64(&tc, f) == HN_OK && tc == (double)cost_f / 4);
        CHECK(hn_mcf_set_costs_f64(NULL, NULL, NULL, f, 3, d) == HN_ERR_INVALID);
    }
    hn_mcf_free(f);
    hn_mcf_free(NULL);
}

/* the solver choice: cost scaling and the network simplex reach the same optimum (and cost
 * scaling's flow is checked for conservation); last_algorithm says which ran; bad values */
static void test_mcf_algorithms(void) {
    enum { S = 30, D = 8, K = 3 };
    int64_t tails[S * K], heads[S * K], caps[S * K], costs[S * K], sup[S + D], cost[3] = {0, 0, 0};
    int64_t *flow = NULL;
    unsigned seed = 7;
    int i, k, warm = -1;
    hn_solve_status st = HN_SOLVE_INFEASIBLE;
    hn_mcf_algorithm used = HN_MCF_AUTOMATIC;
    const hn_mcf_algorithm algos[3] = {HN_MCF_AUTOMATIC, HN_MCF_NETWORK_SIMPLEX, HN_MCF_COST_SCALING};
    for (i = 0; i < S * K; ++i) {
        seed = seed * 1103515245u + 12345u;
        tails[i] = i / K;
        heads[i] = S + (int64_t)((seed >> 16) % D);
        caps[i] = 3 + (int64_t)((seed >> 4) % 5);
        costs[i] = (int64_t)((seed >> 8) % 50);
    }
    for (i = 0; i < S + D; ++i) sup[i] = i < S ? 4 : -(4 * S / D);
    for (k = 0; k < 3; ++k) {
        hn_mcf *f = NULL;
        CHECK(hn_mcf_create(&f, S + D) == HN_OK);
        CHECK(hn_mcf_last_algorithm(&used, f) == HN_OK && used == HN_MCF_AUTOMATIC);
        CHECK(hn_mcf_add_arcs(NULL, f, S * K, tails, heads, NULL, caps, costs) == HN_OK);
        CHECK(hn_mcf_set_supplies(f, S + D, sup) == HN_OK);
        CHECK(hn_mcf_set_algorithm(f, algos[k]) == HN_OK);
        CHECK(hn_mcf_run(&st, f, HN_FLOW_MAX_FLOW_MIN_COST) == HN_OK && st == HN_SOLVE_OPTIMAL);
        CHECK(hn_mcf_result(&cost[k], NULL, NULL, f) == HN_OK);
        CHECK(hn_mcf_last_algorithm(&used, f) == HN_OK);
        CHECK(used == (k == 2 ? HN_MCF_COST_SCALING : HN_MCF_NETWORK_SIMPLEX));
        if (k == 2) {
            int64_t net[S + D] = {0}, *left = NULL;
            CHECK(hn_mcf_flows(&flow, f) == HN_OK && flow != NULL);
            CHECK(hn_mcf_unrouted(&left, f) == HN_OK && left != NULL);
            if (flow && left) {
                for (i = 0; i < S * K; ++i) {
                    CHECK(flow[i] >= 0 && flow[i] <= caps[i]);
                    net[tails[i]] += flow[i];
                    net[heads[i]] -= flow[i];
                }
                for (i = 0; i < S + D; ++i) CHECK(net[i] == sup[i] - left[i]);
            }
            hn_free(flow);
            hn_free(left);
            /* forced cost scaling with warm start on runs cold */
            CHECK(hn_mcf_set_warm_start(f, 1) == HN_OK);
            CHECK(hn_mcf_run(&st, f, HN_FLOW_MAX_FLOW_MIN_COST) == HN_OK && st == HN_SOLVE_OPTIMAL);
            CHECK(hn_mcf_result(NULL, NULL, &warm, f) == HN_OK && warm == 0);
            CHECK(hn_mcf_set_algorithm(f, (hn_mcf_algorithm)7) == HN_ERR_INVALID);
            CHECK(strstr(hn_last_error(), "algorithm") != NULL);
            CHECK(hn_mcf_last_algorithm(NULL, f) == HN_ERR_NULL);
        }
        hn_mcf_free(f);
    }
    CHECK(cost[0] == cost[1] && cost[1] == cost[2]);
}

/* brute force over permutations for a square n x n (n <= 5) */
static double best_perm(const double *m, int n, int maximize) {
    int p[5] = {0, 1, 2, 3, 4}, i, j, k;
    double best = maximize ? -INFINITY : INFINITY;
    /* Heap-free: iterate over all n^n maps and keep the permutations */
    int total = 1;
    for (i = 0; i < n; ++i) total *= n;
    for (k = 0; k < total; ++k) {
        int x = k, used = 0, ok = 1;
        double s = 0;
        for (i = 0; i < n; ++i) {
            p[i] = x % n;
            x /= n;
            if (used & (1 << p[i])) { ok = 0; break; }
            used |= 1 << p[i];
        }
        if (!ok) continue;
        for (j = 0; j < n; ++j) s += m[j * n + p[j]];
        if (maximize ? s > best : s < best) best = s;
    }
    return best;
}

static void test_assignment(void) {
    unsigned seed = 12345;
    int round;
    for (round = 0; round < 200; ++round) {
        int n = 1 + (int)(round % 5), i, maximize = round % 2;
        double m[25], cost = 0;
        int64_t *r2c = NULL;
        hn_solve_status st;
        for (i = 0; i < n * n; ++i) {
            seed = seed * 1103515245u + 12345u;
            m[i] = (double)((seed >> 16) % 100);
        }
        CHECK(hn_linear_assignment(&r2c, &cost, &st, (size_t)n, (size_t)n, m, maximize) == HN_OK);
        CHECK(st == HN_SOLVE_OPTIMAL);
        CHECK(fabs(cost - best_perm(m, n, maximize)) < 1e-9);
        if (r2c) {
            double s = 0;
            for (i = 0; i < n; ++i) s += m[i * n + r2c[i]];
            CHECK(fabs(s - cost) < 1e-9);
        }
        hn_free(r2c);
    }
    {
        /* sparse: 3 x 3 with a forced diagonal */
        const int64_t er[] = {0, 0, 1, 2, 2}, ec[] = {0, 1, 1, 2, 0};
        const double w[] = {5, 1, 2, 3, 1};
        int64_t *r2c = NULL;
        double cost = 0;
        hn_solve_status st;
        CHECK(hn_linear_assignment_sparse(&r2c, &cost, &st, 3, 3, 5, er, ec, w, 0) == HN_OK);
        CHECK(st == HN_SOLVE_OPTIMAL && cost == 10 && r2c && r2c[0] == 0 && r2c[1] == 1 && r2c[2] == 2);
        hn_free(r2c);
        r2c = NULL;
        CHECK(hn_linear_assignment_sparse(&r2c, &cost, &st, 3, 3, 2, er, ec, w, 0) == HN_OK);
        CHECK(st == HN_SOLVE_INFEASIBLE && r2c == NULL);
    }
    {
        const double bad[] = {1.0, NAN};
        int64_t *r2c = NULL;
        double cost;
        hn_solve_status st;
        CHECK(hn_linear_assignment(&r2c, &cost, &st, 1, 2, bad, 0) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "row 0") != NULL);
    }
}

static void test_stable(void) {
    /* residents 0..2 rank hospitals 0..1; hospital 0 has 1 place, hospital 1 has 2 */
    const int64_t rp[] = {0, 1, 0, 1, 1};
    const size_t roff[] = {0, 2, 4, 5};
    const int64_t hp[] = {1, 0, 2, 0, 1, 2};
    const size_t hoff[] = {0, 3, 6};
    const int64_t caps[] = {1, 2};
    int64_t *m = NULL;
    CHECK(hn_stable_match(&m, 3, rp, roff, 2, hp, hoff, caps, 0) == HN_OK);
    CHECK(m && m[1] == 0 && m[0] == 1 && m[2] == 1);
    hn_free(m);
    m = NULL;
    CHECK(hn_stable_match(&m, 3, rp, roff, 2, hp, hoff, caps, 1) == HN_OK);
    CHECK(m && m[1] == 0);
    hn_free(m);
    {
        const int64_t bad[] = {0, 9, 0, 1, 1};
        CHECK(hn_stable_match(&m, 3, bad, roff, 2, hp, hoff, caps, 0) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "resident 0") != NULL);
    }
}

/* the id of the first record of a JSON array of objects (demo data format) */
static void first_id(const char *json, char *buf, size_t size) {
    const char *p = strstr(json, "\"id\"");
    size_t n = 0;
    buf[0] = 0;
    if (!p) return;
    p = strchr(p + 4, '"');
    if (!p) return;
    ++p;
    while (p[n] && p[n] != '"' && n + 1 < size) { buf[n] = p[n]; ++n; }
    buf[n] = 0;
}

/* A matcher shares the network's frozen graph (no copy) and keeps it alive: freeing the
 * network first leaves it working, with the same result as a matcher on a live network. */
/* Cuts the values of the timing fields "build_seconds" and "solve_seconds" out in place, so two
 * results of the same problem compare equal byte for byte. */
static void blank_timings(char *json) {
    const char *keys[] = {"\"build_seconds\":", "\"solve_seconds\":"};
    for (int k = 0; k < 2 && json; ++k) {
        char *p = strstr(json, keys[k]), *q;
        if (!p) continue;
        p += strlen(keys[k]);
        q = p;
        while (*q && *q != ',' && *q != '}') ++q;
        memmove(p, q, strlen(q) + 1);
    }
}

static void test_matcher_outlives_network(const hn_network *net, const char *nj, const char *rj) {
    hn_network *tmp = NULL;
    hn_matcher *orphan = NULL, *live = NULL;
    char *a = NULL, *b = NULL;
    hn_solve_status sa = HN_SOLVE_INFEASIBLE, sb = HN_SOLVE_INFEASIBLE;
    char *text = NULL;
    CHECK(hn_network_to_json(&text, NULL, net) == HN_OK);
    CHECK(text && hn_network_load_json(&tmp, text, HN_NUL_TERMINATED) == HN_OK);
    hn_free(text);
    CHECK(hn_matcher_create(&orphan, tmp, nj, rj, NULL) == HN_OK);
    hn_network_free(tmp);
    CHECK(hn_matcher_create(&live, net, nj, rj, NULL) == HN_OK);
    if (orphan && live) {
        CHECK(hn_matcher_run(&a, &sa, orphan) == HN_OK);
        CHECK(hn_matcher_run(&b, &sb, live) == HN_OK);
        CHECK(sa == HN_SOLVE_OPTIMAL && sb == HN_SOLVE_OPTIMAL);
        blank_timings(a);
        blank_timings(b);
        CHECK(a && b && strstr(a, "\"build_seconds\":,") != NULL);
        CHECK(a && b && strcmp(a, b) == 0);
    }
    hn_free(a);
    hn_free(b);
    hn_matcher_free(orphan);
    hn_matcher_free(live);
}

/* the kept matcher: run, change a need and a resource by id, re-run warm */
static void test_matcher_handle(const hn_network *net, const char *nj, const char *rj) {
    hn_matcher *m = NULL;
    char *out = NULL, need_id[64], res_id[64];
    hn_solve_status st = HN_SOLVE_INFEASIBLE;
    first_id(nj, need_id, sizeof need_id);
    first_id(rj, res_id, sizeof res_id);
    CHECK(need_id[0] != 0 && res_id[0] != 0);
    CHECK(hn_matcher_create(&m, net, nj, rj, NULL) == HN_OK);
    if (!m) return;
    CHECK(hn_matcher_run(&out, &st, m) == HN_OK);
    CHECK(st == HN_SOLVE_OPTIMAL);
    CHECK(out && strstr(out, "\"warm_start\":false") != NULL);
    hn_free(out);
    out = NULL;
    CHECK(hn_matcher_set_need_quantity(m, need_id, 0) == HN_OK);
    CHECK(hn_matcher_set_need_quantity(m, "no-such-need", 2) == HN_ERR_NOT_FOUND);
    CHECK(strstr(hn_last_error(), "no-such-need") != NULL);
    CHECK(hn_matcher_set_need_quantity(m, need_id, -1) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "quantity") != NULL);
    CHECK(hn_matcher_set_resource_capacity(m, res_id, 1) == HN_OK);
    CHECK(hn_matcher_set_resource_capacity(m, "nope", 1) == HN_ERR_NOT_FOUND);
    CHECK(hn_matcher_run(&out, NULL, m) == HN_OK);
    CHECK(out && strstr(out, "\"status\":\"optimal\"") != NULL);
    hn_free(out);
    CHECK(hn_matcher_run(NULL, NULL, m) == HN_ERR_NULL);
    hn_matcher_free(m);
    hn_matcher_free(NULL);
}

static void test_matcher(void) {
    hn_network *net = NULL;
    char *out = NULL, *nj = NULL, *rj = NULL;
    const char *needs = "[{\"id\": \"n1\", \"organization\": \"so-4\", \"category\": \"venue\", \"quantity\": 2,"
                        " \"priority\": 3}, {\"id\": \"n2\", \"organization\": \"so-5\", \"category\": \"venue\"},"
                        " {\"id\": \"n3\", \"organization\": \"so-1\", \"category\": \"legal\"}]";
    const char *resources = "[{\"id\": \"r1\", \"provider\": \"c-east-a\", \"category\": \"venue\", \"capacity\": 2,"
                            " \"unit_cost\": 1.5}, {\"id\": \"r2\", \"provider\": \"cc\", \"category\": \"space\","
                            " \"capacity\": 1, \"eligibility\": {\"regions\": [\"110102\"]}}]";
    CHECK(hn_network_load_json_file(&net, SMALL) == HN_OK);
    if (!net) return;
    CHECK(hn_match_json(&out, net, needs, resources, NULL) == HN_OK);
    CHECK(out && strstr(out, "\"status\":\"optimal\"") != NULL);
    CHECK(out && strstr(out, "\"served\":3") != NULL);
    CHECK(out && strstr(out, "\"reason\":\"no_eligible_resource\"") != NULL);
    hn_free(out);
    out = NULL;
    CHECK(hn_match_json(&out, net, needs, resources, "{\"fair\": \"district\", \"distance\": \"hops\"}") == HN_OK);
    CHECK(out && strstr(out, "\"hops\":") != NULL);
    hn_free(out);
    out = NULL;
    CHECK(hn_match_json(&out, net, "[{\"id\": \"x\", \"organization\": \"ghost\", \"category\": \"venue\"}]",
                        resources, "") == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "need x: field 'organization'") != NULL);
    CHECK(out == NULL);
    CHECK(hn_match_json(&out, net, needs, "[{\"id\": \"r\", \"provider\": \"cc\", \"category\": \"venue\","
                                          " \"capacity\": -1}]", NULL) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "capacity") != NULL);
    CHECK(hn_match_json(&out, net, "[{", resources, NULL) == HN_ERR_INVALID);
    CHECK(strstr(hn_last_error(), "malformed JSON") != NULL);
    CHECK(hn_match_json(&out, NULL, needs, resources, NULL) == HN_ERR_NULL);

    CHECK(hn_match_demo_data(&nj, &rj, net, 7, 25) == HN_OK);
    CHECK(nj && rj && strstr(nj, "need-0000025") != NULL);
    if (nj && rj) {
        CHECK(hn_match_json(&out, net, nj, rj, "{\"fair\": {\"by\": \"district\", \"share\": 0.5}}") == HN_OK);
        CHECK(out && strstr(out, "\"groups\"") != NULL);
        hn_free(out);
        out = NULL;
        /* a time limit the run cannot meet: a status, not an error; nothing allocated */
        CHECK(hn_match_json(&out, net, nj, rj, "{\"time_limit\": 1e-12}") == HN_OK);
        CHECK(out && strstr(out, "\"status\":\"time_limit\"") != NULL);
        CHECK(out && strstr(out, "\"reason\":\"not_solved\"") != NULL);
        hn_free(out);
        out = NULL;
        CHECK(hn_match_json(&out, net, nj, rj, "{\"time_limit\": -3}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "time_limit") != NULL);
        test_matcher_handle(net, nj, rj);
        test_matcher_outlives_network(net, nj, rj);
    }
    hn_free(nj);
    hn_free(rj);
    hn_network_free(net);
}

int main(void) {
    test_min_cost_flow();
    test_min_cost_flow_f64();
    test_mcf_handle();
    test_mcf_algorithms();
    test_assignment();
    test_stable();
    test_matcher();
    return check_summary();
}
