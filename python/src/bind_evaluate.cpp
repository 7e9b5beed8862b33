// hatchnet._core.evaluate: the evaluation scoring engine (wrapped by hatchnet/evaluate.py).
// Every function converts its inputs, releases the GIL around the computation, then builds
// plain Python results (dicts of numpy arrays / lists); the pure-Python layer turns them into
// DataFrames and checks shapes and names first.
#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <memory>

#include "hatchnet/io/json_text.hpp"
#include "bindings.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/evaluate.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/evaluate/report.hpp"
#include "hatchnet/synth/ratings.hpp"

namespace py = pybind11;

namespace hatchnet::py {
namespace {

using namespace hatchnet::evaluate;
using pybind11::dict;
using pybind11::list;

Types to_types(const Eigen::VectorXd& t) {
    Types out(t.size());
    for (Index j = 0; j < t.size(); ++j) {
        if (t[j] != 1.0 && t[j] != -1.0)
            throw input_error("types", "column " + std::to_string(j), "must be +1 (benefit) or -1 (cost)");
        out[j] = int(t[j]);
    }
    return out;
}

/// A list of str, equal strings sharing one Python object (grades: a handful of names
/// repeated over every unit).
list shared_strings(const std::vector<std::string>& v) {
    list out(v.size());
    std::vector<std::pair<std::string_view, pybind11::object>> seen;
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& e) { return e.first == v[i]; });
        if (it == seen.end() || seen.size() > 64) {
            pybind11::object s = pybind11::str(v[i]);
            if (seen.size() <= 64) seen.emplace_back(v[i], s);
            out[i] = s;
        } else {
            out[i] = it->second;
        }
    }
    return out;
}

/// Fills `m` (column-major) from columns given by their first element and stride in bytes,
/// in blocks of rows: a column-major source is copied a contiguous run at a time, a row-major
/// one (or columns that are strided views of one) without striding over the whole matrix
/// once per column as an element-by-element column copy would (pybind11's Eigen caster).
void copy_columns(Matrix& m, const std::vector<const char*>& first, const std::vector<pybind11::ssize_t>& stride) {
    const Index rows = m.rows(), cols = m.cols();
    constexpr Index block = 64;  // 64 rows of 60 doubles: the source block stays in L1
    for (Index i0 = 0; i0 < rows; i0 += block) {
        const Index i1 = std::min(rows, i0 + block);
        for (Index j = 0; j < cols; ++j) {
            double* out = m.col(j).data();
            const char* p = first[std::size_t(j)];
            const pybind11::ssize_t st = stride[std::size_t(j)];
            if (st == pybind11::ssize_t(sizeof(double))) {
                std::memcpy(out + i0, p + i0 * st, std::size_t(i1 - i0) * sizeof(double));
            } else {
                for (Index i = i0; i < i1; ++i) std::memcpy(out + i, p + i * st, sizeof(double));
            }
        }
    }
}

/// A float64 matrix of any memory layout (a numpy array in C order, a DataFrame's block in
/// F order, a strided view) as the column-major Matrix the library takes, in one copy made
/// with the GIL released (copy_columns). Other dtypes are converted first.
Matrix matrix_of(const pybind11::handle& x, const char* what) {
    auto a = pybind11::array_t<double, pybind11::array::forcecast>::ensure(x);
    if (!a) throw pybind11::error_already_set();
    if (a.ndim() != 2) throw input_error(what, "", "expected a 2-D matrix, got " + std::to_string(a.ndim()) + "-D");
    const Index rows = a.shape(0), cols = a.shape(1);
    const char* base = reinterpret_cast<const char*>(a.data());
    std::vector<const char*> first(static_cast<std::size_t>(cols));
    std::vector<pybind11::ssize_t> stride(static_cast<std::size_t>(cols), a.strides(0));
    for (Index j = 0; j < cols; ++j) first[std::size_t(j)] = base + j * a.strides(1);
    Matrix m(rows, cols);
    pybind11::gil_scoped_release rel;
    copy_columns(m, first, stride);
    return m;
}

