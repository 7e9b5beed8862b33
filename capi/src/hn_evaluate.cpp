// C ABI: the evaluation scoring engine (see hatchnet/hn_evaluate.h).
#include "capi_internal.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/evaluate/evaluate.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/ratings.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

using namespace hatchnet;
using namespace hatchnet::capi;
using namespace hatchnet::evaluate;

namespace {

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

Matrix matrix_of(const double* m, size_t rows, size_t cols, const char* name = "matrix") {
    need(m, name);
    if (rows == 0 || cols == 0) throw input_error(name, "shape", "rows and cols must be > 0");
    return Eigen::Map<const RowMajor>(m, Index(rows), Index(cols));
}

Vector vector_of(const double* v, size_t n, const char* name) {
    need(v, name);
    return Eigen::Map<const Vector>(v, Index(n));
}

Types types_of(const int* t, size_t n, bool required = true) {
    if (!t) {
        if (required) need(t, "types");
        return Types();
    }
    return Eigen::Map<const Types>(t, Index(n));
}

void put(double* out, const Vector& v) {
    if (out) for (Index i = 0; i < v.size(); ++i) out[i] = v[i];
}

std::string text_of(const char* s) { return s ? std::string(s) : std::string(); }

nlohmann::json parse(const std::string& text, const char* what) { return hatchnet::io::parse_json_value(text, what); }

Scheme scheme_of(const char* s) {
    need(s, "scheme_json");
    std::string t = s;
    const auto first = t.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && t[first] == '{') return scheme_from_json(parse(t, "scheme"));
    if (t == "mca_1000" || t == "incubator")
        return load_scheme(io::default_data_dir() + "/schemes/" + t + ".json");
    return load_scheme(t);   // a path
}

struct Run {
    Scheme scheme;
    NetworkEvaluation eval;
};

Run run(const hn_network* h, const char* scheme_json, const char* data_json, const char* options_json) {
    const Network& net = net_of(h);
    Run r;
    r.scheme = scheme_of(scheme_json);
    nlohmann::json opt = options_json && *options_json ? parse(options_json, "options") : nlohmann::json::object();
    std::uint64_t data_seed = 2024;
    if (opt.is_object() && opt.contains("data_seed")) {
        if (!opt["data_seed"].is_number_unsigned()) throw input_error("options", "data_seed", "must be an integer >= 0");
        data_seed = opt["data_seed"].get<std::uint64_t>();
        opt.erase("data_seed");
    }
    const NetworkEvalOptions o = network_options_from_json(opt);
    IndicatorTable ind;
    RatingTable rat;
    if (!data_json || !*data_json) {
        synth::RatingsOptions so;
        so.seed = data_seed;
        auto d = synth::generate_evaluation_data(net, r.scheme, so);
        ind = std::move(d.indicators);
        rat = std::move(d.ratings);
    } else {
        const nlohmann::json d = parse(data_json, "data");
        if (!d.is_object()) throw input_error("data", "", "must be an object with 'indicators' and/or 'ratings'");
        for (auto it = d.begin(); it != d.end(); ++it)
            if (it.key() != "indicators" && it.key() != "ratings")
                throw input_error("data", it.key(), "unknown key (indicators, ratings)");
        ind = indicators_from_json(d.value("indicators", nlohmann::json()));
        rat = ratings_from_json(d.value("ratings", nlohmann::json()));
    }
    r.eval = evaluate_network(net, r.scheme, ind, rat, o);
    return r;
}

}  // namespace

