// The referral routing policy: defaults, validation, JSON. See hatchnet/referral/policy.hpp.
#include <cmath>
#include <nlohmann/json.hpp>

#include "hatchnet/error.hpp"
#include "hatchnet/referral/json.hpp"
#include "hatchnet/referral/policy.hpp"

namespace hatchnet::referral {

using ojson = nlohmann::ordered_json;

namespace {
constexpr std::array<std::string_view, move_count> move_names{"up", "down", "contract", "consortium",
                                                              "referral"};
constexpr std::array<std::string_view, factor_count> factor_names{
    "coverage", "sector", "tier", "capacity", "evaluation", "distance", "district"};

const std::string rec = "policy";

TierTable table(std::initializer_list<std::pair<Tier, double>> l) {
    TierTable t{};
    for (auto [k, v] : l) t[std::size_t(k)] = v;
    return t;
}
TierSet tiers(std::initializer_list<Tier> l) {
    TierSet s{};
    for (auto t : l) s[std::size_t(t)] = true;
    return s;
}

[[noreturn]] void bad(const std::string& field, const std::string& msg) { throw input_error(rec, field, msg); }

Tier tier_of(const std::string& s, const std::string& field) {
    auto t = parse_tier(s);
    if (!t)
        bad(field, "unknown tier '" + s +
                       "' (expected city_center, city_sector, district, street, community or social)");
    return *t;
}

double number(const ojson& j, const std::string& field) {
    if (!j.is_number()) bad(field, "expected a number, got " + std::string(j.type_name()));
    double v = j.get<double>();
    if (!std::isfinite(v)) bad(field, "must be finite");
    return v;
}

int integer(const ojson& j, const std::string& field) {
    if (!j.is_number_integer()) bad(field, "expected an integer, got " + std::string(j.type_name()));
    if (j.is_number_unsigned() && j.get<std::uint64_t>() > 1000000) bad(field, "out of range");
    auto v = j.get<std::int64_t>();
    if (v < -1000000 || v > 1000000) bad(field, "out of range");
    return int(v);
}

const ojson& object(const ojson& j, const std::string& field) {
    if (!j.is_object()) bad(field, "expected an object, got " + std::string(j.type_name()));
    return j;
}
const ojson& array(const ojson& j, const std::string& field) {
    if (!j.is_array()) bad(field, "expected an array, got " + std::string(j.type_name()));
    return j;
}
std::string string(const ojson& j, const std::string& field) {
    if (!j.is_string()) bad(field, "expected a string, got " + std::string(j.type_name()));
    return j.get<std::string>();
}

TierSet tier_set(const ojson& j, const std::string& field) {
    TierSet s{};
    array(j, field);
    for (std::size_t i = 0; i < j.size(); ++i) {
        auto f = field + "[" + std::to_string(i) + "]";
        s[std::size_t(tier_of(string(j[i], f), f))] = true;
    }
    return s;
}
TierTable tier_table(const ojson& j, const std::string& field) {
    TierTable t{};
    object(j, field);
    for (auto it = j.begin(); it != j.end(); ++it) {
        auto f = field + "." + it.key();
        t[std::size_t(tier_of(it.key(), f))] = number(it.value(), f);
    }
    return t;
}

ojson tier_set_json(const TierSet& s) {
    ojson a = ojson::array();
    for (int t = 0; t < tier_count; ++t)
        if (s[t]) a.push_back(std::string(to_string(Tier(t))));
    return a;
}
ojson tier_table_json(const TierTable& t, bool skip_zero) {
    ojson o = ojson::object();
    for (int k = 0; k < tier_count; ++k)
        if (!skip_zero || t[k] != 0) o[std::string(to_string(Tier(k)))] = t[k];
    return o;
}

void check_fit(const TierTable& t, const std::string& field) {
    for (int k = 0; k < tier_count; ++k)
        if (!(t[k] >= 0 && t[k] <= 1))
            bad(field + "." + std::string(to_string(Tier(k))), "a fit must lie in [0, 1]");
}
}  // namespace

std::string_view to_string(Move m) noexcept {
    return std::size_t(m) < move_names.size() ? move_names[std::size_t(m)] : "?";
}
std::optional<Move> parse_move(std::string_view s) noexcept {
    for (std::size_t i = 0; i < move_names.size(); ++i)
        if (move_names[i] == s) return Move(i);
    return std::nullopt;
}
std::string_view to_string(Factor f) noexcept {
    return std::size_t(f) < factor_names.size() ? factor_names[std::size_t(f)] : "?";
}

Policy Policy::defaults() {
    using T = Tier;
    Policy p;
    p.routing_tiers = tiers({T::city_center, T::city_sector, T::district, T::street, T::social, T::district_sector});
    p.max_hops = 3;
    p.horizon = 3;
    p.authorised[int(T::city_center)] = tiers({T::city_sector, T::district, T::social, T::district_sector});
    p.authorised[int(T::city_sector)] = tiers({T::city_center, T::district, T::social, T::district_sector});
    p.authorised[int(T::district)] =
        tiers({T::city_center, T::city_sector, T::district, T::street, T::social, T::district_sector});
    p.authorised[int(T::street)] = tiers({T::district, T::street, T::social, T::district_sector});
    p.authorised[int(T::community)] = tiers({T::street});
    p.authorised[int(T::social)] = tiers({T::city_sector, T::district, T::street, T::social, T::district_sector});
    p.authorised[int(T::district_sector)] =
        tiers({T::city_center, T::city_sector, T::district, T::street, T::social, T::district_sector});
    const TierTable community = table({{T::street, 1.0}, {T::district, 0.6}, {T::social, 0.6},
                                       {T::district_sector, 0.4}, {T::city_sector, 0.3}, {T::city_center, 0.2}});
    p.tier_fit = {
        {OrgType::community_org, std::nullopt, community},
        {std::nullopt, Registration::street, community},
        {std::nullopt, Registration::district,
         table({{T::district, 1.0}, {T::social, 0.8}, {T::district_sector, 0.8}, {T::city_sector, 0.7},
                {T::street, 0.4}, {T::city_center, 0.4}})},
        {std::nullopt, Registration::city,
         table({{T::city_center, 1.0}, {T::city_sector, 1.0}, {T::social, 0.8}, {T::district, 0.5},
                {T::district_sector, 0.5}, {T::street, 0.2}})},
    };
    p.service_tier_fit = {
        {"international", table({{T::city_center, 1.0}})},
        {"credit", table({{T::city_center, 1.0}})},
        {"professional", table({{T::city_sector, 1.0}, {T::district_sector, 1.0}, {T::social, 1.0}})},
        {"office", table({{T::district, 1.0}, {T::social, 1.0}})},
        {"registration", table({{T::street, 1.0}})},
    };
    p.citywide_tiers = tiers({T::city_center, T::city_sector});
    return p;
}

TierTable Policy::fit_for(OrgType type, Registration registration) const noexcept {
    for (const auto& r : tier_fit)
        if ((!r.type || *r.type == type) && (!r.registration || *r.registration == registration)) return r.fit;
    return TierTable{};
}

std::string_view Policy::area_of(Tier tier, std::string_view region) const noexcept {
    if (citywide_tiers[std::size_t(tier)]) return {};
    std::size_t level = 0;  // digits of the unit a node of this tier serves; 0: its region as given
    switch (tier) {
        case Tier::district:
        case Tier::district_sector:
        case Tier::social: level = 6; break;
        case Tier::street: level = 9; break;
        case Tier::community: level = 12; break;
        default: break;
    }
    if (level != 0 && region.size() > level && is_region_code(region)) return region.substr(0, level);
    return region;
}

void Policy::validate(const Vocabulary* vocabulary) const {
    if (max_hops < 1 || max_hops > 16) bad("max_hops", "must lie in 1..16, got " + std::to_string(max_hops));
    if (horizon < max_hops || horizon > 16)
        bad("horizon", "must lie in max_hops..16, got " + std::to_string(horizon));
    for (int f = 0; f < factor_count; ++f) {
        double w = weights.w[f];
        auto field = "weights." + std::string(to_string(Factor(f)));
        if (!std::isfinite(w)) bad(field, "must be finite");
        if (w < 0) bad(field, "must not be negative, got " + std::to_string(w));
    }
    double sum = 0;
    for (double w : weights.w) sum += w;
    if (!(sum > 0)) bad("weights", "at least one weight must be positive");
    if (sum > 1e6) bad("weights", "the weights sum to more than 1e6");
    for (std::size_t i = 0; i < tier_fit.size(); ++i)
        check_fit(tier_fit[i].fit, "tier_fit[" + std::to_string(i) + "].fit");
    if (tier_fit.empty()) bad("tier_fit", "needs at least one row");
    for (std::size_t i = 0; i < service_tier_fit.size(); ++i) {
        auto f = "service_tier_fit[" + std::to_string(i) + "]";
        check_fit(service_tier_fit[i].fit, f + ".fit");
        if (vocabulary && !vocabulary->has_service(service_tier_fit[i].service))
            bad(f + ".service", "unknown service '" + service_tier_fit[i].service + "'");
    }
    for (int t = 0; t < tier_count; ++t)
        if (!(min_credit[t] >= 0 && min_credit[t] <= 100))
            bad("min_credit." + std::string(to_string(Tier(t))), "must lie in 0..100");
    if (!(min_coverage > 0 && min_coverage <= 1)) bad("min_coverage", "must lie in (0, 1]");
    if (!(generalist_sector_fit >= 0 && generalist_sector_fit <= 1))
        bad("generalist_sector_fit", "must lie in [0, 1]");
    if (!(default_evaluation >= 0 && default_evaluation <= 100))
        bad("default_evaluation", "must lie in 0..100");
    if (!(urgent_capacity_factor >= 0 && urgent_capacity_factor <= 100))
        bad("urgent.capacity_factor", "must lie in 0..100");
    if (!(urgent_distance_factor >= 0 && urgent_distance_factor <= 100))
        bad("urgent.distance_factor", "must lie in 0..100");
    if (!(urgent_batch_bonus >= 0 && urgent_batch_bonus <= 1000))
        bad("urgent.batch_bonus", "must lie in 0..1000");
    bool any = false;
    for (bool b : routing_tiers) any |= b;
    if (!any) bad("routing_tiers", "needs at least one tier");
}

namespace {
// policy_from_json's readers of the structured members, each given the member's value `v`
// and its key `k` (the field named in errors).

void read_moves(Policy& p, const ojson& v, const std::string& k) {
    array(v, k);
    p.moves = {};
    p.to_social = false;
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto f = k + "[" + std::to_string(i) + "]";
        auto s = string(v[i], f);
        if (s == "to_social") {
            p.to_social = true;
            continue;
        }
        auto m = parse_move(s);
        if (!m) bad(f, "unknown move '" + s + "' (expected up, down, contract, consortium, referral, to_social)");
        p.moves[std::size_t(*m)] = true;
    }
}

void read_tier_fit(Policy& p, const ojson& v, const std::string& k) {
    array(v, k);
    p.tier_fit.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto f = k + "[" + std::to_string(i) + "]";
        object(v[i], f);
        TierFitRule r;
        bool has_fit = false;
        for (auto a = v[i].begin(); a != v[i].end(); ++a) {
            auto g = f + "." + a.key();
            if (a.key() == "type") {
                auto s = string(a.value(), g);
                r.type = parse_org_type(s);
                if (!r.type) bad(g, "unknown organization type '" + s + "'");
            } else if (a.key() == "registration") {
                auto s = string(a.value(), g);
                r.registration = parse_registration(s);
                if (!r.registration) bad(g, "unknown registration '" + s + "'");
            } else if (a.key() == "fit") {
                r.fit = tier_table(a.value(), g);
                has_fit = true;
            } else {
                bad(g, "unknown field");
            }
        }
        if (!has_fit) bad(f + ".fit", "missing");
        p.tier_fit.push_back(r);
    }
}