/// The columns of a table (1-D float64 arrays of one length, any stride) as one Matrix, in
/// one copy: what hatchnet.evaluate.evaluate_scheme hands over for a dict of float columns,
/// without making a DataFrame (and its consolidated block) first.
Matrix matrix_of_columns(const list& columns, const char* what) {
    std::vector<pybind11::array_t<double, pybind11::array::forcecast>> c;
    c.reserve(columns.size());
    std::vector<const char*> first;
    std::vector<pybind11::ssize_t> stride;
    for (const auto& h : columns) {
        auto a = pybind11::array_t<double, pybind11::array::forcecast>::ensure(h);
        if (!a) throw pybind11::error_already_set();
        if (a.ndim() != 1)
            throw input_error(what, "column " + std::to_string(c.size()), "expected a 1-D array");
        if (!c.empty() && a.shape(0) != c.front().shape(0))
            throw input_error(what, "column " + std::to_string(c.size()),
                              "has " + std::to_string(a.shape(0)) + " values, column 0 has " +
                                  std::to_string(c.front().shape(0)));
        first.push_back(reinterpret_cast<const char*>(a.data()));
        stride.push_back(a.strides(0));
        c.push_back(std::move(a));
    }
    Matrix m(c.empty() ? 0 : Index(c.front().shape(0)), Index(c.size()));
    pybind11::gil_scoped_release rel;
    copy_columns(m, first, stride);
    return m;
}

list notes_list(const Notes& n) {
    list l;
    for (const auto& s : n) l.append(s);
    return l;
}

struct PyScheme {
    Scheme s;
};

struct PyEvaluation {
    std::shared_ptr<const Network> net;
    std::shared_ptr<const PyScheme> scheme;
    NetworkEvaluation e;
};

Index unit_index(const PyEvaluation& p, const std::string& id) {
    const Index u = p.e.unit_of(id);
    if (u < 0) throw input_error(id, "unit", "no evaluated incubator with this id");
    return u;
}

dict group_dict(const std::vector<GroupSummary>& v, const Scheme& s) {
    dict d;
    list key, name, best, grades;
    std::vector<double> count, mean, median, sd, mn, mx, commended;
    for (const auto& g : v) {
        key.append(g.key); name.append(g.name); best.append(g.best);
        count.push_back(double(g.count)); mean.push_back(g.mean); median.push_back(g.median);
        sd.push_back(g.sd); mn.push_back(g.min); mx.push_back(g.max); commended.push_back(double(g.commended));
    }
    d["key"] = key; d["name"] = name; d["count"] = count; d["mean"] = mean; d["median"] = median;
    d["sd"] = sd; d["min"] = mn; d["max"] = mx; d["best"] = best; d["commended"] = commended;
    for (std::size_t k = 0; k <= s.grades.size(); ++k) {
        std::vector<double> c;
        for (const auto& g : v) c.push_back(double(g.grade_counts[k]));
        d[pybind11::str("grade " + (k < s.grades.size() ? s.grades[k].name : s.ungraded))] = c;
    }
    return d;
}

