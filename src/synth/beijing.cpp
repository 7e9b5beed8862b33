// The Beijing dataset generator: see hatchnet/synth/beijing.hpp and docs/datasets.md.
//
// Sources of the embedded figures (also in shared/data/README.md):
//   * district codes and names: GB/T 2260 administrative division codes;
//   * street-level units by kind per district (349): National Bureau of Statistics (NBS)
//     statistical division codes, data as of 2022-10-31;
//   * the 349 units' codes and names: the same NBS table (shared/data/nbs-divisions/
//     streets.csv, public facts redistributed under the WTFPL), embedded in beijing_units.inc
//     with a pinyin romanisation of each name, generated once offline (pypinyin) by
//     make_beijing_units.py; district pinyin: shared/data/beijing-districts.csv;
//   * residents' committees (3,080) and village committees (3,926) per district: NBS 2016
//     statistical division codes;
//   * resident population per district: 7th national census, 1 Nov 2020
//     (北京市第七次全国人口普查公报 第二号), total 21,893,095;
//   * registered social organizations: 12,858 in November 2021, 4,449 at city level, 238
//     rated 5A (China NPO network, 2021); social associations: 4,346 (Blue Book of Social
//     Organizations 2023); foundations: 805 registered locally (2020 annual reports);
//   * community social organizations filed: 71,325 in 2022; the 2021 civil-affairs plan's
//     target of at least 15 per urban and 8 per rural community shapes their spread;
//   * Changping's district incubation base: opened April 2018, about 2,000 m², 32 resident
//     organizations at the start.
// District centroids are rough coordinates of each district's area, for plausible maps only.
//
// Determinism: everything is drawn from std::mt19937_64 through integer arithmetic only
// (detail::Rng, src/detail/rng.hpp); each part of the network (regions, incubators, relations,
// organizations) has its own stream so that, e.g., the organizations' scale does not move
// any incubator.
#include "hatchnet/synth/beijing.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "hatchnet/error.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/limits.hpp"

#include "../detail/apportion.hpp"
#include "../detail/format.hpp"
#include "../detail/rng.hpp"