void read_service_tier_fit(Policy& p, const ojson& v, const std::string& k) {
    array(v, k);
    p.service_tier_fit.clear();
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto f = k + "[" + std::to_string(i) + "]";
        object(v[i], f);
        ServiceTierFit r;
        bool has_service = false;
        for (auto a = v[i].begin(); a != v[i].end(); ++a) {
            auto g = f + "." + a.key();
            if (a.key() == "service") {
                r.service = string(a.value(), g);
                has_service = true;
            } else if (a.key() == "fit") {
                r.fit = tier_table(a.value(), g);
            } else {
                bad(g, "unknown field");
            }
        }
        if (!has_service) bad(f + ".service", "missing");
        p.service_tier_fit.push_back(r);
    }
}

void read_weights(Policy& p, const ojson& v, const std::string& k) {
    object(v, k);
    for (auto a = v.begin(); a != v.end(); ++a) {
        auto f = k + "." + a.key();
        int idx = -1;
        for (int x = 0; x < factor_count; ++x)
            if (factor_names[x] == a.key()) idx = x;
        if (idx < 0)
            bad(f, "unknown factor (expected coverage, sector, tier, capacity, evaluation, distance, district)");
        p.weights.w[idx] = number(a.value(), f);
    }
}

void read_urgent(Policy& p, const ojson& v, const std::string& k) {
    object(v, k);
    for (auto a = v.begin(); a != v.end(); ++a) {
        auto f = k + "." + a.key();
        if (a.key() == "capacity_factor") p.urgent_capacity_factor = number(a.value(), f);
        else if (a.key() == "distance_factor") p.urgent_distance_factor = number(a.value(), f);
        else if (a.key() == "batch_bonus") p.urgent_batch_bonus = number(a.value(), f);
        else bad(f, "unknown field");
    }
}
}  // namespace