// ---- scores and ranks of a decision matrix
void bind_scoring(pybind11::module_& e) {
    e.def("disclosure_file_name", [](const std::string& id) { return disclosure_file_name(id); }, pybind11::arg("id"),
          "The file name of a unit's disclosure page: the id percent-encoded (injective) + '.html'.");

    e.def("rank", [](const Eigen::VectorXd& s, bool higher, const std::string& ties) {
        TieMethod t = ties == "average" ? TieMethod::average : ties == "min" ? TieMethod::min
                    : ties == "dense" ? TieMethod::dense : ties == "ordinal" ? TieMethod::ordinal
                    : throw input_error("rank", "ties", "unknown tie method '" + ties + "' (average, min, dense, ordinal)");
        pybind11::gil_scoped_release r;
        return Eigen::VectorXd(rank(s, higher, t));
    });

    e.def("topsis", [](const pybind11::object& matrix, const Eigen::VectorXd& w, const Eigen::VectorXd& t,
                       const std::string& norm) {
        const Types ty = to_types(t);
        const Normalisation nz = normalisation_from_string(norm);
        const Matrix x = matrix_of(matrix, "matrix");  // any layout, one copy
        TopsisResult r;
        { pybind11::gil_scoped_release rel; r = topsis(x, w, ty, nz); }
        dict d;
        d["score"] = r.score; d["d_plus"] = r.d_plus; d["d_minus"] = r.d_minus; d["rank"] = r.rank;
        d["notes"] = notes_list(r.notes);
        return d;
    });
    e.def("vikor", [](const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& t, double v) {
        const Types ty = to_types(t);
        VikorResult r;
        { pybind11::gil_scoped_release rel; r = vikor(x, w, ty, v); }
        dict d;
        d["S"] = r.S; d["R"] = r.R; d["Q"] = r.Q; d["rank"] = r.rank;
        d["acceptable_advantage"] = r.acceptable_advantage;
        d["acceptable_stability"] = r.acceptable_stability;
        d["compromise_set"] = std::vector<Index>(r.compromise_set.begin(), r.compromise_set.end());
        d["notes"] = notes_list(r.notes);
        return d;
    });
    e.def("promethee2", [](const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& t,
                           const std::vector<std::string>& fn, const std::vector<double>& p,
                           const std::vector<double>& q, const std::vector<double>& s, bool reference) {
        const Types ty = to_types(t);
        if (p.size() != fn.size() || q.size() != fn.size() || s.size() != fn.size())
            throw input_error("promethee2", "p/q/s", "need one p, q and s per preference function (" +
                                                         std::to_string(fn.size()) + ")");
        std::vector<PreferenceSpec> prefs(fn.size());
        for (std::size_t k = 0; k < fn.size(); ++k) {
            prefs[k].function = preference_from_string(fn[k]);
            prefs[k].p = p.at(k); prefs[k].q = q.at(k); prefs[k].s = s.at(k);
        }
        PrometheeResult r;
        {
            pybind11::gil_scoped_release rel;
            r = reference ? promethee2_reference(x, w, ty, prefs) : promethee2(x, w, ty, prefs);
        }
        dict d;
        d["phi_plus"] = r.phi_plus; d["phi_minus"] = r.phi_minus; d["phi"] = r.phi; d["rank"] = r.rank;
        d["notes"] = notes_list(r.notes);
        return d;
    });
    e.def("weighted_sum", [](const Eigen::MatrixXd& z, const Eigen::VectorXd& w, bool geometric, double offset) {
        Scores r;
        { pybind11::gil_scoped_release rel; r = geometric ? weighted_geometric(z, w, offset) : weighted_sum(z, w); }
        dict d;
        d["score"] = r.score; d["rank"] = r.rank; d["notes"] = notes_list(r.notes);
        return d;
    });
}

// ---- weights, normalisation and imputation
void bind_weights(pybind11::module_& e) {
    e.def("ahp_weights", [](const Eigen::MatrixXd& a, double thr, const std::string& method,
                            const std::string& table, double tol) {
        AhpMethod am = method == "eigenvector" ? AhpMethod::eigenvector : method == "geometric_mean" ? AhpMethod::geometric_mean
                     : throw input_error("ahp", "method", "unknown method '" + method + "' (eigenvector, geometric_mean)");
        RandomIndex ri = table == "saaty" ? RandomIndex::saaty : table == "tummala_ling" ? RandomIndex::tummala_ling
                       : table == "alonso_lamata" ? RandomIndex::alonso_lamata
                       : throw input_error("ahp", "ri", "unknown table '" + table + "' (saaty, tummala_ling, alonso_lamata)");
        AhpResult r;
        { pybind11::gil_scoped_release rel; r = ahp_weights(a, thr, am, ri, tol); }
        dict d;
        d["weights"] = r.weights; d["lambda_max"] = r.lambda_max; d["ci"] = r.ci; d["ri"] = r.ri; d["cr"] = r.cr;
        d["consistent"] = r.consistent; d["notes"] = notes_list(r.notes);
        return d;
    });
    e.def("objective_weights", [](const Eigen::MatrixXd& x, const std::string& method, const Eigen::VectorXd& t) {
        Notes notes;
        Eigen::VectorXd w;
        Types ty;
        if (t.size()) ty = to_types(t);
        {
            pybind11::gil_scoped_release rel;
            if (method == "entropy") w = entropy_weights(x, &notes);
            else if (method == "critic") w = critic_weights(x, ty, &notes);
            else if (method == "std") w = std_weights(x, &notes);
            else throw input_error("weights", "method", "unknown method '" + method + "' (entropy, critic, std)");
        }
        return pybind11::make_tuple(w, notes_list(notes));
    });
    e.def("normalise_weights", [](const Eigen::VectorXd& w) {
        auto r = normalise_weights(w);
        return pybind11::make_tuple(r.weights, r.original_sum, r.note);
    });
    e.def("check_weights", [](const Eigen::VectorXd& w, Index m, double tol) { check_weights(w, m, tol); });
    e.def("normalise", [](const Eigen::MatrixXd& x, const Eigen::VectorXd& t, const std::string& method,
                          const Eigen::VectorXd& low, const Eigen::VectorXd& high, bool clip) {
        NormaliseOptions o;
        o.method = normalisation_from_string(method);
        o.low = low; o.high = high; o.clip = clip;
        Types ty;
        if (t.size()) ty = to_types(t);
        Normalised r;
        { pybind11::gil_scoped_release rel; r = normalise(x, ty, o); }
        return pybind11::make_tuple(r.values, notes_list(r.notes));
    });
    e.def("impute", [](const Eigen::MatrixXd& x, const std::string& method, const Eigen::VectorXi& groups) {
        const Imputation im = imputation_from_string(method);
        Imputed r;
        { pybind11::gil_scoped_release rel; r = impute(x, im, groups.size() ? &groups : nullptr); }
        return pybind11::make_tuple(r.values, notes_list(r.notes), Eigen::VectorXi(r.missing_per_column));
    });
}

