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
#include "hatchnet/synth/ratings.hpp"

namespace hatchnet::cli {
namespace {

using namespace hatchnet::evaluate;
using nlohmann::json;

Scheme scheme_arg(const std::string& spec) {
    if (spec == "mca_1000" || spec == "incubator")
        return load_scheme(io::default_data_dir() + "/schemes/" + spec + ".json");
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

int cmd_evaluate(const Args& a, std::ostream& out, std::ostream& err) {
    if (!a.positional.empty() || !a.has("network") || !a.has("scheme") || !a.has("ratings") || !a.has("out")) {
        err << "usage: hatchnet evaluate --network N --scheme S --ratings (FILE | generate) --out DIR "
               "[--options FILE] [--draws N] [--seed N] [--data-seed N] [--pooling P] [--network-out FILE]\n";
        return 2;
    }
    auto t0 = std::chrono::steady_clock::now();
    const Network net = load_network(a.require("network"));
    const Scheme scheme = scheme_arg(a.require("scheme"));
    json oj = json::object();
    if (a.has("options")) {
        const std::string o = a.require("options");
        oj = parse_text(o.find('{') != std::string::npos ? o : io::read_file(o), "options");
    }
    if (a.has("draws")) oj["draws"] = a.get_int("draws", 1000);
    if (a.has("seed")) oj["seed"] = a.get_int("seed", 42);
    if (a.has("pooling")) oj["pooling"] = a.get("pooling");
    const NetworkEvalOptions opt = network_options_from_json(oj);
    IndicatorTable ind;
    RatingTable rat;
    const std::string rspec = a.require("ratings");
    if (rspec == "generate") {
        synth::RatingsOptions so;
        const long long ds = a.get_int("data-seed", 2024);
        if (ds < 0) throw input_error("command line", "--data-seed", "must be >= 0");
        so.seed = std::uint64_t(ds);
        auto d = synth::generate_evaluation_data(net, scheme, so);
        ind = std::move(d.indicators);
        rat = std::move(d.ratings);
    } else {
        const json d = parse_text(io::read_file(rspec), rspec);
        if (!d.is_object()) throw input_error(rspec, "", "must be an object with 'indicators' and/or 'ratings'");
        for (auto it = d.begin(); it != d.end(); ++it)
            if (it.key() != "indicators" && it.key() != "ratings")
                throw input_error(rspec, it.key(), "unknown key (indicators, ratings)");
        ind = indicators_from_json(d.value("indicators", json()));
        rat = ratings_from_json(d.value("ratings", json()));
    }
    const NetworkEvaluation e = evaluate_network(net, scheme, ind, rat, opt);
    namespace fs = std::filesystem;
    const fs::path dir = a.require("out");
    std::error_code ec;
    fs::create_directories(dir / "disclosure", ec);
    if (ec) throw input_error("file " + dir.string(), "--out", "cannot create directory: " + ec.message());
    io::write_file((dir / "evaluation.json").string(),
                   evaluation_to_json(e, scheme).dump(1, ' ', false, json::error_handler_t::replace) + "\n");
    for (Index u = 0; u < e.units(); ++u)
        io::write_file((dir / "disclosure" / disclosure_file_name(e.ids[std::size_t(u)])).string(),
                       disclosure_html(unit_disclosure(e, scheme, u)));
    if (a.has("network-out")) io::save_json_file(with_scores(net, e), a.require("network-out"));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    out << "evaluated " << e.units() << " incubators on scheme " << scheme.id << " (" << rat.size()
        << " ratings) in " << std::fixed << std::setprecision(2) << s << " s\n";
    grade_distribution(e, scheme, out);
    top_per_tier(e, out);
    intervals(e, out, 3);
    out << std::defaultfloat << std::setprecision(6) << "  commended: " << e.commended.size() << " (top " << opt.commend.top_k << " per " << opt.commend_by << ")\n";
    out << "wrote " << (dir / "evaluation.json").string() << " and " << e.units() << " disclosure pages in "
        << (dir / "disclosure").string() << "\n";
    return 0;
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
                           {},
                           cmd_evaluate}};
const RegisterDemo d_evaluate{{60, "Evaluation: the incubators graded on generated ratings", demo}};

}  // namespace
}  // namespace hatchnet::cli