Policy policy_from_json(std::string_view text) {
    ojson j = parse_json(text, rec);
    object(j, "");
    Policy p = Policy::defaults();
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const ojson& v = it.value();
        if (k == "format") {
            if (string(v, k) != "hatchnet-referral-policy") bad(k, "expected \"hatchnet-referral-policy\"");
        } else if (k == "version") {
            if (integer(v, k) != 1) bad(k, "unsupported version (this library reads version 1)");
        } else if (k == "routing_tiers") {
            p.routing_tiers = tier_set(v, k);
        } else if (k == "max_hops") {
            p.max_hops = integer(v, k);
        } else if (k == "horizon") {
            p.horizon = integer(v, k);
        } else if (k == "moves") {
            read_moves(p, v, k);
        } else if (k == "authorised") {
            object(v, k);
            p.authorised = {};
            for (auto a = v.begin(); a != v.end(); ++a) {
                auto f = k + "." + a.key();
                p.authorised[std::size_t(tier_of(a.key(), f))] = tier_set(a.value(), f);
            }
        } else if (k == "tier_fit") {
            read_tier_fit(p, v, k);
        } else if (k == "service_tier_fit") {
            read_service_tier_fit(p, v, k);
        } else if (k == "citywide_tiers") {
            p.citywide_tiers = tier_set(v, k);
        } else if (k == "min_credit") {
            p.min_credit = tier_table(v, k);
        } else if (k == "weights") {
            read_weights(p, v, k);
        } else if (k == "min_coverage") {
            p.min_coverage = number(v, k);
        } else if (k == "generalist_sector_fit") {
            p.generalist_sector_fit = number(v, k);
        } else if (k == "default_evaluation") {
            p.default_evaluation = number(v, k);
        } else if (k == "urgent") {
            read_urgent(p, v, k);
        } else if (k == "description") {
            string(v, k);
        } else {
            bad(k, "unknown field");
        }
    }
    p.validate();
    return p;
}