// ---- raters: pooling, agreement
void bind_raters(pybind11::module_& e) {
    e.def("pool_ratings", [](Index n_units, const std::vector<std::int64_t>& unit, const std::vector<std::int64_t>& rater,
                             const Eigen::VectorXd& value, const std::string& method, double trim, double prior,
                             const Eigen::VectorXi& groups, bool correct) {
        PoolOptions o;
        o.method = pooling_from_string(method);
        o.trim = trim; o.prior_strength = prior; o.unit_group = groups; o.correct_severity = correct;
        PoolResult r;
        { pybind11::gil_scoped_release rel; r = pool_ratings(n_units, unit, rater, value, o); }
        dict d;
        d["pooled"] = r.pooled; d["count"] = Eigen::VectorXi(r.count); d["raw_mean"] = r.raw_mean;
        d["group_mean"] = r.group_mean; d["severity"] = r.severity; d["rater_count"] = Eigen::VectorXi(r.rater_count);
        d["notes"] = notes_list(r.notes);
        return d;
    });
    e.def("krippendorff_alpha", [](const Eigen::MatrixXd& m, const std::string& level) {
        const Level l = level_from_string(level);
        pybind11::gil_scoped_release rel;
        return krippendorff_alpha(m, l);
    });
    e.def("icc", [](const Eigen::MatrixXd& m) {
        IccResult r;
        { pybind11::gil_scoped_release rel; r = icc(m); }
        dict d;
        d["icc1"] = r.icc1; d["icc2"] = r.icc2; d["icc3"] = r.icc3; d["icc1k"] = r.icc1k; d["icc2k"] = r.icc2k;
        d["icc3k"] = r.icc3k; d["bms"] = r.bms; d["wms"] = r.wms; d["jms"] = r.jms; d["ems"] = r.ems;
        d["n_units"] = r.n_units; d["k_raters"] = r.k_raters; d["dropped_units"] = r.dropped_units;
        d["notes"] = notes_list(r.notes);
        return d;
    });
}

UncertaintySpec uncertainty_spec(const Eigen::VectorXd& w, const Eigen::VectorXd& t, double pert,
                                 const std::vector<std::string>& norms, const std::vector<std::string>& aggs, double v,
                                 std::int64_t draws, std::uint64_t seed, bool keep, int threads) {
    UncertaintySpec s;
    s.weights = w; s.types = to_types(t); s.weight_perturbation = pert; s.vikor_v = v; s.draws = draws;
    s.seed = seed; s.keep_ranks = keep; s.threads = threads;
    s.normalisations.clear(); s.aggregations.clear();
    for (const auto& n : norms) s.normalisations.push_back(normalisation_from_string(n));
    for (const auto& a : aggs) s.aggregations.push_back(aggregation_from_string(a));
    return s;
}

