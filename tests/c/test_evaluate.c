/* C99 test of the evaluate part of the C ABI: array functions, bad input, network evaluation. */
#include <hatchnet/hatchnet.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                            \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: CHECK failed: %s (last error: %s)\n",      \
                    __FILE__, __LINE__, #cond, hn_last_error());               \
            ++failures;                                                        \
        }                                                                      \
    } while (0)

static int near(double a, double b, double tol) { return fabs(a - b) <= tol; }

int main(void) {
    /* 4 alternatives x 3 criteria, row-major; criterion 2 is a cost */
    const double x[12] = {7, 9, 9, 8, 7, 8, 9, 6, 8, 6, 7, 8};
    const double w[3] = {0.5, 0.3, 0.2};
    const int t[3] = {1, 1, -1};
    double s[4], q[4], phi[4], r[4];

    CHECK(hn_topsis(s, x, 4, 3, w, t) == HN_OK);
    for (int i = 0; i < 4; ++i) CHECK(s[i] >= 0 && s[i] <= 1);
    CHECK(hn_rank(r, s, 4, 1) == HN_OK);
    CHECK(near(r[0] + r[1] + r[2] + r[3], 10.0, 1e-12));
    CHECK(hn_vikor(q, NULL, NULL, x, 4, 3, w, t, 0.5) == HN_OK);
    CHECK(hn_promethee2(phi, x, 4, 3, w, t, "usual", NULL, NULL, NULL) == HN_OK);
    CHECK(near(phi[0] + phi[1] + phi[2] + phi[3], 0.0, 1e-12)); /* net flows sum to zero */
    {   /* a dominating alternative ranks first everywhere */
        const double y[6] = {10, 10, 1, 1, 5, 5};
        const double wy[2] = {0.5, 0.5};
        const int ty[2] = {1, 1};
        double a[3], b[3];
        CHECK(hn_topsis(a, y, 3, 2, wy, ty) == HN_OK);
        CHECK(a[0] > a[2] && a[2] > a[1]);
        CHECK(hn_vikor(b, NULL, NULL, y, 3, 2, wy, ty, 0.5) == HN_OK);
        CHECK(b[0] < b[2] && b[2] < b[1]);
    }

    /* AHP: a consistent matrix gives exact weights and CR 0 */
    {
        const double a[9] = {1, 2, 4, 0.5, 1, 2, 0.25, 0.5, 1};
        double aw[3], cr = -1;
        CHECK(hn_ahp_weights(aw, &cr, a, 3, 0.1) == HN_OK);
        CHECK(near(aw[0], 4.0 / 7, 1e-12) && near(aw[1], 2.0 / 7, 1e-12) && near(aw[2], 1.0 / 7, 1e-12));
        CHECK(near(cr, 0.0, 1e-12));
        const double bad[9] = {1, 9, 1.0 / 9, 1.0 / 9, 1, 9, 9, 1.0 / 9, 1};
        CHECK(hn_ahp_weights(aw, &cr, bad, 3, 0.1) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "consistency_ratio") != NULL);
        const double neg[4] = {1, -2, -0.5, 1};
        CHECK(hn_ahp_weights(aw, &cr, neg, 2, 0.1) == HN_ERR_INVALID);
    }

    /* weights */
    {
        double ew[3], cw[3];
        CHECK(hn_entropy_weights(ew, x, 4, 3) == HN_OK);
        CHECK(near(ew[0] + ew[1] + ew[2], 1.0, 1e-12));
        CHECK(hn_critic_weights(cw, x, 4, 3, NULL) == HN_OK);
        CHECK(near(cw[0] + cw[1] + cw[2], 1.0, 1e-12));
        double z[12];
        CHECK(hn_normalise(z, x, 4, 3, t, "minmax") == HN_OK);
        CHECK(near(z[0], 1.0 / 3, 1e-12)); /* (7-6)/(9-6) */
    }

    /* bad input names the field */
    {
        const double wbad[3] = {0.5, 0.3, 0.3};
        CHECK(hn_topsis(s, x, 4, 3, wbad, t) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "weights") != NULL || strstr(hn_last_error(), "sum") != NULL);
        double xn[12];
        memcpy(xn, x, sizeof xn);
        xn[4] = NAN;
        CHECK(hn_topsis(s, xn, 4, 3, w, t) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "row 1") != NULL);
        const int tbad[3] = {1, 0, 1};
        CHECK(hn_topsis(s, x, 4, 3, w, tbad) == HN_ERR_INVALID);
        CHECK(hn_topsis(NULL, x, 4, 3, w, t) == HN_ERR_NULL);
        CHECK(hn_promethee2(phi, x, 4, 3, w, t, "nonsense", NULL, NULL, NULL) == HN_ERR_INVALID);
    }

    /* Krippendorff's alpha: perfect agreement is 1 */
    {
        const double d[8] = {1, 2, 3, 4, 1, 2, 3, 4};
        double a = 0;
        CHECK(hn_krippendorff_alpha(&a, d, 2, 4, "interval") == HN_OK);
        CHECK(near(a, 1.0, 1e-12));
    }

    /* pooling with shrinkage */
    {
        const int64_t u[4] = {0, 0, 0, 1};
        const int64_t rr[4] = {0, 1, 2, 0};
        const double v[4] = {5, 5, 5, 1};
        const int g[2] = {0, 0};
        double pooled[2];
        int cnt[2];
        CHECK(hn_pool_ratings(pooled, cnt, 2, u, rr, v, 4, "shrinkage", 2.0, g) == HN_OK);
        CHECK(cnt[0] == 3 && cnt[1] == 1);
        CHECK(near(pooled[0], (15 + 2 * 4.0) / 5, 1e-12));
        CHECK(hn_pool_ratings(pooled, cnt, 1, u, rr, v, 4, "mean", 0, NULL) == HN_ERR_INVALID);
    }

    /* Monte-Carlo rank intervals */
    {
        double lo[4], mid[4], hi[4];
        CHECK(hn_rank_intervals(lo, mid, hi, x, 4, 3, w, t, 0.2, 500, 7, 2) == HN_OK);
        for (int i = 0; i < 4; ++i) CHECK(lo[i] <= mid[i] && mid[i] <= hi[i] && lo[i] >= 1 && hi[i] <= 4);
        double lo2[4];
        CHECK(hn_rank_intervals(lo2, NULL, NULL, x, 4, 3, w, t, 0.2, 500, 7, 1) == HN_OK);
        CHECK(memcmp(lo, lo2, sizeof lo) == 0); /* independent of the thread count */
    }

    /* network evaluation */
    {
        hn_network *net = NULL;
        CHECK(hn_network_load_json_file(&net, HATCHNET_SOURCE_DIR "/tests/data/small.json") == HN_OK);
        char *out = NULL;
        CHECK(hn_evaluate_network(&out, net, "incubator", NULL, "{\"draws\": 100}") == HN_OK);
        CHECK(out && strstr(out, "\"units\"") && strstr(out, "\"d-east\"") && strstr(out, "rank_interval"));
        hn_free(out);
        out = NULL;

        char *data = NULL;
        CHECK(hn_evaluate_generate_data(&data, net, "incubator", 5) == HN_OK);
        CHECK(data && strstr(data, "\"ratings\""));
        CHECK(hn_evaluate_network(&out, net, "incubator", data, "{\"draws\": 0}") == HN_OK);
        hn_free(out);
        out = NULL;

        char *html = NULL;
        CHECK(hn_evaluate_disclosure(&html, net, "incubator", data, NULL, "d-east", 1) == HN_OK);
        CHECK(html && strncmp(html, "<!DOCTYPE html>", 15) == 0);
        hn_free(html);
        CHECK(hn_evaluate_disclosure(&html, net, "incubator", data, NULL, "ghost", 0) == HN_ERR_NOT_FOUND);
        hn_free(data);

        const char *bad = "{\"ratings\": [{\"unit\": \"ghost\", \"rater\": \"r\", \"column\": \"satisfaction\", \"value\": 4}]}";
        CHECK(hn_evaluate_network(&out, net, "incubator", bad, NULL) == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "ghost") != NULL);
        CHECK(out == NULL);
        /* the aggregation method varied in the rank intervals, and said in the notes */
        CHECK(hn_evaluate_network(&out, net, "incubator", NULL,
                                  "{\"draws\": 50, \"aggregators\": [\"arithmetic\", \"geometric\"]}") == HN_OK);
        CHECK(out && strstr(out, "rank_interval") && strstr(out, "by one of arithmetic, geometric"));
        hn_free(out);
        out = NULL;
        CHECK(hn_evaluate_network(&out, net, "incubator", NULL, "{\"aggregators\": [\"median\"]}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "aggregators") != NULL);
        CHECK(hn_evaluate_network(&out, net, "incubator", NULL, "{\"bogus\": 1}") == HN_ERR_INVALID);
        CHECK(strstr(hn_last_error(), "bogus") != NULL);
        CHECK(hn_evaluate_network(&out, net, "no_such_scheme.json", NULL, NULL) != HN_OK);

        hn_network *scored = NULL;
        CHECK(hn_evaluate_network_scores(&scored, net, "incubator", NULL, "{\"draws\": 0}") == HN_OK);
        char *text = NULL;
        CHECK(hn_network_to_json(&text, NULL, scored) == HN_OK);
        CHECK(text && strstr(text, "\"score\""));
        hn_free(text);
        hn_network_free(scored);
        hn_network_free(net);
    }

    if (failures) {
        fprintf(stderr, "%d failure(s)\n", failures);
        return 1;
    }
    printf("test_evaluate: ok\n");
    return 0;
}
