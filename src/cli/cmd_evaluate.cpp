// hatchnet evaluate — evaluation scoring from the command line, and the evaluation section of
// `hatchnet demo` (the Beijing incubators graded on generated ratings).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/evaluate/network.hpp"
#include "hatchnet/evaluate/report.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/records/records.hpp"
#include "hatchnet/synth/ratings.hpp"

namespace hatchnet::cli {
namespace {

using namespace hatchnet::evaluate;
using nlohmann::json;

Scheme scheme_arg(const std::string& spec) {
    if (spec == "mca_1000" || spec == "incubator")
        return load_scheme(io::default_data_dir() + "/schemes/" + spec + ".json");
    if (is_std(spec)) return scheme_from_json(io::parse_json_value(read_input(spec), "standard input"));
    return load_scheme(spec);
}

json parse_text(const std::string& text, const std::string& what) { return io::parse_json_value(text, what); }

void grade_distribution(const NetworkEvaluation& e, const Scheme& s, std::ostream& os) {
    std::map<std::string, Index> c;
    for (const auto& g : e.scheme.grade) ++c[g];
    os << "  grades:";
    for (const auto& g : s.grades) os << "  " << g.name << " " << c[g.name];
    os << "  " << s.ungraded << " " << c[s.ungraded] << "  (of " << e.units() << ")\n";
}

void top_per_tier(const NetworkEvaluation& e, std::ostream& os) {
    os << "  " << std::left << std::setw(13) << "tier" << std::right << std::setw(7) << "units" << std::setw(8)
       << "mean" << std::setw(8) << "best" << "  best incubator\n";
    for (const auto& g : e.by_tier) {
        const Index u = e.unit_of(g.best);
        os << "  " << std::left << std::setw(13) << g.key << std::right << std::setw(7) << g.count << std::fixed
           << std::setprecision(1) << std::setw(8) << g.mean << std::setw(8) << g.max << "  " << g.best << " "
           << e.names[std::size_t(u)] << " (" << e.scheme.grade[std::size_t(u)] << ")\n";
    }
}

void intervals(const NetworkEvaluation& e, std::ostream& os, Index how_many) {
    if (e.intervals.p05.size() != e.units()) return;
    std::vector<Index> order(std::size_t(e.units()));
    for (Index i = 0; i < e.units(); ++i) order[std::size_t(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return e.rank[a] < e.rank[b]; });
    std::vector<Index> pick;
    for (Index k = 0; k < how_many && k < e.units(); ++k) pick.push_back(order[std::size_t(k)]);
    if (e.units() > how_many) pick.push_back(order[std::size_t(e.units() / 2)]);
    os << std::defaultfloat << std::setprecision(6);
    for (Index u : pick)
        os << "  " << e.ids[std::size_t(u)] << " " << e.names[std::size_t(u)] << ": rank "
           << e.rank[u] << ", 90% interval [" << e.intervals.p05[u] << ", " << e.intervals.p95[u] << "] (median "
           << e.intervals.median_rank[u] << "), " << e.n_ratings[u] << " ratings\n";
}

struct EvaluateArgs {
    std::string network, scheme, ratings, out;
    std::string db, period;  // an evaluation cycle of a records store (cmd_evaluate_db)
    std::optional<std::string> options, pooling, network_out;
    std::optional<long long> draws, seed;
    long long data_seed = 2024;
    Ui ui;
};

// ---------------------------------------------------------------- --db FILE --period P
/// The ratings (and indicator data the records do not give) for a cycle: none, generated, or a file.
void cycle_inputs(const EvaluateArgs& a, const Network& net, const Scheme& scheme, IndicatorTable& ind, RatingTable& rat) {
    if (a.ratings.empty()) return;
    if (a.ratings == "generate") {
        synth::RatingsOptions so;
        so.seed = std::uint64_t(std::max<long long>(0, a.data_seed));
        auto d = synth::generate_evaluation_data(net, scheme, so);
        rat = std::move(d.ratings);
        const auto& rc = records::record_indicator_columns();
        IndicatorTable keep;
        keep.ids = d.indicators.ids;
        std::vector<Index> cols;
        for (std::size_t c = 0; c < d.indicators.columns.size(); ++c)
            if (std::find(rc.begin(), rc.end(), d.indicators.columns[c]) == rc.end()) {
                keep.columns.push_back(d.indicators.columns[c]);
                cols.push_back(Index(c));
            }
        keep.values.resize(Index(keep.ids.size()), Index(cols.size()));
        for (std::size_t k = 0; k < cols.size(); ++k) keep.values.col(Index(k)) = d.indicators.values.col(cols[k]);
        ind = std::move(keep);
        return;
    }
    const std::string record = is_std(a.ratings) ? std::string("standard input") : a.ratings;
    const json d = parse_text(read_input(a.ratings), record);
    if (!d.is_object()) throw input_error(record, "", "must be an object with 'indicators' and/or 'ratings'");
    ind = indicators_from_json(d.value("indicators", json()));
    rat = ratings_from_json(d.value("ratings", json()));
}

void print_cycle(const records::Cycle& c, const std::optional<records::CycleComparison>& cmp, const Scheme& scheme,
                 std::ostream& os) {
    os << "evaluation " << c.period << " on scheme " << c.scheme << ": " << c.rows.size() << " incubators (written to the store)\n";
    grade_distribution(c.evaluation, scheme, os);
    top_per_tier(c.evaluation, os);
    if (!cmp) {
        os << "  no earlier evaluation of this scheme in the store to compare with\n";
        return;
    }
    os << "  compared with " << cmp->from << ": " << cmp->common << " incubators in both, " << cmp->changes.size()
       << " changed grade; rank stability (Spearman) "
       << (cmp->rank_correlation ? std::to_string(*cmp->rank_correlation) : std::string("undefined")) << "\n";
    for (const auto& m : cmp->movers) {
        os << "  moved " << (m.levels > 0 ? "up " : "down ") << std::abs(m.levels) << " levels: " << m.incubator << " "
           << m.grade_from << " -> " << m.grade_to << "; indicators:";
        for (const auto& [k, v] : m.moved_by) os << " " << k << " " << (v > 0 ? "+" : "") << v;
        os << "\n";
    }
}

int cmd_evaluate_db(const EvaluateArgs& a, std::ostream& out, std::ostream& err) {
    if (a.period.empty()) throw usage_error("--db needs --period P (a period of the store, e.g. 2020)");
    records::Store st(a.db, records::StoreOptions{false, false, 5000});
    const Network base = load_network(a.network);
    const Scheme scheme = scheme_arg(a.scheme.empty() ? std::string("incubator") : a.scheme);
    json oj = json::object();
    if (a.options) oj = parse_text(options_text(*a.options), "options");
    oj["draws"] = a.draws ? *a.draws : 0;
    if (a.seed) oj["seed"] = *a.seed;
    if (a.pooling) oj["pooling"] = *a.pooling;
    const NetworkEvalOptions opt = network_options_from_json(oj);
    IndicatorTable ind;
    RatingTable rat;
    cycle_inputs(a, st.network_at(base, a.period), scheme, ind, rat);
    auto cycle = records::evaluate_period(st, base, a.period, scheme, rat, ind, opt);
    std::optional<records::CycleComparison> cmp;
    std::string before;
    for (const auto& p : st.periods())
        if (p.end < st.period(a.period)->start && !st.evaluations(p.id, cycle.scheme).empty()) before = p.id;
    if (!before.empty()) cmp = records::compare_cycles(st, scheme, before, a.period);
    if (!a.out.empty()) write_output(a.out, records::cycle_to_json(cycle).dump() + "\n", out);
    if (a.ui.json) {
        json j = json::parse(records::cycle_to_json(cycle).dump());
        j["comparison"] = cmp ? json::parse(records::comparison_to_json(*cmp).dump()) : json(nullptr);
        j.erase("rows");
        std::map<std::string, Index> grades;
        for (const auto& r : cycle.rows) ++grades[r.grade];
        j["grades"] = grades;
        print_json(out, j);
    } else {
        print_cycle(cycle, cmp, scheme, !a.out.empty() && is_std(a.out) ? err : out);
    }
    return 0;
}

int cmd_evaluate(const EvaluateArgs& a, std::ostream& out, std::ostream& err) {
    if (!a.db.empty()) return cmd_evaluate_db(a, out, err);
    for (auto [v, name] : {std::pair{&a.network, "--network"}, {&a.scheme, "--scheme"}, {&a.ratings, "--ratings"}, {&a.out, "--out"}})
        if (v->empty()) throw usage_error(std::string(name) + " is required (or --db FILE --period P for a cycle of a records store)");
    one_stdout({&a.out, a.network_out ? &*a.network_out : nullptr}, "--out and --network-out");
    if (a.ui.json && (is_std(a.out) || (a.network_out && is_std(*a.network_out))))
        throw usage_error("--json and an output '-' both write standard output: give the outputs files");
    auto t0 = std::chrono::steady_clock::now();
    Progress progress(a.ui, "evaluate");
    progress.stage("loading the network and the scheme");
    const Network net = load_network(a.network);
    const Scheme scheme = scheme_arg(a.scheme);
    json oj = json::object();
    if (a.options) oj = parse_text(options_text(*a.options), "options");
    if (a.draws) oj["draws"] = *a.draws;
    if (a.seed) oj["seed"] = *a.seed;
    if (a.pooling) oj["pooling"] = *a.pooling;
    const NetworkEvalOptions opt = network_options_from_json(oj);
    IndicatorTable ind;
    RatingTable rat;
    if (a.ratings == "generate") {
        if (a.data_seed < 0) throw input_error("command line", "--data-seed", "must be >= 0");
        progress.stage("generating indicators and ratings");
        synth::RatingsOptions so;
        so.seed = std::uint64_t(a.data_seed);
        auto d = synth::generate_evaluation_data(net, scheme, so);
        ind = std::move(d.indicators);
        rat = std::move(d.ratings);
    } else {
        const std::string record = is_std(a.ratings) ? std::string("standard input") : a.ratings;
        const json d = parse_text(read_input(a.ratings), record);
        if (!d.is_object()) throw input_error(record, "", "must be an object with 'indicators' and/or 'ratings'");
        for (auto it = d.begin(); it != d.end(); ++it)
            if (it.key() != "indicators" && it.key() != "ratings")
                throw input_error(record, it.key(), "unknown key (indicators, ratings)");
        ind = indicators_from_json(d.value("indicators", json()));
        rat = ratings_from_json(d.value("ratings", json()));
    }
    progress.stage("scoring, grading and ranking" +
                   (opt.draws > 0 ? " with " + std::to_string(opt.draws) + " Monte-Carlo draws" : std::string()));
    const NetworkEvaluation e = evaluate_network(net, scheme, ind, rat, opt);
    namespace fs = std::filesystem;
    const bool to_stdout = is_std(a.out);
    const fs::path dir = a.out;
    const std::string evaluation_text = evaluation_to_json(e, scheme).dump(1, ' ', false, json::error_handler_t::replace) + "\n";
    if (to_stdout) {
        progress.done();
        write_output(a.out, evaluation_text, out);
    } else {
        std::error_code ec;
        fs::create_directories(dir / "disclosure", ec);
        if (ec) throw input_error("file " + dir.string(), "--out", "cannot create directory: " + ec.message());
        progress.stage("writing");
        io::write_file((dir / "evaluation.json").string(), evaluation_text);
        for (Index u = 0; u < e.units(); ++u) {
            io::write_file((dir / "disclosure" / disclosure_file_name(e.ids[std::size_t(u)])).string(),
                           disclosure_html(unit_disclosure(e, scheme, u)));
            progress.count(double(u + 1), double(e.units()), "pages");
        }
    }
    if (a.network_out) {
        progress.stage("writing the scored network");
        if (is_std(*a.network_out)) write_output(*a.network_out, io::save_json(with_scores(net, e)), out);
        else io::save_json_file(with_scores(net, e), *a.network_out);
    }
    progress.done();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (a.ui.json) {
        std::map<std::string, Index> grades;
        for (const auto& g : scheme.grades) grades[g.name] = 0;
        grades[scheme.ungraded] = 0;
        for (const auto& g : e.scheme.grade) ++grades[g];
        json tiers = json::array();
        for (const auto& g : e.by_tier)
            tiers.push_back({{"tier", g.key}, {"units", g.count}, {"mean", g.mean}, {"best", g.max}, {"best_id", g.best}});
        print_json(out, {{"units", e.units()},
                         {"scheme", scheme.id},
                         {"ratings", rat.size()},
                         {"draws", opt.draws},
                         {"grades", grades},
                         {"by_tier", tiers},
                         {"commended", e.commended.size()},
                         {"evaluation", (dir / "evaluation.json").string()},
                         {"disclosure", (dir / "disclosure").string()},
                         {"network_out", a.network_out ? json(*a.network_out) : json(nullptr)},
                         {"seconds", s}});
        return 0;
    }
    // the summary goes where the result does not
    std::ostream& os = to_stdout || (a.network_out && is_std(*a.network_out)) ? err : out;
    os << "evaluated " << e.units() << " incubators on scheme " << scheme.id << " (" << rat.size()
       << " ratings) in " << std::fixed << std::setprecision(2) << s << " s\n";
    grade_distribution(e, scheme, os);
    top_per_tier(e, os);
    intervals(e, os, 3);
    os << std::defaultfloat << std::setprecision(6) << "  commended: " << e.commended.size() << " (top " << opt.commend.top_k << " per " << opt.commend_by << ")\n";
    if (to_stdout)
        os << "wrote the evaluation JSON to standard output (no disclosure pages: give --out a directory)\n";
    else
        os << "wrote " << (dir / "evaluation.json").string() << " and " << e.units() << " disclosure pages in "
           << (dir / "disclosure").string() << "\n";
    return 0;
}

Run define_evaluate(Options& o) {
    auto a = std::make_shared<EvaluateArgs>();
    o.value("--network", a->network, "the network file (- for standard input; beijing for the embedded dataset)")
        .value_name("FILE");
    o.value("--scheme", a->scheme,
            "the evaluation scheme: incubator, mca_1000 (shipped) or a scheme JSON file (- for standard input)")
        .value_name("S");
    o.value("--ratings", a->ratings,
            "a JSON file with \"indicators\" and/or \"ratings\" (- for standard input), or generate")
        .value_name("FILE|generate");
    o.value("--out", a->out,
            "the directory for evaluation.json and disclosure/*.html; - writes the evaluation JSON to "
            "standard output and no pages (with --db: a file for the cycle's rows)")
        .value_name("DIR");
    o.value("--db", a->db,
            "evaluate a period of a records store (docs/records.md): indicators from its records, the "
            "network as it stood then (--network: the base network, beijing by default; --scheme: incubator "
            "by default; --ratings optional), the results written to the store and compared with the "
            "previous evaluated period")
        .value_name("FILE");
    o.value("--period", a->period, "with --db: the period to evaluate (e.g. 2020)").value_name("P");
    o.value("--options", a->options, "evaluation options as JSON text, a JSON file, or - for standard input")
        .value_name("JSON|FILE");
    o.value("--draws", a->draws, "Monte-Carlo draws for the rank intervals (0: none)").default_text("1000");
    o.value("--seed", a->seed, "the seed of the Monte-Carlo draws").default_text("42");
    o.value("--pooling", a->pooling, "how ratings are pooled: shrinkage, mean, median or trimmed_mean")
        .value_name("P")
        .default_text("shrinkage");
    o.value("--data-seed", a->data_seed, "--ratings generate: the seed of the generated data");
    o.value("--network-out", a->network_out, "also write the network with the scores (- for standard output)")
        .value_name("FILE");
    o.ui(a->ui);
    o.footer("With --json a summary (units, scheme, grades, by tier, files written) is printed on standard "
             "output instead of the text summary.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_evaluate(*a, out, err); };
}

void demo(const Network& net, std::ostream& os) {
    auto t0 = std::chrono::steady_clock::now();
    const Scheme scheme = scheme_arg("incubator");
    synth::RatingsOptions so;
    auto d = synth::generate_evaluation_data(net, scheme, so);
    NetworkEvalOptions opt;
    opt.draws = 500;
    const NetworkEvaluation e = evaluate_network(net, scheme, d.indicators, d.ratings, opt);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    os << "  scheme '" << scheme.name << "' on generated data (seed " << so.seed << "): " << d.ratings.size()
       << " ratings from recipients and third-party assessors, pooled by shrinkage toward the tier mean;\n"
       << "  " << e.units() << " incubators scored, graded and ranked with " << opt.draws
       << " Monte-Carlo draws in " << std::fixed << std::setprecision(2) << s << " s\n";
    grade_distribution(e, scheme, os);
    top_per_tier(e, os);
    os << "  rank intervals (weights ±20%):\n";
    intervals(e, os, 2);
    for (std::size_t c = 0; c < e.rated_columns.size(); ++c)
        os << "  inter-rater reliability '" << e.rated_columns[c] << "': Krippendorff alpha (interval) "
           << std::setprecision(3) << e.alpha[Index(c)] << "\n";
    os << "  commended: " << e.commended.size() << " incubators (top 3 per tier); `hatchnet evaluate` writes the "
          "JSON and the HTML disclosure pages\n" << std::defaultfloat << std::setprecision(6);
}

const Register r_evaluate{{"evaluate", "evaluate --network N --scheme S --ratings R --out DIR",
                           "score, grade and rank incubators; write JSON and HTML disclosure pages",
                           define_evaluate}};
const RegisterDemo d_evaluate{{60, "Evaluation: the incubators graded on generated ratings", demo}};

}  // namespace
}  // namespace hatchnet::cli