// ---- uncertainty of the ranking
void bind_uncertainty(pybind11::module_& e) {
    e.def("monte_carlo_ranks", [](const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& t,
                                      double pert, const std::vector<std::string>& norms,
                                      const std::vector<std::string>& aggs, double v, std::int64_t draws,
                                      std::uint64_t seed, bool keep, int threads, const pybind11::object& progress) {
        UncertaintySpec s = uncertainty_spec(w, t, pert, norms, aggs, v, draws, seed, keep, threads);
        ProgressBridge bridge(progress);
        s.progress = bridge.hook();
        UncertaintyResult r = run_hooked(bridge, [&] { return monte_carlo_ranks(x, s); });
        bridge.rethrow();
        dict d;
        d["nominal"] = r.nominal_rank; d["median"] = r.median_rank; d["p05"] = r.p05; d["p95"] = r.p95;
        d["mean"] = r.mean_rank;
        if (keep) d["ranks"] = r.ranks;
        d["notes"] = notes_list(r.notes);
        return d;
    }, pybind11::arg("x"), pybind11::arg("w"), pybind11::arg("t"), pybind11::arg("pert"), pybind11::arg("norms"),
       pybind11::arg("aggs"), pybind11::arg("v"), pybind11::arg("draws"), pybind11::arg("seed"), pybind11::arg("keep"),
       pybind11::arg("threads"), pybind11::arg("progress") = pybind11::none());
    e.def("sobol_indices", [](const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& t,
                                  double pert, const std::vector<std::string>& norms,
                                  const std::vector<std::string>& aggs, double v, std::int64_t n,
                                  std::uint64_t seed) {
        UncertaintySpec s = uncertainty_spec(w, t, pert, norms, aggs, v, 1, seed, false, 1);
        SobolResult r;
        { pybind11::gil_scoped_release rel; r = sobol_indices(x, s, n); }
        dict d;
        d["factors"] = r.factors; d["first_order"] = r.first_order; d["total"] = r.total;
        d["mean_first_order"] = r.mean_first_order; d["mean_total"] = r.mean_total;
        d["evaluations"] = r.evaluations; d["notes"] = notes_list(r.notes);
        return d;
    });
    e.def("rank_reversal", [](const Eigen::MatrixXd& x, const Eigen::VectorXd& w, const Eigen::VectorXd& t,
                              const std::string& agg, const std::string& norm, double v) {
        const Types ty = to_types(t);
        const Aggregation a = aggregation_from_string(agg);
        const Normalisation nz = normalisation_from_string(norm);
        RankReversalResult r;
        { pybind11::gil_scoped_release rel; r = rank_reversal(x, w, ty, a, nz, v); }
        dict d;
        d["base_rank"] = r.base_rank; d["reversed_pairs"] = Eigen::VectorXi(r.reversed_pairs);
        d["total_reversals"] = r.total_reversals; d["notes"] = notes_list(r.notes);
        return d;
    });
}

