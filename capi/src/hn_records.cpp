// C ABI: the records store. See hatchnet/hn_records.h.
#include "hn_ledger_handle.hpp"
#include "capi_internal.hpp"
#include "hatchnet/evaluate/json.hpp"
#include "hatchnet/io/json_text.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/records/records.hpp"
#include "hatchnet/records/simulate.hpp"
#include "hatchnet/referral/ledger.hpp"

#include <mutex>
#include <optional>

using namespace hatchnet;
using namespace hatchnet::capi;

struct hn_store {
    std::shared_ptr<records::Store> store;  // shared with the ledger kept in it
    std::mutex ledger_mu;                   // a ledger is not thread-safe: its calls are serialised
    std::optional<referral::Ledger> ledger; // loaded by hn_store_ledger_load / _import_json
    explicit hn_store(std::shared_ptr<records::Store> s) : store(std::move(s)) {}
};

namespace {
records::Store& store_of(hn_store* s) {
    need(s, "store");
    return *s->store;
}
const records::Store& store_of(const hn_store* s) {
    need(s, "store");
    return *s->store;
}
/// The ledger loaded in the handle (the caller holds ledger_mu).
referral::Ledger& ledger_of(hn_store* s) {
    if (!s->ledger)
        throw input_error("ledger", "", "no ledger loaded on this store handle: call hn_store_ledger_load first");
    return *s->ledger;
}
evaluate::Scheme scheme_of(const char* scheme_json) {
    if (!scheme_json) return evaluate::load_scheme(io::default_data_dir() + "/schemes/incubator.json");
    return evaluate::scheme_from_json(io::parse_json_value(scheme_json, "scheme"));
}
}  // namespace

