// The national-scale generator: see hatchnet/synth/national.hpp and docs/datasets.md.
//
// Figures (rounded; for the scale of a benchmark network, not for analysis):
//   * China's census 2020 population, 31 provinces: 1,411,778,724 (7th national census);
//   * registered social organizations, end of 2020: about 894,000, of them about 375,000
//     social associations, 511,000 social service organizations and 8,400 foundations
//     (Ministry of Civil Affairs, 2020 statistical bulletin of civil-affairs development);
//   * the NBS 2022 table's shape: 31 / 342 / 2,978 / 41,352 units, and the shares of its
//     street-level unit classes (0xx 22 %, 1xx 52 %, 2xx–3xx 20 %, 4xx–5xx 7 %).
// Assumptions (synthetic): 6 % of registered organizations at provincial level, 8
// community social organizations per street unit, the populations of unit kinds.
#include "hatchnet/synth/national.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

#include "hatchnet/error.hpp"
#include "hatchnet/io/divisions.hpp"
#include "hatchnet/limits.hpp"

#include "../detail/apportion.hpp"
#include "../detail/format.hpp"
#include "../detail/rng.hpp"

namespace hatchnet::synth {

namespace {

using detail::apportion;
using detail::pad;
using detail::Rng;

/// apportion() with share i in [lo, hi[i]]: what a share has over its cap moves, one at a
/// time, to the next shares (round robin) below theirs; needs lo * n <= total <= sum of hi.
std::vector<std::int64_t> apportion_capped_each(std::int64_t total, const std::vector<std::uint64_t>& w,
                                                std::int64_t lo, const std::int64_t* hi) {
    const auto n = std::int64_t(w.size());
    auto out = apportion(total - lo * n, w);
    std::int64_t excess = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i] += lo;
        if (out[i] > hi[i]) { excess += out[i] - hi[i]; out[i] = hi[i]; }
    }
    for (std::size_t i = 0; excess > 0; i = (i + 1) % out.size())
        if (out[i] < hi[i]) { ++out[i]; --excess; }
    return out;
}

/// apportion() with every share in [lo, hi]; needs lo * n <= total <= hi * n.
std::vector<std::int64_t> apportion_capped(std::int64_t total, const std::vector<std::uint64_t>& w,
                                           std::int64_t lo, std::int64_t hi) {
    const std::vector<std::int64_t> caps(w.size(), hi);
    return apportion_capped_each(total, w, lo, caps.data());
}

constexpr std::int64_t china_population = 1411778724;
constexpr std::int64_t china_units = 41352;
constexpr std::int64_t registered_per_units = 894000;       // per 41,352 street units
constexpr std::int64_t assoc_share = 375000, foundation_share = 8400;   // of 894,000
constexpr std::int64_t cso_per_unit = 8;

// Sector mix of registered and community organizations (as in the Beijing generator).
constexpr std::array<std::pair<const char*, std::array<std::uint64_t, 2>>, 10> sector_weights{{
    {"elder_care", {110, 180}}, {"youth", {80, 80}},          {"disability", {50, 30}},
    {"culture", {160, 280}},    {"environment", {60, 60}},    {"education", {180, 20}},
    {"health", {90, 40}},       {"poverty_relief", {90, 10}}, {"community_service", {100, 270}},
    {"legal_aid", {40, 30}},
}};

void check_scale(double scale) {
    if (!std::isfinite(scale) || scale < 0 || scale > 100)
        throw input_error("options", "scale", "the scale must be a finite number in [0, 100]");
}

/// Registered and community organizations the generator makes at `scale` on `ueff` street
/// units (the number of street units, or 14 per county when the table has none).
std::pair<std::int64_t, std::int64_t> organization_counts(double scale, std::int64_t ueff) {
    const auto n_reg = std::int64_t(std::llround(scale * double(registered_per_units * ueff) / double(china_units)));
    const auto n_cso = std::int64_t(std::llround(scale * double(cso_per_unit * ueff)));
    return {n_reg, n_cso};
}

/// Refuse, before anything is generated, a scale whose organizations exceed max_elements.
void check_organizations(double scale, std::int64_t ueff) {
    const auto n = organization_counts(scale, ueff);
    check_count(std::uint64_t(n.first) + std::uint64_t(n.second), "options", "scale");
}