// ---- schemes
void bind_scheme(pybind11::module_& e) {
    pybind11::class_<PyScheme, std::shared_ptr<PyScheme>>(e, "Scheme", "An indicator scheme (tree, points, grades, vetoes).")
        .def_static("loads", [](const std::string& text) {
            auto p = std::make_shared<PyScheme>();
            p->s = scheme_from_json(hatchnet::io::parse_json_value(text, "scheme"));
            return p;
        })
        .def_static("load", [](const std::string& path) {
            auto p = std::make_shared<PyScheme>();
            p->s = load_scheme(path);
            return p;
        })
        .def("dumps", [](const PyScheme& p, int indent) { return scheme_to_json(p.s).dump(indent); }, pybind11::arg("indent") = -1)
        .def(pybind11::pickle(
            [](const PyScheme& p) { return pybind11::make_tuple(scheme_to_json(p.s).dump()); },
            [](const pybind11::tuple& t) {
                if (t.size() != 1) throw pybind11::value_error("Scheme: bad pickle state");
                auto p = std::make_shared<PyScheme>();
                p->s = scheme_from_json(hatchnet::io::parse_json_value(t[0].cast<std::string>(), "scheme"));
                return p;
            }))
        .def("__repr__", [](const PyScheme& p) {
            return "<hatchnet Scheme " + p.s.id + ": " + std::to_string(p.s.indicators.size()) + " indicators>";
        })
        .def_property_readonly("id", [](const PyScheme& p) { return p.s.id; })
        .def_property_readonly("name", [](const PyScheme& p) { return p.s.name; })
        .def_property_readonly("total_points", [](const PyScheme& p) { return p.s.total_points.value_or(100.0); })
        .def_property_readonly("notes", [](const PyScheme& p) { return notes_list(p.s.notes); })
        .def_property_readonly("grades", [](const PyScheme& p) {
            list l;
            for (const auto& g : p.s.grades) l.append(pybind11::make_tuple(g.name, g.min_points));
            return l;
        })
        .def("indicator_columns", [](const PyScheme& p) {
            dict d;
            list id, parent, name, source, column, scoring, bonus;
            std::vector<double> pts, depth, leaf;
            for (std::size_t i = 0; i < p.s.indicators.size(); ++i) {
                const auto& x = p.s.indicators[i];
                id.append(x.id); parent.append(x.parent); name.append(x.name); source.append(to_string(x.source));
                column.append(p.s.is_leaf(int(i)) ? x.column : std::string());
                scoring.append(p.s.is_leaf(int(i)) ? to_string(x.scoring) : "");
                bonus.append(bool(p.s.in_bonus[i]));
                pts.push_back(p.s.max_points[i]); depth.push_back(p.s.depth[i]); leaf.push_back(p.s.is_leaf(int(i)));
            }
            d["id"] = id; d["parent"] = parent; d["name"] = name; d["max_points"] = pts; d["depth"] = depth;
            d["leaf"] = leaf; d["source"] = source; d["column"] = column; d["scoring"] = scoring; d["bonus"] = bonus;
            return d;
        })
        .def("evaluate", [](const PyScheme& p, const Eigen::MatrixXd& data, const std::vector<std::string>& cols,
                            const std::string& missing, const Eigen::VectorXi& groups) {
            SchemeOptions o;
            o.missing = imputation_from_string(missing);
            o.groups = groups;
            SchemeResult r;
            { pybind11::gil_scoped_release rel; r = evaluate_scheme(p.s, data, cols, o); }
            dict d;
            // the matrices and vectors move into the arrays (no copy); a grade's name is one
            // Python string shared by every unit that has it
            d["node_ids"] = r.node_ids;
            d["fraction"] = pybind11::cast(std::move(r.fraction));
            d["points"] = pybind11::cast(std::move(r.points));
            d["main_points"] = pybind11::cast(std::move(r.main_points));
            d["bonus_points"] = pybind11::cast(std::move(r.bonus_points));
            d["total"] = pybind11::cast(std::move(r.total));
            d["grade"] = shared_strings(r.grade);
            d["grade_before_veto"] = shared_strings(r.grade_before_veto);
            d["grade_index"] = pybind11::cast(std::move(r.grade_index));
            list v(r.vetoes_fired.size());
            for (std::size_t i = 0; i < r.vetoes_fired.size(); ++i) {
                list u(r.vetoes_fired[i].size());
                for (std::size_t k = 0; k < r.vetoes_fired[i].size(); ++k) u[k] = pybind11::str(r.vetoes_fired[i][k]);
                v[i] = u;
            }
            d["vetoes"] = v;
            d["notes"] = notes_list(r.notes);
            return d;
        })
        .def("evaluate_table", [](const PyScheme& p, const pybind11::object& data, const std::vector<std::string>& cols,
                                  const std::string& missing, const Eigen::VectorXi& groups) {
            // what hatchnet.evaluate.evaluate_scheme reads, built for a DataFrame: `data` a
            // 2-D float array of any layout or a list of 1-D float columns (one copy into the
            // library's matrix, no C-order copy first); the vetoes joined by ";" (no list per
            // unit: 10,000 lists woke the garbage collector); no `fraction`
            SchemeOptions o;
            o.missing = imputation_from_string(missing);
            o.groups = groups;
            const Matrix x = pybind11::isinstance<list>(data) ? matrix_of_columns(data.cast<list>(), "data")
                                                               : matrix_of(data, "data");
            SchemeResult r;
            { pybind11::gil_scoped_release rel; r = evaluate_scheme(p.s, x, cols, o); }
            dict d;
            d["node_ids"] = r.node_ids;
            d["points"] = pybind11::cast(std::move(r.points));  // moved: F order, no copy
            d["main_points"] = pybind11::cast(std::move(r.main_points));
            d["bonus_points"] = pybind11::cast(std::move(r.bonus_points));
            d["total"] = pybind11::cast(std::move(r.total));
            d["grade"] = shared_strings(r.grade);
            d["grade_before_veto"] = shared_strings(r.grade_before_veto);
            std::vector<std::string> vetoes(r.vetoes_fired.size());
            for (std::size_t i = 0; i < vetoes.size(); ++i)
                for (std::size_t k = 0; k < r.vetoes_fired[i].size(); ++k)
                    vetoes[i] += (k ? ";" : "") + r.vetoes_fired[i][k];
            d["vetoes"] = shared_strings(vetoes);
            d["notes"] = notes_list(r.notes);
            return d;
        }, pybind11::arg("data"), pybind11::arg("columns"), pybind11::arg("missing"), pybind11::arg("groups"));
}

