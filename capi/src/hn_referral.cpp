// C ABI: referral routing and the referral ledger. See hatchnet/hn_referral.h.
#include "hn_ledger_handle.hpp"
#include <nlohmann/json.hpp>

#include "capi_internal.hpp"
#include "hatchnet/referral/referral.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;
using namespace hatchnet::referral;

struct hn_router {
    Router router;  // holds the network's frozen graph (shared): it outlives hn_network_free
    hn_router(std::shared_ptr<const Graph> g, Policy p) : router(std::move(g), std::move(p)) {}
};

// struct hn_ledger: hn_ledger_handle.hpp (hn_records.cpp makes them too, kept in a store)

namespace {
Policy policy_of(const char* text) { return text ? policy_from_json(text) : Policy::defaults(); }

std::string route_text(const Router& r, const char* request_json) {
    need(request_json, "request_json");
    Request q = parse_request(request_json);
    return result_to_json_text(r.route(q), r);
}

std::string batch_text(const Router& r, const char* requests_json) {
    need(requests_json, "requests_json");
    auto reqs = parse_requests(requests_json);
    auto b = r.route_batch(reqs);
    return batch_to_json(b, reqs, r).dump();
}

std::optional<Status> status_of(const char* s) {
    return parse_status(s);
}
}  // namespace

extern "C" {

hn_status hn_referral_default_policy_json(char** policy_json) {
    return guard([&] {
        need(policy_json, "policy_json");
        *policy_json = nullptr;
        *policy_json = dup_string(policy_to_json(Policy::defaults()));
    });
}

hn_status hn_refer_json(char** result_json, const hn_network* net, const char* request_json,
                        const char* policy_json) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        net_of(net);
        Router r(net->graph, policy_of(policy_json));
        *result_json = dup_string(route_text(r, request_json));
    });
}

hn_status hn_refer_batch_json(char** result_json, const hn_network* net, const char* requests_json,
                              const char* policy_json) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        net_of(net);
        Router r(net->graph, policy_of(policy_json));
        *result_json = dup_string(batch_text(r, requests_json));
    });
}

hn_status hn_router_create(hn_router** out, const hn_network* net, const char* policy_json) {
    return guard([&] {
        need(out, "out");
        net_of(net);
        *out = new hn_router(net->shared_graph, policy_of(policy_json));
    });
}

void hn_router_free(hn_router* router) { delete router; }

hn_status hn_router_refer_json(char** result_json, const hn_router* router, const char* request_json) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        need(router, "router");
        *result_json = dup_string(route_text(router->router, request_json));
    });
}

hn_status hn_router_refer_batch_json(char** result_json, const hn_router* router, const char* requests_json) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        need(router, "router");
        *result_json = dup_string(batch_text(router->router, requests_json));
    });
}

hn_status hn_router_refer_many_json(char** result_json, const hn_router* router, const char* requests_json,
                                    unsigned threads) {
    return guard([&] {
        need(result_json, "result_json");
        *result_json = nullptr;
        need(router, "router");
        need(requests_json, "requests_json");
        const auto reqs = parse_requests(requests_json);
        ManyOptions o;
        o.threads = threads;
        const auto results = route_many(router->router, reqs, o);
        std::string text = "[";
        for (std::size_t i = 0; i < results.size(); ++i) {
            if (i) text += ',';
            text += result_to_json_text(results[i], router->router);
        }
        text += ']';
        *result_json = dup_string(text);
    });
}

hn_status hn_router_policy_json(char** policy_json, const hn_router* router) {
    return guard([&] {
        need(policy_json, "policy_json");
        *policy_json = nullptr;
        need(router, "router");
        *policy_json = dup_string(policy_to_json(router->router.policy()));
    });
}

hn_status hn_ledger_create(hn_ledger** out, const hn_network* net) {
    return guard([&] {
        need(out, "out");
        net_of(net);
        *out = new hn_ledger{Ledger(net->net)};
    });
}

void hn_ledger_free(hn_ledger* ledger) { delete ledger; }