/// The shape options of synthetic_divisions(), checked.
void check_shape(const NationalOptions& o) {
    auto bad = [](const char* field, const std::string& msg) { throw input_error("options", field, msg); };
    if (o.provinces < 1 || o.provinces > 89) bad("provinces", "must lie in 1..89");
    if (o.prefectures < o.provinces || o.prefectures > 99 * o.provinces)
        bad("prefectures", "must lie in provinces..99 * provinces");
    if (o.counties < o.prefectures || o.counties > 99 * o.prefectures)
        bad("counties", "must lie in prefectures..99 * prefectures");
    if (o.streets < 0 || std::int64_t(o.streets) > 497 * std::int64_t(o.counties))
        bad("streets", "must lie in 0..497 * counties");
    // one region (and at most one incubator) per division: refuse a table over max_elements
    check_count(std::uint64_t(o.provinces) + std::uint64_t(o.prefectures) + std::uint64_t(o.counties) +
                    std::uint64_t(o.streets),
                "options", "streets");
}

std::vector<std::string> all_of(const std::vector<Vocabulary::Term>& t) {
    std::vector<std::string> v;
    for (const auto& x : t) v.push_back(x.id);
    return v;
}

std::vector<std::string> known(const Vocabulary& voc, std::initializer_list<const char*> ids) {
    std::vector<std::string> v;
    for (const auto& t : voc.services)
        for (const char* id : ids)
            if (t.id == id) v.push_back(t.id);
    return v;
}

}  // namespace

// ------------------------------------------------------------------ synthetic divisions

std::vector<Region> synthetic_divisions(const NationalOptions& o) {
    check_shape(o);

    Rng rng = Rng::stream(o.seed, 21);
    static constexpr std::array<int, 31> real{11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33,
                                              34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
                                              51, 52, 53, 54, 61, 62, 63, 64, 65};
    std::vector<int> pcodes(real.begin(), real.end());
    for (int c = 10; c <= 99 && int(pcodes.size()) < o.provinces; ++c)
        if (std::find(real.begin(), real.end(), c) == real.end()) pcodes.push_back(c);
    pcodes.resize(std::size_t(o.provinces));
    std::sort(pcodes.begin(), pcodes.end());

    auto jitter = [&](std::size_t n, int lo, int hi) {
        std::vector<std::uint64_t> w(n);
        for (auto& x : w) x = std::uint64_t(rng.between(lo, hi));
        return w;
    };
    auto pref_n = apportion_capped(o.prefectures, jitter(pcodes.size(), 60, 140), 1, 99);
    std::vector<Region> out;
    out.reserve(std::size_t(o.provinces + o.prefectures + o.counties + o.streets));
    std::vector<std::string> prefs;
    for (std::size_t p = 0; p < pcodes.size(); ++p) {
        std::string pc = pad(pcodes[p], 2);
        out.push_back({pc, pc + "省", "province", std::nullopt});
        for (std::int64_t i = 1; i <= pref_n[p]; ++i) {
            std::string c = pc + pad(i, 2);
            out.push_back({c, c + "市", "prefecture", std::nullopt});
            prefs.push_back(c);
        }
    }
    auto county_n = apportion_capped(o.counties, jitter(prefs.size(), 40, 160), 1, 99);
    std::vector<std::string> counties;
    for (std::size_t p = 0; p < prefs.size(); ++p)
        for (std::int64_t i = 1; i <= county_n[p]; ++i) {
            std::string c = prefs[p] + pad(i, 2);
            out.push_back({c, c + (i <= 3 ? "区" : "县"), "district", std::nullopt});
            counties.push_back(c);
        }
    auto unit_n = apportion_capped(o.streets, jitter(counties.size(), 40, 160),
                                   o.streets >= o.counties ? 1 : 0, 497);
    // kinds in the national proportions, jittered per county; capacity of each code class
    constexpr std::array<std::uint64_t, 4> share{220, 520, 200, 65};
    constexpr std::array<std::int64_t, 4> first{1, 101, 201, 400}, cap{99, 99, 198, 200};
    constexpr std::array<const char*, 4> suffix{"街道", "镇", "乡", "开发区"};
    for (std::size_t c = 0; c < counties.size(); ++c) {
        std::vector<std::uint64_t> w(4);
        for (std::size_t k = 0; k < 4; ++k) w[k] = share[k] * std::uint64_t(rng.between(30, 170));
        auto n = apportion_capped_each(unit_n[c], w, 0, cap.data());
        for (std::size_t k = 0; k < 4; ++k)
            for (std::int64_t i = 0; i < n[k]; ++i) {
                std::int64_t num = first[k] + i;
                std::string code = counties[c] + pad(num, 3);
                std::string name = code + (k == 0 && rng.permille(10) ? "地区" : suffix[k]);
                std::string kind = io::street_kind(code, name);
                out.push_back({std::move(code), std::move(name), std::move(kind), std::nullopt});
            }
    }
    std::sort(out.begin(), out.end(), [](const Region& a, const Region& b) { return a.code < b.code; });
    return out;
}