// ---- network evaluation: its result object, the evaluation and its test data
void bind_network_evaluation(pybind11::module_& e) {
    pybind11::class_<PyEvaluation, std::shared_ptr<PyEvaluation>>(e, "NetworkEvaluation", "Result of evaluate_network.")
        .def("unit_columns", [](const PyEvaluation& p) {
            const auto& x = p.e;
            dict d;
            list tier, grade, gbv, vetoes;
            for (Index u = 0; u < x.units(); ++u) {
                tier.append(std::string(to_string(x.tiers[std::size_t(u)])));
                grade.append(x.scheme.grade[std::size_t(u)]);
                gbv.append(x.scheme.grade_before_veto[std::size_t(u)]);
                std::string vs;
                for (const auto& s : x.scheme.vetoes_fired[std::size_t(u)]) vs += (vs.empty() ? "" : ";") + s;
                vetoes.append(vs);
            }
            d["id"] = x.ids; d["name"] = x.names; d["tier"] = tier; d["district"] = x.districts;
            d["total"] = x.scheme.total; d["main_points"] = x.scheme.main_points; d["bonus_points"] = x.scheme.bonus_points;
            d["score"] = x.score; d["grade"] = grade; d["grade_before_veto"] = gbv; d["vetoes"] = vetoes;
            d["rank"] = x.rank; d["rank_in_tier"] = x.rank_in_tier; d["rank_in_district"] = x.rank_in_district;
            if (x.intervals.p05.size() == x.units()) {
                d["rank_p05"] = x.intervals.p05; d["rank_median"] = x.intervals.median_rank; d["rank_p95"] = x.intervals.p95;
                d["rank_mean"] = x.intervals.mean_rank;
            }
            d["n_ratings"] = Eigen::VectorXi(x.n_ratings); d["n_raters"] = Eigen::VectorXi(x.n_raters);
            d["n_recipient_ratings"] = Eigen::VectorXi(x.n_recipient_ratings);
            d["n_third_party_ratings"] = Eigen::VectorXi(x.n_third_party_ratings);
            return d;
        })
        .def("data", [](const PyEvaluation& p) { return pybind11::make_tuple(p.e.columns, p.e.data); })
        .def("pooled", [](const PyEvaluation& p) {
            return pybind11::make_tuple(p.e.rated_columns, p.e.pooled, p.e.raw_mean, Eigen::MatrixXi(p.e.rating_count), p.e.alpha);
        })
        .def("points", [](const PyEvaluation& p) { return pybind11::make_tuple(p.e.scheme.node_ids, p.e.scheme.points); })
        .def("groups", [](const PyEvaluation& p, const std::string& by) {
            if (by == "tier") return group_dict(p.e.by_tier, p.scheme->s);
            if (by == "district") return group_dict(p.e.by_district, p.scheme->s);
            throw input_error("groups", "by", "must be 'tier' or 'district'");
        })
        .def("commended", [](const PyEvaluation& p) {
            dict d;
            list id, group, reason;
            std::vector<double> pos, score;
            for (const auto& c : p.e.commended) {
                id.append(p.e.ids[std::size_t(c.unit)]); group.append(p.e.commend_groups[std::size_t(c.group)]);
                pos.push_back(double(c.position)); score.push_back(c.score); reason.append(c.reason);
            }
            d["id"] = id; d["group"] = group; d["position"] = pos; d["score"] = score; d["reason"] = reason;
            return d;
        })
        .def_property_readonly("notes", [](const PyEvaluation& p) { return notes_list(p.e.notes); })
        .def("to_json", [](const PyEvaluation& p, int indent) {
            return evaluation_to_json(p.e, p.scheme->s).dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
        }, pybind11::arg("indent") = -1)
        .def("disclosure", [](const PyEvaluation& p, const std::string& id) {
            return unit_disclosure(p.e, p.scheme->s, unit_index(p, id)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        })
        .def("disclosure_html", [](const PyEvaluation& p, const std::string& id) {
            return disclosure_html(unit_disclosure(p.e, p.scheme->s, unit_index(p, id)));
        })
        .def("with_scores", [](const PyEvaluation& p) {
            return std::make_shared<PyNetwork>(with_scores(*p.net, p.e));
        });
}

void bind_evaluate_network(pybind11::module_& e) {
    e.def("evaluate_network", [](const PyNetwork& pn, std::shared_ptr<PyScheme> sc,
                                 const std::vector<std::string>& ind_ids, const std::vector<std::string>& ind_cols,
                                 const Eigen::MatrixXd& ind_values, const std::vector<std::string>& r_unit,
                                 const std::vector<std::string>& r_rater, const std::vector<std::string>& r_column,
                                 const std::vector<std::string>& r_source, const std::vector<double>& r_value,
                                 const std::string& options, const pybind11::object& progress) {
        ProgressBridge bridge(progress);
        if (!sc) throw input_error("evaluate_network", "scheme", "a scheme is required");
        IndicatorTable it{ind_ids, ind_cols, ind_values};
        RatingTable rt;
        const nlohmann::json oj = options.empty() ? nlohmann::json() : hatchnet::io::parse_json_value(options, "options");
        NetworkEvalOptions opt = network_options_from_json(oj);
        opt.progress = bridge.hook();
        auto res = std::make_shared<PyEvaluation>();
        res->net = pn.net;
        res->scheme = sc;
        run_hooked(bridge, [&] {
            rt.unit = r_unit; rt.rater = r_rater; rt.column = r_column; rt.value = r_value;
            rt.source.reserve(r_source.size());
            for (std::size_t k = 0; k < r_source.size(); ++k) {
                const auto& s = r_source[k];
                if (s.empty() || s == "recipients") rt.source.push_back(Source::recipients);
                else if (s == "third_party") rt.source.push_back(Source::third_party);
                else throw input_error("rating " + std::to_string(k), "source",
                                       "unknown rating source '" + s + "' (recipients, third_party)");
            }
            res->e = evaluate_network(*pn.net, sc->s, it, rt, opt);
        });
        bridge.rethrow();
        return res;
    });

    e.def("generate_evaluation_data", [](const PyNetwork& pn, const PyScheme& sc, std::uint64_t seed,
                                         double per_unit, bool third, double missing) {
        synth::RatingsOptions o;
        o.seed = seed; o.ratings_per_unit = per_unit; o.third_party_ratings = third; o.missing_share = missing;
        synth::EvaluationData d;
        { pybind11::gil_scoped_release rel; d = synth::generate_evaluation_data(*pn.net, sc.s, o); }
        dict ind, rat;
        ind["ids"] = d.indicators.ids; ind["columns"] = d.indicators.columns; ind["values"] = d.indicators.values;
        list src;
        for (auto s : d.ratings.source) src.append(to_string(s));
        rat["unit"] = d.ratings.unit; rat["rater"] = d.ratings.rater; rat["column"] = d.ratings.column;
        rat["source"] = src;
        rat["value"] = pybind11::array_t<double>(pybind11::ssize_t(d.ratings.value.size()), d.ratings.value.data());
        return pybind11::make_tuple(ind, rat);
    });
}

}  // namespace

void bind_evaluate(pybind11::module_& m) {
    auto e = m.def_submodule("evaluate", "the evaluation scoring engine (use hatchnet.evaluate)");
    bind_scoring(e);
    bind_weights(e);
    bind_raters(e);
    bind_uncertainty(e);
    bind_scheme(e);
    bind_network_evaluation(e);
    bind_evaluate_network(e);
}

}  // namespace hatchnet::py