namespace hatchnet::synth {

namespace {

using detail::apportion;
using detail::cumulative;
using detail::pad;
using detail::Rng;

// ------------------------------------------------------------------ the public figures

struct DistrictFigures {
    const char* code;
    const char* name;
    const char* pinyin;
    int streets, area_offices, towns, townships, zones;   // NBS 2022 (units: 349)
    int residents_committees, village_committees;         // NBS 2016
    std::int64_t population;                               // census 2020
    int lat_e4, lon_e4, radius_e4;                         // rough centroid and extent
    bool core;                                             // 城六区: the six urban districts
    int social_incubators;                                 // synthetic: a few dozen, mostly urban
};

// clang-format off
constexpr std::array<DistrictFigures, 16> districts{{
    {"110101", "东城区",   "Dongcheng",   17,  0,  0, 0, 0, 182,   0,  708829, 399288, 1164163,  200, true,  4},
    {"110102", "西城区",   "Xicheng",     15,  0,  0, 0, 0, 261,   0, 1106214, 399122, 1163660,  200, true,  4},
    {"110105", "朝阳区",   "Chaoyang",    24, 19,  0, 0, 0, 444, 153, 3452460, 399482, 1164867,  700, true,  7},
    {"110106", "丰台区",   "Fengtai",     24,  0,  2, 0, 0, 325,  64, 2019764, 398584, 1162870,  700, true,  3},
    {"110107", "石景山区", "Shijingshan",  9,  0,  0, 0, 0, 149,   0,  567851, 399146, 1161955,  300, true,  2},
    {"110108", "海淀区",   "Haidian",     22,  7,  0, 0, 0, 570,  84, 3133469, 399930, 1162658,  800, true,  6},
    {"110109", "门头沟区", "Mentougou",    4,  3,  6, 0, 0, 124, 175,  392606, 399806, 1158560, 1500, false, 0},
    {"110111", "房山区",   "Fangshan",     8,  3, 11, 6, 0, 145, 461, 1312778, 397263, 1158873, 1800, false, 1},
    {"110112", "通州区",   "Tongzhou",    11,  0, 10, 1, 0, 117, 470, 1840295, 398022, 1167287, 1200, false, 2},
    {"110113", "顺义区",   "Shunyi",       6,  7, 12, 0, 0, 119, 426, 1324044, 401307, 1166938, 1300, false, 1},
    {"110114", "昌平区",   "Changping",    8,  4, 10, 0, 0, 220, 301, 2269487, 402204, 1162318, 1500, false, 2},
    {"110115", "大兴区",   "Daxing",       8,  5,  9, 0, 4, 205, 527, 1993591, 396582, 1164116, 1300, false, 2},
    {"110116", "怀柔区",   "Huairou",      2,  3,  9, 2, 1,  36, 284,  441040, 405820, 1165530, 2000, false, 0},
    {"110117", "平谷区",   "Pinggu",       2,  4, 10, 2, 0,  38, 271,  457313, 401806, 1171417, 1000, false, 0},
    {"110118", "密云区",   "Miyun",        2,  1, 17, 0, 1,  99, 334,  527683, 404988, 1169398, 2000, false, 1},
    {"110119", "延庆区",   "Yanqing",      3,  0, 11, 4, 0,  46, 376,  345671, 405112, 1161057, 1800, false, 0},
}};
// clang-format on

constexpr std::int64_t beijing_population = 21893095;
constexpr std::int64_t registered_total = 12858, registered_city = 4449, associations = 4346,
                       foundations = 805, rated_5a = 238, community_orgs = 71325;
// Assumed split of the 4,449 city-level registrations: every foundation (foundations are
// registered at the city level in Beijing), 1,900 associations, the rest service orgs.
constexpr std::int64_t city_associations = 1900;

/// A published count at `scale` (the organizations generator's rounding).
std::int64_t scaled_count(std::int64_t n, double scale) { return std::int64_t(std::llround(double(n) * scale)); }

// Beijing's rough bounding box, to keep jittered coordinates inside the city.
constexpr int lat_min_e4 = 394500, lat_max_e4 = 410500, lon_min_e4 = 1154300, lon_max_e4 = 1175000;

enum UnitKind { k_street, k_area_office, k_town, k_township, k_zone, k_kinds };
constexpr std::array<const char*, k_kinds> kind_ids{"street", "area_office", "town", "township", "zone"};

// Beijing's 349 street-level units, real codes and names (NBS, data as of 2022-10-31), in
// code order, with their pinyin. Within a district the codes are not contiguous
// (110102001, 003, 007, ...): the NBS numbering keeps the gaps of merged or dissolved units.
struct UnitFigures {
    const char* code;
    const char* name;
    const char* pinyin;
};
constexpr UnitFigures unit_table[] = {
#include "beijing_units.inc"
};
static_assert(sizeof(unit_table) / sizeof(unit_table[0]) == 349, "Beijing has 349 street-level units");

/// A unit's kind as the division importer reads it (io::street_kind: the 7th digit of the
/// code, 0 street or area office by a name ending in 地区, 1 town, 2-3 township, 4-9 zone).
int unit_kind(std::string_view code, std::string_view name) {
    const std::string k = io::street_kind(code, name);
    for (int i = 0; i < k_kinds; ++i)
        if (k == kind_ids[std::size_t(i)]) return i;
    throw solver_error("beijing: unknown kind " + k + " of unit " + std::string(code));
}
// Relative numbers of residents' / village committees a unit of each kind holds (synthetic).
constexpr std::array<std::uint64_t, k_kinds> rc_weight{100, 60, 25, 6, 15};
constexpr std::array<std::uint64_t, k_kinds> vc_weight{4, 50, 100, 100, 10};

// Sector mix (permille-like weights) of registered and of community social organizations.
struct SectorWeight {
    const char* id;
    std::uint64_t registered, community;
};
constexpr std::array<SectorWeight, 10> sector_weights{{
    {"elder_care", 110, 180},  {"youth", 80, 80},        {"disability", 50, 30},
    {"culture", 160, 280},     {"environment", 60, 60},  {"education", 180, 20},
    {"health", 90, 40},        {"poverty_relief", 90, 10}, {"community_service", 100, 270},
    {"legal_aid", 40, 30},
}};
// Names of community social organizations by sector, in the order of sector_weights
// (synthetic but typical).
constexpr std::array<const char*, 10> cso_words{"助老服务队", "青少年活动队", "助残志愿队", "文艺队",
                                                "环保志愿队", "读书会",     "健康促进队", "爱心帮扶队",
                                                "邻里互助队", "人民调解小组"};
constexpr std::array<const char*, 8> social_names{"启航", "恒益", "明德", "同心", "众善", "乐群", "悦邻", "汇智"};

// ------------------------------------------------------------------ generation

struct Unit {                      // a street-level unit
    std::string code, name, pinyin;
    int kind = k_street;
    std::size_t district = 0;
    std::vector<std::size_t> communities;   // indexes into Gen::comms
    std::int64_t population = 0;
};
struct Community {
    std::string code, name;
    bool village = false;
    std::size_t unit = 0;
    std::int64_t population = 0;
    bool station = false;
};

std::string short_name(const std::string& vocab_name, const std::string& id) {
    auto sp = vocab_name.find(' ');
    if (vocab_name.empty()) return id;
    return sp == std::string::npos ? vocab_name : vocab_name.substr(0, sp);
}

std::string strip_suffix(const std::string& s, std::string_view suffix) {
    if (s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
        return s.substr(0, s.size() - suffix.size());
    return s;
}

struct Gen {
    const BeijingOptions& opt;
    Network net;
    std::vector<Unit> units;
    std::vector<Community> comms;
    std::vector<std::vector<std::size_t>> district_units;
    std::vector<std::string> sectors;            // sector ids of the vocabulary
    std::vector<std::string> sector_zh;          // their short Chinese names
    std::vector<std::vector<std::size_t>> district_social;  // node indexes of social incubators
    std::set<std::tuple<std::string, std::string, int>> edge_seen;

    ProgressTicker tick;

    explicit Gen(const BeijingOptions& o) : opt(o), tick(o.progress) {}

    std::uint64_t seed() const { return opt.seed; }

    // ---------------------------------------------------------------- regions
    void regions() {
        Rng rng = Rng::stream(seed(), 1);
        net.regions.push_back({"11", "北京市", "province", beijing_population, "Beijing"});
        district_units.resize(districts.size());
        for (std::size_t d = 0; d < districts.size(); ++d) {
            const auto& f = districts[d];
            const std::string dname = f.name;
            // the district's real units in code order; their numbers by kind must be the
            // published ones
            std::array<int, k_kinds> count{};
            for (const auto& t : unit_table) {
                if (std::string_view(t.code).substr(0, 6) != f.code) continue;
                Unit u;
                u.code = t.code;
                u.name = t.name;
                u.pinyin = t.pinyin;
                u.kind = unit_kind(t.code, t.name);
                u.district = d;
                ++count[std::size_t(u.kind)];
                district_units[d].push_back(units.size());
                units.push_back(std::move(u));
            }
            if (count != std::array<int, k_kinds>{f.streets, f.area_offices, f.towns, f.townships, f.zones})
                throw solver_error(std::string("beijing: the unit table disagrees with the counts by kind of ") +
                                   f.code);
            const auto& du = district_units[d];
            // committees per unit: apportioned by kind weight with jitter
            std::vector<std::uint64_t> wr(du.size()), wv(du.size());
            for (std::size_t i = 0; i < du.size(); ++i) {
                int k = units[du[i]].kind;
                wr[i] = rc_weight[std::size_t(k)] * std::uint64_t(rng.between(70, 130));
                wv[i] = vc_weight[std::size_t(k)] * std::uint64_t(rng.between(70, 130));
            }
            auto rc = apportion(f.residents_committees, wr);
            auto vc = apportion(f.village_committees, wv);
            // every unit gets at least one committee: take one from the unit with the most
            for (std::size_t i = 0; i < du.size(); ++i) {
                if (rc[i] + vc[i] > 0) continue;
                auto& v = f.residents_committees > 0 ? rc : vc;
                std::size_t big = std::size_t(std::max_element(v.begin(), v.end()) - v.begin());
                if (v[big] < 2) throw solver_error("beijing: fewer committees than units");
                --v[big];
                ++v[i];
            }
            for (std::size_t i = 0; i < du.size(); ++i)
                if (rc[i] > 199 || vc[i] > 200)
                    throw solver_error("beijing: too many committees in one unit for 3-digit codes");
            // communities and their population
            std::vector<std::uint64_t> wp;
            std::vector<std::size_t> dcomms;
            for (std::size_t i = 0; i < du.size(); ++i) {
                Unit& u = units[du[i]];
                for (int v = 0; v < 2; ++v) {
                    std::int64_t n = v ? vc[i] : rc[i];
                    for (std::int64_t j = 1; j <= n; ++j) {
                        Community c;
                        c.code = u.code + pad(v ? 199 + j : j, 3);
                        c.name = u.name + "第" + std::to_string(j) + (v ? "村委会" : "社区居委会");
                        c.village = v;
                        c.unit = du[i];
                        u.communities.push_back(comms.size());
                        dcomms.push_back(comms.size());
                        wp.push_back((v ? 30u : 100u) * std::uint64_t(rng.between(60, 140)));
                        comms.push_back(std::move(c));
                    }
                }
            }
            auto pop = apportion(f.population, wp);
            for (std::size_t j = 0; j < dcomms.size(); ++j) {
                comms[dcomms[j]].population = pop[j];
                units[comms[dcomms[j]].unit].population += pop[j];
            }
            // community service stations: every residents' committee, half the villages
            // of each unit (rounded up), chosen at random
            for (std::size_t i = 0; i < du.size(); ++i) {
                std::vector<std::size_t> villages;
                for (auto c : units[du[i]].communities) {
                    if (comms[c].village) villages.push_back(c);
                    else comms[c].station = true;
                }
                rng.shuffle(villages);
                for (std::size_t j = 0; j < (villages.size() + 1) / 2; ++j) comms[villages[j]].station = true;
            }
            // region table: district, then each unit followed by its communities (= code order)
            net.regions.push_back({f.code, dname, "district", f.population, f.pinyin});
            for (auto ui : du) {
                const Unit& u = units[ui];
                net.regions.push_back({u.code, u.name, kind_ids[std::size_t(u.kind)], u.population, u.pinyin});
                for (auto c : u.communities)
                    net.regions.push_back({comms[c].code, comms[c].name,
                                           comms[c].village ? "village_committee" : "residents_committee",
                                           comms[c].population});
            }
        }
    }

    // ---------------------------------------------------------------- nodes
    std::vector<std::string> services_sorted(std::vector<std::string> s) const {
        const auto& voc = net.vocabulary.services;
        auto rank = [&](const std::string& id) {
            for (std::size_t i = 0; i < voc.size(); ++i)
                if (voc[i].id == id) return i;
            return voc.size();
        };
        std::sort(s.begin(), s.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
        s.erase(std::unique(s.begin(), s.end()), s.end());
        return s;
    }
    std::vector<std::string> sectors_sorted(std::vector<std::string> s) const {
        auto rank = [&](const std::string& id) {
            return std::size_t(std::find(sectors.begin(), sectors.end(), id) - sectors.begin());
        };
        std::sort(s.begin(), s.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
        s.erase(std::unique(s.begin(), s.end()), s.end());
        return s;
    }
    void add_optional(Rng& rng, std::vector<std::string>& out, std::initializer_list<const char*> ids,
                      int permille) {
        for (const char* id : ids)
            if (rng.permille(permille)) out.emplace_back(id);
    }
    void place(Rng& rng, Node& n, std::size_t d, int radius_share) {
        const auto& f = districts[d];
        int r = f.radius_e4 * radius_share / 100;
        auto lat = std::clamp<std::int64_t>(f.lat_e4 + rng.between(-r, r), lat_min_e4, lat_max_e4);
        auto lon = std::clamp<std::int64_t>(f.lon_e4 + rng.between(-r, r), lon_min_e4, lon_max_e4);
        n.lat = double(lat) / 1e4;
        n.lon = double(lon) / 1e4;
    }
    void fill(Rng& rng, Node& n, std::int64_t capacity, bool scored) {
        n.capacity = capacity;
        n.occupied = capacity * rng.between(45, 92) / 100;
        n.capacity_updated = "2021-12-31";
        if (scored) n.score = double(std::clamp<std::int64_t>(800 + rng.bell(300), 0, 1000)) / 10.0;
    }

    std::vector<std::uint64_t> cum_registered, cum_community;   // sector weights, cumulative
    std::vector<std::string> cso_word;                          // per vocabulary sector

    void sector_tables() {
        for (const auto& t : net.vocabulary.sectors) {
            sectors.push_back(t.id);
            sector_zh.push_back(short_name(t.name, t.id));
        }
        std::vector<std::uint64_t> wr, wc;
        for (const auto& s : sectors) {
            std::uint64_t r = 1, c = 1;
            std::string word = "志愿服务队";
            for (std::size_t i = 0; i < sector_weights.size(); ++i)
                if (s == sector_weights[i].id) {
                    r = sector_weights[i].registered;
                    c = sector_weights[i].community;
                    word = cso_words[i];
                }
            wr.push_back(r);
            wc.push_back(c);
            cso_word.push_back(word);
        }
        cum_registered = cumulative(wr);
        cum_community = cumulative(wc);
    }

    std::size_t pick_sector(Rng& rng, bool community) {
        return rng.pick(community ? cum_community : cum_registered);
    }

    // The incubators, tier by tier (one stream: the order of the steps is the order of the
    // draws), then a few of them made full.
    void nodes() {
        Rng rng = Rng::stream(seed(), 2);
        auto has_sector = [&](const char* id) { return net.vocabulary.has_sector(id); };
        const std::string community_service = has_sector("community_service") ? "community_service" : sectors.front();
        center_node(rng);
        sector_nodes(rng);
        district_nodes(rng);
        street_nodes(rng, community_service);
        station_nodes(rng, community_service);
        social_nodes(rng);
        full_nodes(rng);
    }

    // the city center (the "dragon head")
    void center_node(Rng& rng) {
        Node n;
        n.id = "center-11";
        n.name = "北京市社会组织发展服务中心";
        n.tier = Tier::city_center;
        n.region = "11";
        n.sectors = sectors;
        n.services = services_sorted({"office", "venue", "funds", "project_matching", "training",
                                      "mentoring", "legal", "accounting", "registration", "policy",
                                      "party_building", "information", "credit", "international"});
        fill(rng, n, 300, true);
        n.lat = 39.9042;
        n.lon = 116.4074;
        n.attributes = R"({"role":"dragon_head"})";
        net.nodes.push_back(std::move(n));
    }

    // one sector platform per sector of the vocabulary
    void sector_nodes(Rng& rng) {
        for (std::size_t s = 0; s < sectors.size(); ++s) {
            Node n;
            n.id = "sector-" + sectors[s];
            n.name = "北京市" + sector_zh[s] + "社会组织孵化基地";
            n.tier = Tier::city_sector;
            n.region = "11";
            n.sectors = {sectors[s]};
            std::vector<std::string> sv{"training", "mentoring", "policy", "project_matching", "information"};
            add_optional(rng, sv, {"funds", "venue", "legal"}, 450);
            n.services = services_sorted(sv);
            fill(rng, n, rng.between(60, 120), true);
            place(rng, n, std::size_t(rng.below(6)), 60);   // sector bodies sit in the urban core
            net.nodes.push_back(std::move(n));
        }
    }

    // one incubator per district
    void district_nodes(Rng& rng) {
        for (std::size_t d = 0; d < districts.size(); ++d) {
            const auto& f = districts[d];
            Node n;
            n.id = std::string("district-") + f.code;
            n.name = std::string(f.name) + "社会组织发展服务中心";
            n.tier = Tier::district;
            n.region = f.code;
            n.sectors = sectors;    // district platforms are comprehensive
            std::vector<std::string> sv{"office", "venue", "training", "mentoring", "policy",
                                        "party_building", "project_matching", "information", "registration"};
            add_optional(rng, sv, {"funds", "legal", "accounting", "volunteers"}, 500);
            n.services = services_sorted(sv);
            std::int64_t cap = (40 + f.population / 50000) * rng.between(90, 110) / 100;
            fill(rng, n, cap, true);
            place(rng, n, d, 25);
            n.attributes = std::string(R"({"pinyin":")") + f.pinyin + "\"}";
            if (std::string_view(f.code) == "110114") {
                n.name = "昌平区社会组织孵化基地";
                n.attributes = R"({"area_m2":2000,"opened":"2018-04","pinyin":"Changping","resident_at_opening":32})";
            }
            net.nodes.push_back(std::move(n));
        }
    }

    // one incubator per street-level unit
    void street_nodes(Rng& rng, const std::string& community_service) {
        for (const auto& u : units) {
            Node n;
            n.id = "street-" + u.code;
            n.name = u.name + "社会组织服务中心";
            n.tier = Tier::street;
            n.region = u.code;
            std::vector<std::string> sc{community_service};
            int extra = int(rng.between(1, 2));
            for (int i = 0; i < extra; ++i) sc.push_back(sectors[pick_sector(rng, true)]);
            n.sectors = sectors_sorted(sc);
            std::vector<std::string> sv{"venue", "funds", "volunteers", "registration", "party_building"};
            add_optional(rng, sv, {"training"}, 400);
            add_optional(rng, sv, {"information"}, 300);
            n.services = services_sorted(sv);
            fill(rng, n, 15 + std::int64_t(u.communities.size()) / 2 + rng.between(0, 15), true);
            place(rng, n, u.district, 85);
            net.nodes.push_back(std::move(n));
        }
    }

    // community service stations
    void station_nodes(Rng& rng, const std::string& community_service) {
        for (const auto& c : comms) {
            if (!c.station) continue;
            Node n;
            n.id = "community-" + c.code;
            n.name = strip_suffix(strip_suffix(c.name, "居委会"), "委会") + "服务站";
            n.tier = Tier::community;
            n.region = c.code;
            std::vector<std::string> sc{community_service};
            if (rng.permille(300)) sc.push_back(sectors[pick_sector(rng, true)]);
            n.sectors = sectors_sorted(sc);
            std::vector<std::string> sv{"venue"};
            add_optional(rng, sv, {"volunteers"}, 600);
            add_optional(rng, sv, {"party_building"}, 300);
            n.services = services_sorted(sv);
            fill(rng, n, rng.between(5, 20), false);
            place(rng, n, units[c.unit].district, 95);
            net.nodes.push_back(std::move(n));
        }
    }

    // social-force incubators, based in a street (not a town) of their district where there is one
    void social_nodes(Rng& rng) {
        district_social.resize(districts.size());
        for (std::size_t d = 0; d < districts.size(); ++d) {
            std::vector<std::size_t> urban;
            for (auto ui : district_units[d])
                if (units[ui].kind == k_street) urban.push_back(ui);
            if (urban.empty()) urban = district_units[d];
            for (int i = 0; i < districts[d].social_incubators; ++i) {
                const Unit& u = units[urban[rng.below(urban.size())]];
                district_social[d].push_back(net.nodes.size());
                net.nodes.push_back(social_node(rng, d, i, u));
            }
        }
    }

    // the i-th social incubator of district d, in unit u
    Node social_node(Rng& rng, std::size_t d, int i, const Unit& u) {
        const auto& f = districts[d];
        Node n;
        n.id = std::string("social-") + f.code + "-" + std::to_string(i + 1);
        n.name = std::string(f.name) + social_names[std::size_t(i) % social_names.size()] + "社会组织孵化园";
        n.tier = Tier::social;
        n.op = Operator::social;
        n.region = u.code;
        std::vector<std::string> sc;
        int k = int(rng.between(1, 3));
        for (int j = 0; j < k; ++j) sc.push_back(sectors[pick_sector(rng, false)]);
        n.sectors = sectors_sorted(sc);
        std::vector<std::string> sv{"office", "mentoring", "training"};
        std::vector<std::string> more{"project_matching", "funds", "legal", "accounting", "venue", "volunteers"};
        rng.shuffle(more);
        int m = int(rng.between(2, 3));
        sv.insert(sv.end(), more.begin(), more.begin() + m);
        n.services = services_sorted(sv);
        fill(rng, n, rng.between(20, 80), true);
        place(rng, n, d, 40);
        return n;
    }

    // a few incubators deliberately without headroom (occupied == capacity):
    // 1 sector platform, 2 districts, 8 streets, 10 community stations, 2 social ones
    void full_nodes(Rng& rng) {
        const std::array<std::pair<Tier, int>, 5> full{{{Tier::city_sector, 1}, {Tier::district, 2},
                                                       {Tier::street, 8}, {Tier::community, 10},
                                                       {Tier::social, 2}}};
        for (auto [tier, count] : full) {
            std::vector<std::size_t> idx;
            for (std::size_t i = 0; i < net.nodes.size(); ++i)
                if (net.nodes[i].tier == tier) idx.push_back(i);
            rng.shuffle(idx);
            for (int i = 0; i < count && std::size_t(i) < idx.size(); ++i) {
                auto& n = net.nodes[idx[std::size_t(i)]];
                n.occupied = n.capacity;
            }
        }
    }

    // ---------------------------------------------------------------- edges
    void edge(const std::string& from, const std::string& to, Relation r, std::string note = {}) {
        if (!edge_seen.emplace(from, to, int(r)).second) return;
        Edge e;
        e.from = from;
        e.to = to;
        e.type = r;
        e.note = std::move(note);
        net.edges.push_back(std::move(e));
    }

    void edges() {
        Rng rng = Rng::stream(seed(), 3);
        const std::string center = "center-11";
        auto did = [](std::size_t d) { return std::string("district-") + districts[d].code; };
        // guidance: city center -> districts; sector platforms -> districts and social ones
        for (std::size_t d = 0; d < districts.size(); ++d) edge(center, did(d), Relation::guidance);
        for (const auto& s : sectors)
            for (std::size_t d = 0; d < districts.size(); ++d)
                edge("sector-" + s, did(d), Relation::guidance);
        for (std::size_t d = 0; d < districts.size(); ++d)
            for (auto ni : district_social[d])
                for (const auto& s : net.nodes[ni].sectors)
                    if (rng.permille(600)) edge("sector-" + s, net.nodes[ni].id, Relation::guidance);
        // guidance: district -> street -> community station
        for (const auto& u : units) edge(did(u.district), "street-" + u.code, Relation::guidance);
        for (const auto& c : comms)
            if (c.station) edge("street-" + units[c.unit].code, "community-" + c.code, Relation::guidance);

        // contracts (契约化): districts and streets buy services from social incubators;
        // urban–rural pairing of districts (synthetic pairs)
        for (std::size_t d = 0; d < districts.size(); ++d) {
            const auto& du = district_units[d];
            for (auto ni : district_social[d]) {
                const std::string& sid = net.nodes[ni].id;
                edge(did(d), sid, Relation::contract, "政府购买孵化服务 purchase of incubation services");
                int k = int(rng.between(1, 2));
                for (int j = 0; j < k; ++j)
                    edge("street-" + units[du[rng.below(du.size())]].code, sid, Relation::contract,
                         "街道购买服务 street purchase of services");
            }
            // two neighbouring streets share venues by contract
            if (du.size() >= 2) {
                std::size_t a = rng.below(du.size() - 1);
                edge("street-" + units[du[a]].code, "street-" + units[du[a + 1]].code, Relation::contract,
                     "场地共享 shared venues");
            }
        }
        const std::array<std::pair<int, int>, 6> pairs{{{0, 15}, {1, 12}, {2, 14}, {3, 7}, {4, 6}, {5, 13}}};
        for (auto [a, b] : pairs)
            edge(did(std::size_t(a)), did(std::size_t(b)), Relation::contract, "城乡结对 urban-rural pairing");

        // consortia (服务资源联合体): the city-level one, and one per district with 2+ social incubators
        for (const auto& s : sectors) edge(center, "sector-" + s, Relation::consortium, "市级服务资源联合体");
        for (std::size_t d = 0; d < districts.size(); ++d) {
            if (district_social[d].size() < 2) continue;
            std::string note = std::string(districts[d].name) + "服务资源联合体";
            for (auto ni : district_social[d]) edge(did(d), net.nodes[ni].id, Relation::consortium, note);
            const auto& du = district_units[d];
            for (int j = 0; j < 2; ++j)
                edge(did(d), "street-" + units[du[rng.below(du.size())]].code, Relation::consortium, note);
        }

        // referrals (转介) along typical paths: station -> street -> district -> sector / social
        for (std::size_t d = 0; d < districts.size(); ++d) {
            const auto& du = district_units[d];
            for (int j = 0; j < 3; ++j)
                edge("street-" + units[du[rng.below(du.size())]].code, did(d), Relation::referral,
                     "上转 escalation of a specialised need");
            for (int j = 0; j < 2; ++j)
                edge(did(d), "sector-" + sectors[rng.below(sectors.size())], Relation::referral,
                     "专业转介 referral to a sector platform");
            if (!district_social[d].empty()) {
                const std::string& sid = net.nodes[district_social[d][rng.below(district_social[d].size())]].id;
                edge(did(d), sid, Relation::referral, "专业转介 referral to a social incubator");
                edge("street-" + units[du[rng.below(du.size())]].code, sid, Relation::referral,
                     "专业转介 referral to a social incubator");
            }
            std::vector<std::size_t> stations;
            for (auto ui : du)
                for (auto c : units[ui].communities)
                    if (comms[c].station) stations.push_back(c);
            for (int j = 0; j < 2 && !stations.empty(); ++j) {
                const auto& c = comms[stations[rng.below(stations.size())]];
                edge("community-" + c.code, "street-" + units[c.unit].code, Relation::referral,
                     "上转 first contact refers upward");
            }
        }
    }

    // ---------------------------------------------------------------- organizations
    std::int64_t scaled(std::int64_t n) const { return scaled_count(n, opt.scale); }

    // Registered organizations (by batch of type and registration level), the 5A ratings
    // among them, then community social organizations: one stream, in this order.
    void organizations() {
        if (!opt.include_organizations) return;
        Rng rng = Rng::stream(seed(), 4);
        registered_organizations(rng);
        rate_5a(rng);
        community_organizations(rng);
    }

    // Where registered organizations are drawn: district weights (organizations concentrate
    // in the urban core) for city- and district-level ones, street weights per district, and
    // every social incubator.
    struct OrgPlaces {
        std::vector<std::uint64_t> c_city, c_dist;
        std::vector<std::vector<std::uint64_t>> c_unit;
        std::vector<std::size_t> all_social;
    };
    OrgPlaces org_places() const {
        OrgPlaces p;
        std::vector<std::uint64_t> w_city, w_dist;
        for (const auto& f : districts) {
            w_city.push_back(std::uint64_t(f.population) * (f.core ? 20 : 10) / 100);
            w_dist.push_back(std::uint64_t(f.population) * (f.core ? 13 : 10) / 100);
        }
        p.c_city = cumulative(w_city);
        p.c_dist = cumulative(w_dist);
        p.c_unit.resize(districts.size());
        for (std::size_t d = 0; d < districts.size(); ++d) {
            std::vector<std::uint64_t> w;
            for (auto ui : district_units[d]) w.push_back(std::uint64_t(units[ui].population) + 1);
            p.c_unit[d] = cumulative(w);
        }
        for (const auto& v : district_social) p.all_social.insert(p.all_social.end(), v.begin(), v.end());
        return p;
    }

    struct OrgBatch {
        OrgType type;
        Registration reg;
        std::int64_t count;
    };

    void registered_organizations(Rng& rng) {
        const std::int64_t total = scaled(registered_total), n_found = scaled(foundations),
                           n_assoc = std::min(scaled(associations), total - n_found),
                           n_city = std::min(scaled(registered_city), total),
                           n_city_assoc = std::min(scaled(city_associations), n_assoc);
        const std::int64_t n_service = total - n_assoc - n_found;
        const std::int64_t n_city_service = std::clamp<std::int64_t>(n_city - n_found - n_city_assoc, 0, n_service);
        const OrgPlaces places = org_places();
        const std::array<OrgBatch, 5> batches{{{OrgType::foundation, Registration::city, n_found},
                                               {OrgType::association, Registration::city, n_city_assoc},
                                               {OrgType::service_org, Registration::city, n_city_service},
                                               {OrgType::association, Registration::district, n_assoc - n_city_assoc},
                                               {OrgType::service_org, Registration::district,
                                                n_service - n_city_service}}};
        std::int64_t serial = 0;
        const int width = std::max<int>(5, int(std::to_string(total).size()));
        net.organizations.reserve(std::size_t(total + scaled(community_orgs)));
        for (const auto& b : batches) {
            for (std::int64_t i = 0; i < b.count; ++i) {
                net.organizations.push_back(registered_org(rng, b, ++serial, width, places));
                tick.tick(std::int64_t(net.organizations.size()));
            }
        }
    }

    Organization registered_org(Rng& rng, const OrgBatch& b, std::int64_t serial, int width, const OrgPlaces& places) {
        static const std::array<std::vector<const char*>, 3> type_words{
            std::vector<const char*>{"协会", "促进会", "联合会", "研究会"},
            std::vector<const char*>{"服务中心", "社会工作事务所", "发展中心"},
            std::vector<const char*>{"公益基金会", "慈善基金会"}};
        Organization o;
        o.id = "so-" + pad(serial, width);
        o.type = b.type;
        o.registration = b.reg;
        bool city = b.reg == Registration::city;
        std::size_t d = rng.pick(city ? places.c_city : places.c_dist);
        const Unit& u = units[district_units[d][rng.pick(places.c_unit[d])]];
        o.region = u.code;
        std::size_t s1 = pick_sector(rng, false);
        std::vector<std::string> sc{sectors[s1]};
        if (rng.permille(300)) sc.push_back(sectors[pick_sector(rng, false)]);
        o.sectors = sectors_sorted(sc);
        int st = int(rng.below(1000));
        int founding = b.type == OrgType::foundation ? 100 : 200;
        o.stage = st < founding ? Stage::founding : st < 600 ? Stage::growing : Stage::mature;
        o.credit = double(std::clamp<std::int64_t>(780 + rng.bell(400), 0, 1000)) / 10.0;
        const auto& words = type_words[b.type == OrgType::association ? 0 : b.type == OrgType::service_org ? 1 : 2];
        o.name = (city ? std::string("北京市") : std::string(districts[d].name)) + sector_zh[s1] +
                 words[rng.below(words.size())] + std::to_string(serial);
        o.home = registered_home(rng, city, d, s1, places);
        return o;
    }

    // home: district-level ones at their district incubator (15 % at a social incubator of
    // the district); city-level ones at their sector's platform (65 %) or a social incubator
    // of their district (35 %) — in a district with none, at the sector's platform too, since
    // a social incubator serves only its own district (referral::Policy::area_of)
    std::string registered_home(Rng& rng, bool city, std::size_t d, std::size_t s1, const OrgPlaces& places) {
        if (!city) {
            if (!district_social[d].empty() && rng.permille(150))
                return net.nodes[district_social[d][rng.below(district_social[d].size())]].id;
            return std::string("district-") + districts[d].code;
        }
        if (rng.permille(650) || places.all_social.empty()) return "sector-" + sectors[s1];
        if (district_social[d].empty()) {
            // the draw that once picked a social incubator elsewhere is still made, so that
            // every other record of the dataset stays byte-identical
            (void)rng.below(places.all_social.size());
            return "sector-" + sectors[s1];
        }
        return net.nodes[district_social[d][rng.below(district_social[d].size())]].id;
    }

    // 238 (scaled) rated 5A: drawn among the mature registered organizations
    void rate_5a(Rng& rng) {
        std::vector<std::size_t> mature;
        for (std::size_t i = 0; i < net.organizations.size(); ++i)
            if (net.organizations[i].stage == Stage::mature) mature.push_back(i);
        rng.shuffle(mature);
        std::int64_t n5a = std::min<std::int64_t>(scaled(rated_5a), std::int64_t(mature.size()));
        for (std::int64_t i = 0; i < n5a; ++i) {
            auto& o = net.organizations[mature[std::size_t(i)]];
            o.attributes = R"({"rating":"5A"})";
            o.credit = std::max(o.credit, double(rng.between(900, 1000)) / 10.0);
        }
    }

    // community social organizations: 71,325 (scaled) over the communities, in proportion
    // to the 2023 target (15 per urban, 8 per rural community) tempered by the community's
    // population; filed at the street, homed at the street incubator
    void community_organizations(Rng& rng) {
        std::vector<std::int64_t> mean(2, 0), cnt(2, 0);
        for (const auto& c : comms) { mean[c.village] += c.population; ++cnt[c.village]; }
        for (int v = 0; v < 2; ++v) mean[std::size_t(v)] = cnt[std::size_t(v)] ? std::max<std::int64_t>(1, mean[std::size_t(v)] / cnt[std::size_t(v)]) : 1;
        std::vector<std::uint64_t> w;
        w.reserve(comms.size());
        for (const auto& c : comms) {
            std::uint64_t base = c.village ? 8 : 15;
            w.push_back(base * 1000 * std::uint64_t(mean[c.village] + c.population) /
                        std::uint64_t(2 * mean[c.village]));
        }
        auto per = apportion(scaled(community_orgs), w);
        std::int64_t cs = 0;
        const int cwidth = std::max<int>(6, int(std::to_string(scaled(community_orgs)).size()));
        for (std::size_t ci = 0; ci < comms.size(); ++ci) {
            const auto& c = comms[ci];
            const std::string base = strip_suffix(strip_suffix(c.name, "居委会"), "委会");
            const std::string home = "street-" + units[c.unit].code;
            for (std::int64_t j = 1; j <= per[ci]; ++j) {
                Organization o;
                o.id = "cso-" + pad(++cs, cwidth);
                o.type = OrgType::community_org;
                o.registration = Registration::street;
                std::size_t s = pick_sector(rng, true);
                o.sectors = {sectors[s]};
                o.name = base + cso_word[s] + std::to_string(j);
                int st = int(rng.below(1000));
                o.stage = st < 450 ? Stage::founding : st < 850 ? Stage::growing : Stage::mature;
                o.credit = double(std::clamp<std::int64_t>(720 + rng.bell(400), 0, 1000)) / 10.0;
                o.region = c.code;
                o.home = home;
                net.organizations.push_back(std::move(o));
                tick.tick(std::int64_t(net.organizations.size()));
            }
        }
    }
};

}  // namespace

Network beijing(const BeijingOptions& options) {
    if (!std::isfinite(options.scale) || options.scale < 0 || options.scale > 100)
        throw input_error("options", "scale", "the scale must be a finite number in [0, 100]");
    // the organizations the scale implies, refused before anything is generated (the regions,
    // incubators and relations are fixed: 7,372 regions and 5,547 nodes at any scale)
    if (options.include_organizations)
        check_count(std::uint64_t(scaled_count(registered_total, options.scale)) +
                        std::uint64_t(scaled_count(community_orgs, options.scale)),
                    "options", "scale");
    Gen g(options);
    g.net.name = "beijing";
    g.net.description =
        "Beijing's network of social-organization incubators (京民社发〔2017〕61号): synthetic, "
        "calibrated to public figures (16 districts, 349 street-level units with their real NBS codes "
        "and names, 3,080 residents' and "
        "3,926 village committees, census 2020 populations, 12,858 registered and 71,325 community "
        "social organizations); seed " + std::to_string(options.seed) +
        (options.scale == 1.0 ? std::string() : ", organizations scaled by " + std::to_string(options.scale)) +
        ". See docs/datasets.md.";
    g.sector_tables();
    g.tick.stage("regions", 1);
    g.regions();
    g.tick.finish(1);
    g.tick.stage("nodes", 1);
    g.nodes();
    g.tick.finish(1);
    g.tick.stage("edges", 1);
    g.edges();
    g.tick.finish(1);
    if (options.include_organizations) {
        g.tick.stage("organizations",
                     scaled_count(registered_total, options.scale) + scaled_count(community_orgs, options.scale));
        g.organizations();
        g.tick.finish(std::int64_t(g.net.organizations.size()));
    }
    return std::move(g.net);
}

}  // namespace hatchnet::synth