Network national_synthetic(const NationalOptions& options) {
    check_scale(options.scale);
    check_shape(options);
    // the organizations the options imply, refused before the division table is made
    // (national() checks them again on the table it gets: the same number)
    if (options.include_organizations)
        check_organizations(options.scale, options.streets > 0 ? std::int64_t(options.streets)
                                                               : std::int64_t(options.counties) * 14);
    return national(synthetic_divisions(options), options);
}

// ------------------------------------------------------------------ the network

namespace {

/// A division table sorted by code, refused when a code is malformed or given twice.
void sort_checked(std::vector<Region>& regions) {
    for (std::size_t i = 0; i < regions.size(); ++i)
        if (!is_region_code(regions[i].code))
            throw input_error("regions[" + std::to_string(i) + "]", "code",
                              "'" + regions[i].code + "' is not an NBS code of 2, 4, 6, 9 or 12 digits");
    std::stable_sort(regions.begin(), regions.end(),
                     [](const Region& a, const Region& b) { return a.code < b.code; });
    for (std::size_t i = 1; i < regions.size(); ++i)
        if (regions[i].code == regions[i - 1].code)
            throw input_error("region " + regions[i].code, "code",
                              "duplicate code '" + regions[i].code + "' in the division table");
}

/// One organization's stage (founding below `founding` per mille, growing below `growing`)
/// and credit (around `credit` tenths), drawn in that order.
void draw_stage_and_credit(Rng& rng, Organization& o, int founding, int growing, std::int64_t credit) {
    int st = int(rng.below(1000));
    o.stage = st < founding ? Stage::founding : st < growing ? Stage::growing : Stage::mature;
    o.credit = double(std::clamp<std::int64_t>(credit + rng.bell(400), 0, 1000)) / 10.0;
}

/// The national network on a sorted, checked division table, built in named steps whose
/// order is the order of the random draws (the output is pinned to it): populations, nodes,
/// edges, registered organizations, community organizations.
class NationalBuilder {
public:
    NationalBuilder(std::vector<Region> regions, const NationalOptions& opt)
        : regions_(std::move(regions)), opt_(opt), rng_(Rng::stream(opt.seed, 11)), R_(regions_.size()),
          tick_(opt.progress) {}

    Network run() {
        net_.name = "national";
        tick_.stage("regions", 1);
        index();
        check_size();
        fill_populations();
        tick_.finish(1);
        tick_.stage("nodes", 1);
        choose_services();
        add_nodes();
        tick_.finish(1);
        tick_.stage("edges", 1);
        add_edges();
        tick_.finish(1);
        if (opt_.include_organizations) {
            add_organizations();
            tick_.finish(std::int64_t(net_.organizations.size()));
        }
        net_.description = "National-scale synthetic incubator network on a division table of " +
                           std::to_string(provinces().size()) + " provinces, " +
                           std::to_string(prefectures().size()) + " prefectures, " +
                           std::to_string(counties().size()) + " counties and " +
                           std::to_string(units().size()) + " street-level units; seed " +
                           std::to_string(opt_.seed) + ". See docs/datasets.md.";
        net_.regions = std::move(regions_);
        return std::move(net_);
    }

private:
    std::vector<Region> regions_;
    const NationalOptions& opt_;
    Rng rng_;
    Network net_;
    const std::size_t R_;                                   // number of regions, and "none"
    std::unordered_map<std::string_view, std::size_t> at_;  // region by code
    std::array<std::vector<std::size_t>, 5> level_;         // regions by level, in code order
    std::int64_t ueff_ = 0;                                 // street units the organizations spread over
    ProgressTicker tick_;                                   // the caller's progress (options.progress)
    std::vector<std::string> sectors_, center_services_, district_services_, street_services_,
        community_services_, social_services_, community_sector_;
    std::vector<std::size_t> node_of_;                      // node of a region, or npos
    std::vector<std::pair<std::size_t, std::size_t>> social_;   // social incubator node, its county

