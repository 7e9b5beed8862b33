// C ABI: coverage, balance and planning (JSON in, JSON out).
#include "capi_internal.hpp"
#include "hatchnet/coverage/json.hpp"
#include "hatchnet/io/json.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

namespace {
template <class F>
hn_status run_json(char** out, const hn_network* net, const char* options, F&& f) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        net_of(net);
        std::string_view opt = options ? std::string_view(options) : std::string_view();
        *out = dup_string(f(net->graph, opt).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    });
}
}  // namespace

extern "C" {

hn_status hn_coverage_json(char** out, const hn_network* net, const char* options_json) {
    return run_json(out, net, options_json, [](const Graph& g, std::string_view o) { return coverage::coverage_json(g, o); });
}

hn_status hn_sameness_json(char** out, const hn_network* net, const char* options_json) {
    return run_json(out, net, options_json, [](const Graph& g, std::string_view o) { return coverage::sameness_json(g, o); });
}

hn_status hn_staffing_json(char** out, const hn_network* net, const char* options_json) {
    return run_json(out, net, options_json, [](const Graph& g, std::string_view o) { return coverage::staffing_json(g, o); });
}

hn_status hn_balance_json(char** out, const hn_network* net, const char* options_json) {
    return run_json(out, net, options_json, [](const Graph& g, std::string_view o) { return coverage::balance_json(g, o); });
}

hn_status hn_plan_json(char** out, const hn_network* net, const char* options_json) {
    return run_json(out, net, options_json, [](const Graph& g, std::string_view o) { return coverage::plan_json(g, o); });
}

hn_status hn_scenario_json(char** out, const hn_network* net, const char* options_json) {
    return run_json(out, net, options_json, [](const Graph& g, std::string_view o) { return coverage::scenario_json(g, o); });
}

hn_status hn_apply_plan_json(char** out, const hn_network* net, const char* options_json) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        net_of(net);
        std::string_view opt = options_json ? std::string_view(options_json) : std::string_view();
        *out = dup_string(io::save_json(coverage::apply_plan_json(net->graph, opt)));
    });
}

}  // extern "C"
