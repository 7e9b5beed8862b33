// C ABI: funding (JSON in, JSON out).
#include "capi_internal.hpp"
#include "hatchnet/funding/json.hpp"

#include <nlohmann/json.hpp>

using namespace hatchnet;
using namespace hatchnet::capi;

namespace {
std::string_view sv(const char* s) { return s ? std::string_view(s) : std::string_view(); }

template <class F>
hn_status run_json(char** out, const hn_network* net, F&& f) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        net_of(net);
        *out = dup_string(f().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    });
}
}  // namespace

extern "C" {

hn_status hn_funds_check_json(char** out, const hn_network* net, const char* funds_json, const char* scheme) {
    return run_json(out, net, [&] { return funding::funds_check_json(net_of(net), sv(funds_json), sv(scheme)); });
}

hn_status hn_funds_split_json(char** out, const hn_network* net, const char* funds_json, const char* items_json,
                              const char* options_json) {
    return run_json(out, net, [&] {
        return funding::funds_split_json(*net->shared_graph, sv(funds_json), sv(items_json), sv(options_json));
    });
}

hn_status hn_funds_payments_json(char** out, const hn_network* net, const char* funds_json, const char* performance_json,
                                 const char* scheme, const char* options_json) {
    return run_json(out, net, [&] {
        return funding::funds_payments_json(net_of(net), sv(funds_json), sv(performance_json), sv(scheme), sv(options_json));
    });
}

hn_status hn_funds_cost_json(char** out, const hn_network* net, const char* funds_json, const char* performance_json,
                             const char* scheme, const char* options_json) {
    return run_json(out, net, [&] {
        return funding::funds_cost_json(net_of(net), sv(funds_json), sv(performance_json), sv(scheme), sv(options_json));
    });
}

}  // extern "C"