    const std::vector<std::size_t>& provinces() const { return level_[0]; }
    const std::vector<std::size_t>& prefectures() const { return level_[1]; }
    const std::vector<std::size_t>& counties() const { return level_[2]; }
    const std::vector<std::size_t>& units() const { return level_[3]; }
    const std::vector<std::size_t>& comms() const { return level_[4]; }

    std::size_t find(std::string_view code) const {
        auto it = at_.find(code);
        return it == at_.end() ? R_ : it->second;
    }

    void index() {
        at_.reserve(R_);
        for (std::size_t i = 0; i < R_; ++i) at_.emplace(regions_[i].code, i);
        for (std::size_t i = 0; i < R_; ++i) level_[std::size_t(regions_[i].level())].push_back(i);
    }

    // What the table and options imply, refused before anything is generated: one node per
    // province, prefecture, county, street unit and community; the organizations at `scale`.
    void check_size() {
        check_count(std::uint64_t(provinces().size() + prefectures().size() + counties().size() +
                                  units().size() + comms().size()),
                    "regions", "");
        ueff_ = units().empty() ? std::int64_t(counties().size()) * 14 : std::int64_t(units().size());
        if (opt_.include_organizations) check_organizations(opt_.scale, ueff_);
        for (auto i : counties())
            if (regions_[i].kind.empty()) regions_[i].kind = "district";
    }

    // Populations where the table has none: street units by kind, then sums upward into the
    // regions that had no population (communities keep theirs, or none).
    void fill_populations() {
        std::vector<std::size_t> missing;
        std::vector<std::uint64_t> w;
        for (auto i : units()) {
            auto& r = regions_[i];
            if (r.kind.empty()) r.kind = io::street_kind(r.code, r.name);
            if (r.population) continue;
            std::uint64_t mean = r.kind == "street" ? 45000 : r.kind == "area_office" ? 40000
                                 : r.kind == "town" ? 38000 : r.kind == "township" ? 15000 : 8000;
            missing.push_back(i);
            w.push_back(mean * std::uint64_t(rng_.between(50, 150)));
        }
        auto pop = apportion(china_population * std::int64_t(missing.size()) / china_units, w);
        for (std::size_t j = 0; j < missing.size(); ++j) regions_[missing[j]].population = pop[j];
        std::vector<std::int64_t> sum(R_, 0);
        std::vector<char> synth(R_, 0);
        for (std::size_t i = 0; i < R_; ++i) synth[i] = !regions_[i].population;
        for (int lv = 4; lv >= 1; --lv)
            for (auto i : level_[std::size_t(lv)]) {
                auto& r = regions_[i];
                if (!r.population && lv != 4) {
                    if (sum[i] > 0) {
                        r.population = sum[i];
                    } else {
                        r.population = (lv == 2 ? 400000 : lv == 3 ? 30000 : 3000000) *
                                       rng_.between(50, 150) / 100;
                    }
                }
                if (!r.population) continue;
                for (auto c = truncate_region(r.code); !c.empty(); c = truncate_region(c)) {
                    auto p = find(c);
                    if (p == R_) continue;
                    if (synth[p]) sum[p] += *r.population;
                    break;
                }
            }
        for (auto i : provinces())
            if (!regions_[i].population) regions_[i].population = sum[i];
    }

    void choose_services() {
        const Vocabulary& voc = net_.vocabulary;
        sectors_ = all_of(voc.sectors);
        center_services_ = known(voc, {"office", "venue", "funds", "project_matching", "training", "mentoring",
                                       "registration", "policy", "party_building", "information", "credit"});
        district_services_ = known(voc, {"office", "venue", "training", "mentoring", "policy", "party_building",
                                         "project_matching", "registration"});
        street_services_ = known(voc, {"venue", "funds", "volunteers", "registration", "party_building"});
        community_services_ = known(voc, {"venue", "volunteers"});
        social_services_ = known(voc, {"office", "project_matching", "training", "mentoring", "legal", "accounting"});
        community_sector_ =
            voc.has_sector("community_service") ? std::vector<std::string>{"community_service"} : sectors_;
    }

    void add_node(std::size_t ri, const char* prefix, const char* suffix, Tier t, const std::vector<std::string>& sc,
                  const std::vector<std::string>& sv, std::int64_t cap) {
        Node n;
        n.id = std::string(prefix) + regions_[ri].code;
        n.name = regions_[ri].name + suffix;
        n.tier = t;
        n.region = regions_[ri].code;
        n.sectors = sc;
        n.services = sv;
        n.capacity = cap;
        n.occupied = cap * rng_.between(40, 95) / 100;
        node_of_[ri] = net_.nodes.size();
        net_.nodes.push_back(std::move(n));
    }