extern "C" {

hn_status hn_topsis(double* scores_out, const double* matrix, size_t rows, size_t cols, const double* weights,
                    const int* types) {
    return guard([&] {
        need(scores_out, "scores_out");
        put(scores_out, topsis(matrix_of(matrix, rows, cols), vector_of(weights, cols, "weights"),
                               types_of(types, cols)).score);
    });
}

hn_status hn_vikor(double* q_out, double* s_out, double* r_out, const double* matrix, size_t rows, size_t cols,
                   const double* weights, const int* types, double v) {
    return guard([&] {
        need(q_out, "q_out");
        auto r = vikor(matrix_of(matrix, rows, cols), vector_of(weights, cols, "weights"), types_of(types, cols), v);
        put(q_out, r.Q); put(s_out, r.S); put(r_out, r.R);
    });
}

hn_status hn_promethee2(double* phi_out, const double* matrix, size_t rows, size_t cols, const double* weights,
                        const int* types, const char* preference, const double* p, const double* q,
                        const double* s) {
    return guard([&] {
        need(phi_out, "phi_out");
        std::vector<PreferenceSpec> prefs(cols);
        const Preference f = preference ? preference_from_string(preference) : Preference::usual;
        for (size_t j = 0; j < cols; ++j) {
            prefs[j].function = f;
            prefs[j].p = p ? p[j] : 0.0;
            prefs[j].q = q ? q[j] : 0.0;
            prefs[j].s = s ? s[j] : 1.0;
        }
        put(phi_out, promethee2(matrix_of(matrix, rows, cols), vector_of(weights, cols, "weights"),
                                types_of(types, cols), prefs).phi);
    });
}

hn_status hn_weighted_sum(double* scores_out, const double* matrix, size_t rows, size_t cols, const double* weights) {
    return guard([&] {
        need(scores_out, "scores_out");
        put(scores_out, weighted_sum(matrix_of(matrix, rows, cols), vector_of(weights, cols, "weights")).score);
    });
}

hn_status hn_ahp_weights(double* weights_out, double* cr_out, const double* pairwise, size_t n, double cr_threshold) {
    return guard([&] {
        need(weights_out, "weights_out");
        auto r = ahp_weights(matrix_of(pairwise, n, n, "pairwise"), cr_threshold);
        put(weights_out, r.weights);
        if (cr_out) *cr_out = r.cr;
    });
}

hn_status hn_entropy_weights(double* weights_out, const double* matrix, size_t rows, size_t cols) {
    return guard([&] {
        need(weights_out, "weights_out");
        put(weights_out, entropy_weights(matrix_of(matrix, rows, cols)));
    });
}

hn_status hn_critic_weights(double* weights_out, const double* matrix, size_t rows, size_t cols, const int* types) {
    return guard([&] {
        need(weights_out, "weights_out");
        put(weights_out, critic_weights(matrix_of(matrix, rows, cols), types_of(types, cols, false)));
    });
}

hn_status hn_normalise(double* out, const double* matrix, size_t rows, size_t cols, const int* types,
                       const char* method) {
    return guard([&] {
        need(out, "out");
        need(method, "method");
        const Normalisation nz = normalisation_from_string(method);
        if (nz == Normalisation::goalposts)
            throw input_error("normalise", "method", "goalposts need per-column bounds: use a scheme");
        Matrix z = normalise(matrix_of(matrix, rows, cols), types_of(types, cols, false), nz).values;
        Eigen::Map<RowMajor>(out, Index(rows), Index(cols)) = z;
    });
}

hn_status hn_rank(double* ranks_out, const double* scores, size_t n, int higher_is_better) {
    return guard([&] {
        need(ranks_out, "ranks_out");
        put(ranks_out, rank(vector_of(scores, n, "scores"), higher_is_better != 0));
    });
}

hn_status hn_krippendorff_alpha(double* alpha_out, const double* data, size_t raters, size_t units, const char* level) {
    return guard([&] {
        need(alpha_out, "alpha_out");
        *alpha_out = krippendorff_alpha(matrix_of(data, raters, units, "data"),
                                        level ? level_from_string(level) : Level::interval);
    });
}

hn_status hn_pool_ratings(double* pooled_out, int* count_out, size_t n_units, const int64_t* unit,
                          const int64_t* rater, const double* value, size_t n, const char* method,
                          double prior_strength, const int* groups) {
    return guard([&] {
        need(pooled_out, "pooled_out");
        if (n) { need(unit, "unit"); need(rater, "rater"); need(value, "value"); }
        PoolOptions o;
        o.method = method ? pooling_from_string(method) : Pooling::mean;
        o.prior_strength = prior_strength;
        if (o.method == Pooling::shrinkage) {
            need(groups, "groups");
            o.unit_group = Eigen::Map<const Eigen::VectorXi>(groups, Index(n_units));
        }
        std::vector<std::int64_t> u(unit, unit + n), r(rater, rater + n);
        Vector v = n ? Vector(Eigen::Map<const Vector>(value, Index(n))) : Vector();
        auto res = pool_ratings(Index(n_units), u, r, v, o);
        put(pooled_out, res.pooled);
        if (count_out) for (size_t i = 0; i < n_units; ++i) count_out[i] = res.count[Index(i)];
    });
}

hn_status hn_rank_intervals(double* p05_out, double* median_out, double* p95_out, const double* matrix, size_t rows,
                            size_t cols, const double* weights, const int* types, double perturbation,
                            int64_t draws, uint64_t seed, int threads) {
    return guard([&] {
        UncertaintySpec s;
        s.weights = vector_of(weights, cols, "weights");
        s.types = types ? types_of(types, cols) : Types(Types::Ones(Index(cols)));
        s.weight_perturbation = perturbation;
        s.draws = draws;
        s.seed = seed;
        s.threads = threads;
        auto r = monte_carlo_ranks(matrix_of(matrix, rows, cols), s);
        put(p05_out, r.p05); put(median_out, r.median_rank); put(p95_out, r.p95);
    });
}

hn_status hn_evaluate_network(char** json_out, const hn_network* net, const char* scheme_json, const char* data_json,
                              const char* options_json) {
    return guard([&] {
        need(json_out, "json_out");
        *json_out = nullptr;
        Run r = run(net, scheme_json, data_json, options_json);
        *json_out = dup_string(evaluation_to_json(r.eval, r.scheme).dump(-1, ' ', false,
                                                                           nlohmann::json::error_handler_t::replace));
    });
}

hn_status hn_evaluate_disclosure(char** text_out, const hn_network* net, const char* scheme_json,
                                 const char* data_json, const char* options_json, const char* incubator_id,
                                 int as_html) {
    return guard([&] {
        need(text_out, "text_out");
        *text_out = nullptr;
        need(incubator_id, "incubator_id");
        Run r = run(net, scheme_json, data_json, options_json);
        const Index u = r.eval.unit_of(incubator_id);
        if (u < 0)
            throw status_error{HN_ERR_NOT_FOUND, std::string("node ") + incubator_id + ": not an evaluated incubator"};
        const auto j = unit_disclosure(r.eval, r.scheme, u);
        *text_out = dup_string(as_html ? disclosure_html(j)
                                       : j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    });
}

hn_status hn_evaluate_network_scores(hn_network** out, const hn_network* net, const char* scheme_json,
                                     const char* data_json, const char* options_json) {
    return guard([&] {
        need(out, "out");
        Run r = run(net, scheme_json, data_json, options_json);
        *out = new hn_network(with_scores(net_of(net), r.eval));
    });
}

hn_status hn_evaluate_generate_data(char** json_out, const hn_network* net, const char* scheme_json, uint64_t seed) {
    return guard([&] {
        need(json_out, "json_out");
        *json_out = nullptr;
        const Scheme s = scheme_of(scheme_json);
        synth::RatingsOptions o;
        o.seed = seed;
        auto d = synth::generate_evaluation_data(net_of(net), s, o);
        nlohmann::json j = {{"indicators", indicators_to_json(d.indicators)}, {"ratings", ratings_to_json(d.ratings)}};
        *json_out = dup_string(j.dump());
    });
}

}  // extern "C"