extern "C" {

hn_status hn_store_open(hn_store** out, const char* path) {
    return guard([&] {
        need(out, "out");
        *out = nullptr;
        need(path, "path");
        *out = new hn_store(std::make_shared<records::Store>(path));
    });
}

hn_status hn_store_open_options(hn_store** out, const char* path, const char* options_json) {
    return guard([&] {
        need(out, "out");
        *out = nullptr;
        need(path, "path");
        const auto o = options_json ? records::store_options_from_json(options_json) : records::StoreOptions{};
        *out = new hn_store(std::make_shared<records::Store>(path, o));
    });
}

void hn_store_free(hn_store* store) { delete store; }

hn_status hn_store_version(int* version, const hn_store* store) {
    return guard([&] {
        need(version, "version");
        *version = store_of(store).version();
    });
}

hn_status hn_store_set_network(hn_store* store, const hn_network* net) {
    return guard([&] { store_of(store).set_network(net_of(net)); });
}

hn_status hn_store_add_years(hn_store* store, int first, int last) {
    return guard([&] { store_of(store).add_years(first, last); });
}

hn_status hn_store_record_json(char** ids_json, hn_store* store, const char* transitions_json) {
    return guard([&] {
        if (ids_json) *ids_json = nullptr;
        auto& s = store_of(store);
        need(transitions_json, "transitions_json");
        auto ids = s.record(records::parse_transitions(transitions_json));
        if (ids_json) *ids_json = dup_string(nlohmann::json(ids).dump());
    });
}

hn_status hn_store_incubation_json(char** incubation_json, const hn_store* store, const char* id) {
    return guard([&] {
        need(incubation_json, "incubation_json");
        *incubation_json = nullptr;
        need(id, "id");
        auto r = store_of(store).incubation(id);
        if (!r) throw status_error{HN_ERR_NOT_FOUND, "unknown incubation '" + printable_utf8(id) + "'", "incubation", "id"};
        *incubation_json = dup_string(records::incubation_to_json(*r).dump());
    });
}

hn_status hn_store_counts_json(char** counts_json, const hn_store* store, const char* date) {
    return guard([&] {
        need(counts_json, "counts_json");
        *counts_json = nullptr;
        const std::string d = date ? date : "";
        *counts_json = dup_string(records::counts_to_json(store_of(store).counts(d), d).dump());
    });
}

hn_status hn_store_summary_json(char** summary_json, const hn_store* store, const char* period) {
    return guard([&] {
        need(summary_json, "summary_json");
        *summary_json = nullptr;
        need(period, "period");
        *summary_json = dup_string(records::summary_to_json(store_of(store).summary(period)).dump());
    });
}

hn_status hn_store_export_json(char** records_json, const hn_store* store) {
    return guard([&] {
        need(records_json, "records_json");
        *records_json = nullptr;
        *records_json = dup_string(store_of(store).export_json());
    });
}

hn_status hn_store_import_json(hn_store* store, const char* records_json) {
    return guard([&] {
        auto& s = store_of(store);
        need(records_json, "records_json");
        s.import_json(records_json);
    });
}

hn_status hn_store_add_facts_json(hn_store* store, const char* facts_json) {
    return guard([&] {
        auto& s = store_of(store);
        need(facts_json, "facts_json");
        s.add_facts(records::parse_facts(facts_json));
    });
}

hn_status hn_store_network_at(hn_network** out, const hn_store* store, const hn_network* base, const char* period) {
    return guard([&] {
        need(out, "out");
        *out = nullptr;
        const auto& s = store_of(store);
        const auto& b = net_of(base);
        need(period, "period");
        *out = new hn_network(s.network_at(b, period));
    });
}

hn_status hn_store_add_targets_json(hn_store* store, const char* targets_json) {
    return guard([&] {
        auto& s = store_of(store);
        need(targets_json, "targets_json");
        s.add_targets(records::parse_targets(targets_json));
    });
}

hn_status hn_store_progress_json(char** progress_json, const hn_store* store, const hn_network* base) {
    return guard([&] {
        need(progress_json, "progress_json");
        *progress_json = nullptr;
        const auto& s = store_of(store);
        *progress_json = dup_string(records::progress_to_json(records::progress(s, net_of(base))).dump());
    });
}

hn_status hn_store_evaluate_json(char** cycle_json, hn_store* store, const hn_network* base, const char* period,
                                 const char* scheme_json, const char* data_json, const char* options_json) {
    return guard([&] {
        need(cycle_json, "cycle_json");
        *cycle_json = nullptr;
        auto& s = store_of(store);
        const auto& b = net_of(base);
        need(period, "period");
        const auto scheme = scheme_of(scheme_json);
        nlohmann::json oj = options_json ? io::parse_json_value(options_json, "options") : nlohmann::json::object();
        if (!oj.is_object()) throw input_error("options", "", "expected a JSON object");
        if (!oj.contains("draws")) oj["draws"] = 0;
        const auto opt = evaluate::network_options_from_json(oj);
        evaluate::IndicatorTable ind;
        evaluate::RatingTable rat;
        if (data_json) {
            auto d = io::parse_json_value(data_json, "data");
            if (!d.is_object()) throw input_error("data", "", "expected {\"indicators\", \"ratings\"}");
            for (auto it = d.begin(); it != d.end(); ++it)
                if (it.key() != "indicators" && it.key() != "ratings") throw input_error("data", it.key(), "unknown key");
            ind = evaluate::indicators_from_json(d.value("indicators", nlohmann::json()));
            rat = evaluate::ratings_from_json(d.value("ratings", nlohmann::json()));
        }
        auto c = records::evaluate_period(s, b, period, scheme, rat, ind, opt);
        *cycle_json = dup_string(records::cycle_to_json(c).dump());
    });
}

hn_status hn_store_compare_json(char** comparison_json, const hn_store* store, const char* scheme_json, const char* from,
                                const char* to) {
    return guard([&] {
        need(comparison_json, "comparison_json");
        *comparison_json = nullptr;
        const auto& s = store_of(store);
        need(from, "from");
        need(to, "to");
        *comparison_json = dup_string(records::comparison_to_json(records::compare_cycles(s, scheme_of(scheme_json), from, to)).dump());
    });
}

hn_status hn_store_simulate_json(char** summary_json, hn_store* store, const hn_network* net, const char* options_json) {
    return guard([&] {
        if (summary_json) *summary_json = nullptr;
        auto& s = store_of(store);
        const auto& n = net_of(net);
        records::SimulationOptions o;
        if (options_json) {
            auto j = io::parse_json_value(options_json, "options");
            if (!j.is_object()) throw input_error("options", "", "expected a JSON object");
            for (auto it = j.begin(); it != j.end(); ++it) {
                const auto& k = it.key();
                const auto& v = it.value();
                if (k == "first_year" || k == "last_year") {
                    if (!v.is_number_integer() || v.get<std::int64_t>() < 1000 || v.get<std::int64_t>() > 9998)
                        throw input_error("options", k, "expected a year 1000-9998");
                    (k == "first_year" ? o.first_year : o.last_year) = int(v.get<std::int64_t>());
                } else if (k == "seed") {
                    if (!v.is_number_unsigned()) throw input_error("options", k, "expected an integer >= 0");
                    o.seed = v.get<std::uint64_t>();
                } else if (k == "scale") {
                    if (!v.is_number()) throw input_error("options", k, "expected a number");
                    o.scale = v.get<double>();
                } else if (k == "evaluate" || k == "route") {
                    if (!v.is_boolean()) throw input_error("options", k, "expected true or false");
                    (k == "evaluate" ? o.evaluate : o.route) = v.get<bool>();
                } else if (k == "growth") {
                    auto g = v.is_string() ? records::parse_growth(v.get<std::string>()) : std::nullopt;
                    if (!g) throw input_error("options", k, "expected \"plan\" or \"fixed\"");
                    o.growth = *g;
                } else if (k == "plan_budget") {
                    if (!v.is_number() || !(v.get<double>() >= 0 && v.get<double>() <= 10))
                        throw input_error("options", k, "expected a share in [0, 10]");
                    o.plan_budget = v.get<double>();
                } else if (k == "plan_openings") {
                    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > 1000000) ||
                        v.get<std::int64_t>() < -1 || v.get<std::int64_t>() > 1000000)
                        throw input_error("options", k, "expected -1 or a count >= 0");
                    o.plan_openings = int(v.get<std::int64_t>());
                } else {
                    throw input_error("options", k,
                                      "unknown field (first_year, last_year, seed, scale, evaluate, route, growth, "
                                      "plan_budget, plan_openings)");
                }
            }
        }
        auto sum = records::simulate(s, n, o);
        if (summary_json)
            *summary_json = dup_string(nlohmann::json{{"arrivals", sum.arrivals}, {"transitions", sum.transitions},
                                                      {"facts", sum.facts}, {"admitted", sum.admitted},
                                                      {"no_place", sum.no_place}, {"graduated", sum.graduated},
                                                      {"referrals", sum.referrals}, {"waitlisted", sum.waitlisted},
                                                      {"unrouted", sum.unrouted}, {"router_builds", sum.router_builds},
                                                      {"plan_openings", sum.plan_openings}, {"plan_places", sum.plan_places},
                                                      {"evaluated", sum.evaluated}}
                                           .dump());
    });
}