    void add_nodes() {
        node_of_.assign(R_, Network::npos);
        net_.nodes.reserve(provinces().size() + counties().size() + units().size() + comms().size() +
                           prefectures().size());
        for (auto i : provinces())
            add_node(i, "center-", "社会组织发展服务中心", Tier::city_center, sectors_, center_services_, 200);
        for (auto i : counties())
            add_node(i, "district-", "社会组织孵化中心", Tier::district, sectors_, district_services_,
                     30 + *regions_[i].population / 50000);
        for (auto i : units())
            add_node(i, "street-", "社会组织服务中心", Tier::street, community_sector_, street_services_,
                     10 + rng_.between(0, 30));
        for (auto i : comms())
            add_node(i, "community-", "服务站", Tier::community, community_sector_, community_services_,
                     rng_.between(5, 20));
        // one social incubator per prefecture, in its first county
        for (auto i : prefectures()) {
            auto it = std::lower_bound(counties().begin(), counties().end(), i + 1);
            std::size_t county =
                it != counties().end() && regions_[*it].code.compare(0, 4, regions_[i].code) == 0 ? *it : R_;
            Node n;
            n.id = "social-" + regions_[i].code + "-1";
            n.name = regions_[i].name + "公益组织孵化器";
            n.tier = Tier::social;
            n.op = Operator::social;
            n.region = county == R_ ? regions_[i].code : regions_[county].code;
            n.sectors = {sectors_[rng_.below(sectors_.size())]};
            n.services = social_services_;
            n.capacity = rng_.between(20, 80);
            n.occupied = n.capacity * rng_.between(40, 95) / 100;
            if (county != R_) social_.emplace_back(net_.nodes.size(), county);
            net_.nodes.push_back(std::move(n));
        }
    }

    // Guidance down the hierarchy to the nearest guiding tier present; a contract between each
    // social incubator and its county's district incubator.
    void add_edges() {
        auto guide = [&](std::size_t ri, std::size_t parent_len) {
            std::size_t p = find(std::string_view(regions_[ri].code).substr(0, parent_len));
            if (p == R_ || node_of_[p] == Network::npos) return;
            net_.edges.push_back({net_.nodes[node_of_[p]].id, net_.nodes[node_of_[ri]].id, Relation::guidance, false, {}});
        };
        net_.edges.reserve(counties().size() + units().size() + comms().size() + social_.size());
        for (auto i : counties()) guide(i, 2);
        for (auto i : units()) guide(i, 6);
        for (auto i : comms()) guide(i, 9);
        for (auto [ni, county] : social_)
            net_.edges.push_back({net_.nodes[node_of_[county]].id, net_.nodes[ni].id, Relation::contract, false,
                                  "政府购买孵化服务 purchase of incubation services"});
    }

    void add_organizations() {
        const auto [n_reg, n_cso] = organization_counts(opt_.scale, ueff_);
        tick_.stage("organizations", std::int64_t(n_reg + n_cso));
        // running sums of the sector weights, registered (wr) and community (wc) organizations
        std::vector<std::uint64_t> wr, wc;
        for (const auto& s : sectors_) {
            std::uint64_t a = 1, b = 1;
            for (const auto& sw : sector_weights)
                if (s == sw.first) { a = sw.second[0]; b = sw.second[1]; }
            wr.push_back(a);
            wc.push_back(b);
        }
        std::partial_sum(wr.begin(), wr.end(), wr.begin());
        std::partial_sum(wc.begin(), wc.end(), wc.begin());
        net_.organizations.reserve(std::size_t(n_reg + n_cso));
        const int width = std::max<int>(7, int(std::to_string(std::max(n_reg, n_cso)).size()));
        add_registered(n_reg, width, wr);
        add_community_orgs(n_cso, width, wc);
    }