hn_status hn_ledger_open(char** id_out, hn_ledger* ledger, const char* referral_json, const char* at) {
    return guard([&] {
        if (id_out) *id_out = nullptr;
        need(ledger, "ledger");
        need(referral_json, "referral_json");
        need(at, "at");
        auto j = parse_json(referral_json, "referral");
        if (!j.is_object()) throw input_error("referral", "", "expected a JSON object");
        Referral r;
        std::string note;
        auto text = [&](const char* key) -> std::string {
            if (!j.contains(key)) return {};
            if (!j[key].is_string()) throw input_error("referral", key, "expected a string");
            return j[key].get<std::string>();
        };
        for (auto it = j.begin(); it != j.end(); ++it) {
            const auto& k = it.key();
            if (k != "id" && k != "organization" && k != "node" && k != "first_contact" && k != "needs" &&
                k != "urgency" && k != "note")
                throw input_error("referral", k, "unknown field");
        }
        r.id = text("id");
        r.organization = text("organization");
        r.node = text("node");
        if (r.node.empty()) throw input_error("referral", "node", "missing");
        r.first_contact = text("first_contact");
        note = text("note");
        if (j.contains("needs")) {
            if (!j["needs"].is_array()) throw input_error("referral", "needs", "expected an array of strings");
            for (std::size_t i = 0; i < j["needs"].size(); ++i) {
                if (!j["needs"][i].is_string())
                    throw input_error("referral", "needs[" + std::to_string(i) + "]", "expected a string");
                r.needs.push_back(j["needs"][i].get<std::string>());
            }
        }
        if (j.contains("urgency")) {
            auto u = parse_urgency(text("urgency"));
            if (!u) throw input_error("referral", "urgency", "expected routine or urgent");
            r.urgency = *u;
        }
        const auto& got = ledger->ledger.open(std::move(r), at, note);
        if (id_out) *id_out = dup_string(got.id);
    });
}

hn_status hn_ledger_transition(hn_ledger* ledger, const char* id, const char* status, const char* at,
                               const char* note, const char* outcome) {
    return guard([&] {
        need(ledger, "ledger");
        need(id, "id");
        need(status, "status");
        need(at, "at");
        auto s = status_of(status);
        if (!s)
            throw input_error("referral " + std::string(id), "status",
                              "unknown status '" + std::string(status) +
                                  "' (requested, accepted, rejected, in_progress, completed, cancelled, failed)");
        ledger->ledger.transition(id, *s, at, note ? note : "", outcome ? outcome : "");
    });
}

hn_status hn_ledger_get_json(char** referral_json, const hn_ledger* ledger, const char* id) {
    return guard([&] {
        need(referral_json, "referral_json");
        *referral_json = nullptr;
        need(ledger, "ledger");
        need(id, "id");
        const Referral* r = ledger->ledger.find(id);
        if (!r) throw status_error{HN_ERR_NOT_FOUND, "referral " + std::string(id) + ": unknown referral id"};
        *referral_json = dup_string(referral_to_json(*r));
    });
}

hn_status hn_ledger_save_json(char** ledger_json, const hn_ledger* ledger) {
    return guard([&] {
        need(ledger_json, "ledger_json");
        *ledger_json = nullptr;
        need(ledger, "ledger");
        *ledger_json = dup_string(ledger->ledger.save_json());
    });
}

hn_status hn_ledger_load_json(hn_ledger** out, const hn_network* net, const char* ledger_json) {
    return guard([&] {
        need(out, "out");
        need(ledger_json, "ledger_json");
        net_of(net);
        *out = new hn_ledger{Ledger::load_json(net->net, ledger_json)};
    });
}

hn_status hn_ledger_counts_json(char** counts_json, const hn_ledger* ledger) {
    return guard([&] {
        need(counts_json, "counts_json");
        *counts_json = nullptr;
        need(ledger, "ledger");
        *counts_json = dup_string(ledger->ledger.counts_json());
    });
}

}  // extern "C"