// ------------------------------------------------------------------ the referral ledger
hn_status hn_store_ledger_load(hn_store* store, const hn_network* net) {
    return guard([&] {
        need(store, "store");
        need(net, "net");
        std::lock_guard<std::mutex> lk(store->ledger_mu);
        store->ledger.reset();
        store->ledger.emplace(referral::Ledger::load(net->net, store->store));
    });
}

hn_status hn_store_ledger_create(hn_ledger** out, hn_store* store, const hn_network* net) {
    return guard([&] {
        need(out, "out");
        *out = nullptr;
        store_of(store);
        need(net, "net");
        // a handle of its own, attached to the store: any number of them may keep one store
        *out = new hn_ledger{referral::Ledger::load(net->net, store->store)};
    });
}

hn_status hn_store_ledger_import_json(hn_store* store, const hn_network* net, const char* ledger_json) {
    return guard([&] {
        need(store, "store");
        need(net, "net");
        need(ledger_json, "ledger_json");
        auto L = referral::Ledger::load_json(net->net, ledger_json);
        L.attach(store->store);  // one transaction; refused when the store holds referrals
        std::lock_guard<std::mutex> lk(store->ledger_mu);
        store->ledger.reset();
        store->ledger.emplace(std::move(L));
    });
}

hn_status hn_store_ledger_export_json(char** ledger_json, hn_store* store) {
    return guard([&] {
        need(ledger_json, "ledger_json");
        *ledger_json = nullptr;
        need(store, "store");
        std::lock_guard<std::mutex> lk(store->ledger_mu);
        *ledger_json = dup_string(ledger_of(store).save_json());
    });
}

hn_status hn_store_ledger_counts_json(char** counts_json, hn_store* store) {
    return guard([&] {
        need(counts_json, "counts_json");
        *counts_json = nullptr;
        need(store, "store");
        std::lock_guard<std::mutex> lk(store->ledger_mu);
        *counts_json = dup_string(ledger_of(store).counts_json());
    });
}

hn_status hn_store_referral_open_json(char** id_out, hn_store* store, const char* referral_json, const char* at) {
    return guard([&] {
        if (id_out) *id_out = nullptr;
        need(store, "store");
        need(referral_json, "referral_json");
        need(at, "at");
        std::string note;
        auto r = records::referral_from_json(referral_json, note);
        std::lock_guard<std::mutex> lk(store->ledger_mu);
        const auto& got = ledger_of(store).open(std::move(r), at, note);
        if (id_out) *id_out = dup_string(got.id);
    });
}

hn_status hn_store_referral_transition(hn_store* store, const char* id, const char* status, const char* at,
                                       const char* note, const char* outcome) {
    return guard([&] {
        need(store, "store");
        need(id, "id");
        need(status, "status");
        need(at, "at");
        auto s = referral::parse_status(status);
        if (!s)
            throw input_error("referral " + printable_utf8(id), "status",
                              "unknown status '" + printable_utf8(status) +
                                  "' (requested, accepted, rejected, in_progress, completed, cancelled, failed)");
        std::lock_guard<std::mutex> lk(store->ledger_mu);
        ledger_of(store).transition(id, *s, at, note ? note : "", outcome ? outcome : "");
    });
}

hn_status hn_store_referral_json(char** referral_json, const hn_store* store, const char* id) {
    return guard([&] {
        need(referral_json, "referral_json");
        *referral_json = nullptr;
        const auto& s = store_of(store);
        need(id, "id");
        if (auto r = s.referral(id)) {  // an index look-up, not a scan of every referral
            *referral_json = dup_string(referral::referral_to_json(*r));
            return;
        }
        throw status_error{HN_ERR_NOT_FOUND, "unknown referral '" + printable_utf8(id) + "'", "referral", "id"};
    });
}

hn_status hn_store_referrals_json(char** referrals_json, const hn_store* store) {
    return guard([&] {
        need(referrals_json, "referrals_json");
        *referrals_json = nullptr;
        *referrals_json = dup_string(records::referrals_to_json(store_of(store).referrals()));
    });
}

}  // extern "C"