    // Registered organizations over the counties by population, each in one of its county's
    // units (by population), filed at the province's center (foundations, 6 % of the others)
    // or the county's district incubator.
    void add_registered(std::int64_t n_reg, int width, const std::vector<std::uint64_t>& wr) {
        // units of each county, contiguous in code order, with cumulative populations
        std::vector<std::uint64_t> cum(units().size());
        std::vector<std::pair<std::size_t, std::size_t>> range(counties().size(), {0, 0});
        std::size_t u = 0;
        for (std::size_t c = 0; c < counties().size(); ++c) {
            const auto& cc = regions_[counties()[c]].code;
            while (u < units().size() && regions_[units()[u]].code.compare(0, 6, cc) < 0) ++u;
            std::size_t b = u;
            std::uint64_t s = 0;
            while (u < units().size() && regions_[units()[u]].code.compare(0, 6, cc) == 0) {
                s += std::uint64_t(*regions_[units()[u]].population) + 1;
                cum[u++] = s;
            }
            range[c] = {b, u};
        }
        std::vector<std::uint64_t> wcounty;
        for (auto i : counties()) wcounty.push_back(std::uint64_t(*regions_[i].population) / 100 + 1);
        auto per_county = apportion(n_reg, wcounty);

        std::int64_t serial = 0;
        for (std::size_t c = 0; c < counties().size(); ++c) {
            const Region& county = regions_[counties()[c]];
            const std::string district_home = net_.nodes[node_of_[counties()[c]]].id;
            std::size_t prov = find(std::string_view(county.code).substr(0, 2));
            const std::string* center =
                prov != R_ && node_of_[prov] != Network::npos ? &net_.nodes[node_of_[prov]].id : nullptr;
            auto [b, e] = range[c];
            for (std::int64_t k = 0; k < per_county[c]; ++k) {
                Organization o;
                o.id = "so-" + pad(++serial, width);
                o.name = "社会组织" + std::to_string(serial);
                auto t = std::int64_t(rng_.below(std::uint64_t(registered_per_units)));
                o.type = t < assoc_share ? OrgType::association
                         : t < assoc_share + foundation_share ? OrgType::foundation : OrgType::service_org;
                o.region = b == e ? county.code : regions_[units()[b + rng_.pick(cum.data() + b, cum.data() + e)]].code;
                o.sectors = {sectors_[rng_.pick(wr.data(), wr.data() + wr.size())]};
                draw_stage_and_credit(rng_, o, 200, 600, 780);
                if (center && (o.type == OrgType::foundation || rng_.permille(60))) {
                    o.registration = Registration::city;   // provincial level
                    o.home = *center;
                } else {
                    o.registration = Registration::district;
                    o.home = district_home;
                }
                net_.organizations.push_back(std::move(o));
                tick_.tick(std::int64_t(net_.organizations.size()));
            }
        }
    }

    // Community social organizations per street unit (by population), filed at the street,
    // each in one of the unit's communities in turn (or the unit when it has none).
    void add_community_orgs(std::int64_t n_cso, int width, const std::vector<std::uint64_t>& wc) {
        std::vector<std::uint64_t> wunit;
        for (auto i : units()) wunit.push_back(std::uint64_t(*regions_[i].population) / 100 + 1);
        auto per_unit = apportion(n_cso, wunit);
        std::int64_t serial = 0;
        std::size_t ci = 0;   // communities are in code order too
        for (std::size_t u = 0; u < units().size(); ++u) {
            const Region& unit = regions_[units()[u]];
            while (ci < comms().size() && regions_[comms()[ci]].code.compare(0, 9, unit.code) < 0) ++ci;
            std::size_t cb = ci, ce = ci;
            while (ce < comms().size() && regions_[comms()[ce]].code.compare(0, 9, unit.code) == 0) ++ce;
            const std::string home = net_.nodes[node_of_[units()[u]]].id;
            for (std::int64_t k = 0; k < per_unit[u]; ++k) {
                Organization o;
                o.id = "cso-" + pad(++serial, width);
                o.name = "社区社会组织" + std::to_string(serial);
                o.type = OrgType::community_org;
                o.registration = Registration::street;
                o.region = cb == ce ? unit.code : regions_[comms()[cb + std::size_t(k) % (ce - cb)]].code;
                o.sectors = {sectors_[rng_.pick(wc.data(), wc.data() + wc.size())]};
                draw_stage_and_credit(rng_, o, 450, 850, 720);
                o.home = home;
                net_.organizations.push_back(std::move(o));
                tick_.tick(std::int64_t(net_.organizations.size()));
            }
        }
    }
};

}  // namespace

Network national(std::vector<Region> regions, const NationalOptions& opt) {
    check_scale(opt.scale);
    sort_checked(regions);
    return NationalBuilder(std::move(regions), opt).run();
}

}  // namespace hatchnet::synth
