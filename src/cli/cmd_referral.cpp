// hatchnet refer — referral routing from the command line, and the referral section of
// `hatchnet demo`.
#include <algorithm>
#include <chrono>
#include <iomanip>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli.hpp"
#include "hatchnet/error.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/referral/referral.hpp"

namespace hatchnet::cli {
namespace {

using namespace hatchnet::referral;

struct ReferArgs {
    std::string network, out = "-";
    std::optional<std::string> request, batch, many, policy;
    std::string db, at;  // --request: record the referral in this store's ledger at this time
    long long threads = 0;
    bool pretty = false;
    Ui ui;
};

/// --many: every request routed on its own, all explanations kept: a JSON array of results.
std::string refer_many_text(const Router& router, const std::string& requests, long long threads, int indent,
                            Progress& progress, std::string& summary) {
    if (threads < 0 || threads > 1024) throw usage_error("--threads: expected 0 (all cores) to 1024");
    auto reqs = parse_requests(requests);
    progress.stage("routing " + std::to_string(reqs.size()) + " requests, each on its own");
    auto t0 = std::chrono::steady_clock::now();
    ManyOptions o;
    o.threads = unsigned(threads);
    const auto results = route_many(router, reqs, o);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::string text = "[";
    std::size_t routed = 0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        if (i) text += indent >= 0 ? ",\n" : ",";
        text += result_to_json_text(results[i], router, indent);
        routed += results[i].status == RouteStatus::routed;
    }
    text += "]";
    std::ostringstream os;
    os << reqs.size() << " requests routed independently: " << routed << " routed in " << std::fixed
       << std::setprecision(3) << s << " s\n";
    summary = os.str();
    return text;
}

int cmd_refer(const ReferArgs& a, std::ostream& out, std::ostream& err) {
    if (int(bool(a.request)) + int(bool(a.batch)) + int(bool(a.many)) != 1)
        throw usage_error("give exactly one of --request FILE, --batch FILE and --many FILE");
    Progress progress(a.ui, "refer");
    progress.stage("loading the network");
    auto net = std::make_shared<const Network>(load_network(a.network));
    Graph g(net);
    Policy p = a.policy ? policy_from_json(read_input(*a.policy)) : Policy::defaults();
    Router router(g, std::move(p));
    const int indent = a.pretty ? 2 : -1;
    std::string text, summary;
    if (!a.db.empty() && a.many)
        throw usage_error("--db records the referrals of --request or --batch; --many routes each request as if it "
                          "were alone (no competition for places), so its results are not referrals to record");
    if (!a.db.empty() && a.at.empty())
        throw usage_error("--db needs --at WHEN (ISO 8601: 2024-03-01 or 2024-03-01T09:30+08:00)");
    if (a.request) {
        Request q = parse_request(read_input(*a.request));
        progress.stage("routing");
        const Result r = router.route(q);
        text = result_to_json_text(r, router, indent);
        // why a contract could not carry the referral (§5.4): one line each
        for (const auto& c : r.contracts) summary += c.text(g.network()) + " (as of " + r.as_of + ")\n";
        if (!a.db.empty())
            summary += "referral " + record_referral(a.db, net, r, q, g, a.at) + " recorded in " + a.db + "\n";
    } else if (a.many) {
        text = refer_many_text(router, read_input(*a.many), a.threads, indent, progress, summary);
    } else {
        auto reqs = parse_requests(read_input(*a.batch));
        progress.stage("routing " + std::to_string(reqs.size()) + " requests");
        auto t0 = std::chrono::steady_clock::now();
        auto b = router.route_batch(reqs);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        text = batch_to_json(b, reqs, router).dump(indent);
        std::ostringstream os;
        os << reqs.size() << " requests: " << b.routed << " routed, " << b.waitlisted << " waitlisted, "
           << b.unroutable << " unroutable in " << std::fixed << std::setprecision(3) << s << " s\n";
        summary = os.str();
        if (!a.db.empty()) {  // every placed or waitlisted request, in one transaction
            const auto ids = record_batch_referrals(a.db, net, b, reqs, g, a.at);
            summary += std::to_string(ids.size()) + " referrals recorded in " + a.db + "\n";
        }
    }
    progress.done();
    err << summary;
    write_output(a.out, text + "\n", out);
    return 0;
}

Run define_refer(Options& o) {
    auto a = std::make_shared<ReferArgs>();
    o.value("--network", a->network, "the network file (- for standard input; beijing for the embedded dataset)")
        .value_name("FILE")
        .required();
    o.value("--request", a->request, "one referral request, a JSON object (- for standard input)")
        .value_name("FILE");
    o.value("--batch", a->batch, "many requests, a JSON array, routed together against capacities "
                                 "(- for standard input)")
        .value_name("FILE");
    o.value("--many", a->many, "many requests, a JSON array, each routed on its own as --request would "
                               "(every explanation kept; no competition for capacity); - for standard input")
        .value_name("FILE");
    o.value("--threads", a->threads, "threads for --many (0: all cores)").value_name("N");
    o.value("--policy", a->policy, "the routing policy, JSON (- for standard input)")
        .value_name("FILE")
        .default_text("the built-in policy, data/referral_policy.json");
    o.value("--out", a->out, "where the result JSON goes (- for standard output)").value_name("FILE");
    o.flag("--pretty", a->pretty, "indent the result JSON");
    o.value("--db", a->db, "with --request or --batch: record the routed (or waitlisted) referrals in the referral "
                           "ledger kept in this records store (a batch in one transaction; not with --many)")
        .value_name("FILE");
    o.value("--at", a->at, "with --db: when (ISO 8601: 2024-03-01 or 2024-03-01T09:30+08:00)").value_name("WHEN");
    o.ui(a->ui);
    o.footer("Give exactly one of --request, --batch and --many. The result is JSON (chosen incubator, route, "
             "candidates, exclusions with reasons; an array of them for --many); --json changes nothing.");
    return [a](std::ostream& out, std::ostream& err) { return cmd_refer(*a, out, err); };
}

// ---------------------------------------------------------------- demo section

std::string reasons_text(ReasonMask m) {
    std::string s;
    for (auto c : reason_codes(m)) s += (s.empty() ? "" : ",") + std::string(c);
    return s;
}

void demo(const Network& net_in, std::ostream& os) {
    auto net = std::make_shared<const Network>(net_in);
    Graph g(net);
    Router router(g);
    // a few organizations of different kinds, with needs the guidance names
    struct Pick {
        OrgType type;
        std::vector<std::string> needs;
        const char* story;
    };
    const std::vector<Pick> picks = {
        {OrgType::community_org, {"venue", "funds"}, "a community group needs a venue and activity funds"},
        {OrgType::association, {"office", "training"}, "an association seeks resident incubation and training"},
        {OrgType::service_org, {"legal", "accounting"}, "a service organization needs professional services"},
        {OrgType::foundation, {"international"}, "a foundation asks for international exchange"},
    };
    std::map<std::string, std::size_t> reason_count;
    int shown = 0;
    auto t0 = std::chrono::steady_clock::now();
    std::size_t routed_total = 0;
    for (const auto& pk : picks) {
        const Organization* org = nullptr;
        for (const auto& o : net->organizations)
            if (o.type == pk.type && !o.home.empty() && g.find(o.home) != Graph::null_vertex &&
                router.policy().routing_tiers[int(g.node(g.find(o.home)).tier)]) {
                org = &o;
                break;
            }
        if (!org) continue;
        Request q;
        q.organization = org->id;
        q.needs = pk.needs;
        // start at the street incubator of its area when there is one, else at its home
        for (std::string_view c = org->region; !c.empty(); c = truncate_region(c)) {
            bool found = false;
            for (auto v : g.nodes_in_region(c))
                if (g.node(v).tier == Tier::street) {
                    q.first_contact = g.node(v).id;
                    found = true;
                    break;
                }
            if (found) break;
        }
        Result r;
        try {
            r = router.route(q);
        } catch (const input_error& e) {
            os << "  " << org->id << ": " << e.what() << "\n";
            continue;
        }
        ++routed_total;
        ++shown;
        os << "  " << shown << ". " << pk.story << ": " << org->name << " (" << org->id << ", "
           << to_string(org->type) << ", registered at " << to_string(org->registration) << " level, region "
           << org->region << ")\n";
        os << "     first contact " << g.node(r.first_contact).name << " [" << g.node(r.first_contact).id
           << "], needs";
        for (const auto& n : q.needs) os << " " << n;
        os << "\n";
        if (r.status == RouteStatus::no_candidate) {
            os << "     no incubator within " << router.policy().max_hops << " hops fits\n";
        } else {
            auto target = r.status == RouteStatus::routed ? r.chosen : r.waitlist->node;
            os << "     -> " << (r.status == RouteStatus::routed ? "referred to " : "waitlisted at ")
               << g.node(target).name << " [" << g.node(target).id << ", " << to_string(g.node(target).tier) << "]";
            if (r.waitlist) os << ", position " << r.waitlist->position;
            os << "\n";
            if (r.route.empty()) os << "        handled where it came in\n";
            for (const auto& h : r.route)
                os << "        " << std::left << std::setw(10) << to_string(h.move) << std::right << g.node(h.from).id
                   << " -> " << g.node(h.to).id << "  ("
                   << (h.from_was_candidate ? std::string("better fit further on") : reasons_text(h.because))
                   << ")\n";
            os << std::fixed << std::setprecision(2);
            for (std::size_t i = 0; i < r.candidates.size() && i < 3; ++i) {
                const auto& c = r.candidates[i];
                os << "        #" << i + 1 << " " << std::left << std::setw(22) << g.node(c.node).id << std::right
                   << " score " << c.score << " (";
                for (int f = 0; f < factor_count; ++f)
                    os << (f ? " " : "") << to_string(Factor(f)) << " " << c.contributions[f];
                os << ")\n";
            }
        }
        std::map<std::string, std::size_t> here;
        for (const auto& e : r.excluded)
            for (auto c : reason_codes(e.reasons)) ++here[std::string(c)], ++reason_count[std::string(c)];
        os << "     " << r.candidates.size() << " candidates, " << r.excluded.size() << " excluded:";
        for (const auto& [k, v] : here) os << " " << k << " " << v << ";";
        os << "\n";
    }
    // a small batch: the first organizations with a common need, against capacities
    std::vector<Request> batch;
    for (const auto& o : net->organizations) {
        if (batch.size() >= 2000) break;
        if (o.home.empty() || g.find(o.home) == Graph::null_vertex ||
            !router.policy().routing_tiers[int(g.node(g.find(o.home)).tier)])
            continue;
        Request q;
        q.organization = o.id;
        q.needs = {o.type == OrgType::community_org ? "venue" : "training"};
        batch.push_back(q);
    }
    if (!batch.empty()) {
        auto tb = std::chrono::steady_clock::now();
        auto b = router.route_batch(batch);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - tb).count();
        os << "  batch of " << batch.size() << " requests against spare capacities: " << b.routed << " placed, "
           << b.waitlisted << " waitlisted, " << b.unroutable << " without any fitting incubator; total score "
           << std::setprecision(1) << b.total_score << " (optimal; " << std::setprecision(3) << s << " s)\n";
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    os << "  (" << routed_total << " single referrals and the batch in " << std::setprecision(0) << ms
       << " ms; every node within " << router.policy().horizon
       << " hops is listed as a candidate or excluded with its reasons)\n";
}

const Register r_refer{{"refer", "refer --network N --request FILE | --batch FILE | --many FILE",
                        "route referral requests (JSON) to the best-suited incubators; JSON out",
                        define_refer}};
const RegisterDemo d_referral{{50, "Referral routing (§5.3): first contact to the best-suited incubator", demo}};

}  // namespace
}  // namespace hatchnet::cli