std::string policy_to_json(const Policy& p) {
    std::vector<std::pair<std::string, ojson>> f;
    f.emplace_back("format", "hatchnet-referral-policy");
    f.emplace_back("version", 1);
    f.emplace_back("routing_tiers", tier_set_json(p.routing_tiers));
    f.emplace_back("max_hops", p.max_hops);
    f.emplace_back("horizon", p.horizon);
    ojson moves = ojson::array();
    for (int m = 0; m < move_count; ++m)
        if (p.moves[m]) moves.push_back(std::string(move_names[m]));
    if (p.to_social) moves.push_back("to_social");
    f.emplace_back("moves", moves);
    ojson auth = ojson::object();
    for (int t = 0; t < tier_count; ++t) auth[std::string(to_string(Tier(t)))] = tier_set_json(p.authorised[t]);
    f.emplace_back("authorised", auth);
    ojson fit = ojson::array();
    for (const auto& r : p.tier_fit) {
        ojson o = ojson::object();
        if (r.type) o["type"] = std::string(to_string(*r.type));
        if (r.registration) o["registration"] = std::string(to_string(*r.registration));
        o["fit"] = tier_table_json(r.fit, true);
        fit.push_back(o);
    }
    f.emplace_back("tier_fit", fit);
    ojson sfit = ojson::array();
    for (const auto& r : p.service_tier_fit) sfit.push_back({{"service", r.service}, {"fit", tier_table_json(r.fit, true)}});
    f.emplace_back("service_tier_fit", sfit);
    f.emplace_back("citywide_tiers", tier_set_json(p.citywide_tiers));
    f.emplace_back("min_credit", tier_table_json(p.min_credit, true));
    ojson w = ojson::object();
    for (int x = 0; x < factor_count; ++x) w[std::string(factor_names[x])] = p.weights.w[x];
    f.emplace_back("weights", w);
    f.emplace_back("min_coverage", p.min_coverage);
    f.emplace_back("generalist_sector_fit", p.generalist_sector_fit);
    f.emplace_back("default_evaluation", p.default_evaluation);
    f.emplace_back("urgent", ojson{{"capacity_factor", p.urgent_capacity_factor},
                                   {"distance_factor", p.urgent_distance_factor},
                                   {"batch_bonus", p.urgent_batch_bonus}});
    std::string s = "{\n";
    for (std::size_t i = 0; i < f.size(); ++i) {
        s += "\"" + f[i].first + "\":" + f[i].second.dump();
        s += i + 1 < f.size() ? ",\n" : "\n";
    }
    s += "}\n";
    return s;
}

}  // namespace hatchnet::referral
