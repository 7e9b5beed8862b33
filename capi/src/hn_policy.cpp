// C ABI: the tiers' mandated functions (hn_policy.h).
#include "capi_internal.hpp"
#include "hatchnet/io/json.hpp"

using namespace hatchnet;
using namespace hatchnet::capi;

extern "C" {

hn_status hn_tier_functions_json(char** out, const hn_network* net) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        *out = dup_string(io::functions_json(net_of(net).vocabulary));
    });
}

hn_status hn_missing_functions_json(char** out, const hn_network* net) {
    if (out) *out = nullptr;
    return guard([&] {
        need(out, "out");
        *out = dup_string(io::missing_functions_json(net_of(net)));
    });
}

}  // extern "C"
