// Network model: names of enumerations, region codes, the default vocabulary, id indexes.
#include "hatchnet/network.hpp"

#include <algorithm>
#include <array>

#include "../detail/vocabulary.hpp"

namespace hatchnet {

namespace {
constexpr std::array<std::string_view, 7> tier_names{"city_center", "city_sector", "district", "street",
                                                     "community",   "social",      "district_sector"};
constexpr std::array<std::string_view, 4> relation_names{"guidance", "contract", "consortium",
                                                         "referral"};
constexpr std::array<std::string_view, 2> operator_names{"government", "social"};
constexpr std::array<std::string_view, 4> org_type_names{"association", "service_org",
                                                         "foundation", "community_org"};
constexpr std::array<std::string_view, 3> stage_names{"founding", "growing", "mature"};
constexpr std::array<std::string_view, 3> registration_names{"city", "district", "street"};
constexpr std::array<std::string_view, 5> level_names{"province", "prefecture", "county",
                                                      "street", "community"};
constexpr std::array<std::string_view, 6> sponsor_names{"civil_affairs",     "competent_authority",
                                                        "industry_department", "mass_organization",
                                                        "enterprise",        "civil_society"};
constexpr std::array<std::string_view, 4> build_mode_names{"new_build", "co_build", "conversion", "assisted"};
constexpr std::array<std::string_view, 3> operation_mode_names{"government_run", "publicly_built_socially_run",
                                                               "socially_run"};

template <class E, std::size_t N>
std::optional<E> parse_in(const std::array<std::string_view, N>& names, std::string_view s) {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
}
template <std::size_t N>
std::string_view name_in(const std::array<std::string_view, N>& names, std::size_t i) {
    return i < N ? names[i] : std::string_view("?");
}
}  // namespace

std::string_view to_string(Tier t) noexcept { return name_in(tier_names, std::size_t(t)); }
std::string_view to_string(Relation r) noexcept { return name_in(relation_names, std::size_t(r)); }
std::string_view to_string(Operator o) noexcept { return name_in(operator_names, std::size_t(o)); }
std::string_view to_string(OrgType t) noexcept { return name_in(org_type_names, std::size_t(t)); }
std::string_view to_string(Stage s) noexcept { return name_in(stage_names, std::size_t(s)); }
std::string_view to_string(Registration r) noexcept {
    return name_in(registration_names, std::size_t(r));
}
std::string_view to_string(RegionLevel l) noexcept { return name_in(level_names, std::size_t(l)); }
std::string_view to_string(Sponsor s) noexcept { return name_in(sponsor_names, std::size_t(s)); }
std::string_view to_string(BuildMode m) noexcept { return name_in(build_mode_names, std::size_t(m)); }
std::string_view to_string(OperationMode m) noexcept { return name_in(operation_mode_names, std::size_t(m)); }
std::optional<Sponsor> parse_sponsor(std::string_view s) noexcept { return parse_in<Sponsor>(sponsor_names, s); }
std::optional<BuildMode> parse_build_mode(std::string_view s) noexcept {
    if (s == "new") return BuildMode::new_build;
    if (s == "co") return BuildMode::co_build;
    if (s == "assisted_build") return BuildMode::assisted;
    return parse_in<BuildMode>(build_mode_names, s);
}
std::optional<OperationMode> parse_operation_mode(std::string_view s) noexcept {
    if (s == "gongjian_minying") return OperationMode::publicly_built_socially_run;
    return parse_in<OperationMode>(operation_mode_names, s);
}

std::optional<Tier> parse_tier(std::string_view s) noexcept { return parse_in<Tier>(tier_names, s); }
std::optional<RegionLevel> parse_region_level(std::string_view s) noexcept {
    if (s == "district") return RegionLevel::county;
    return parse_in<RegionLevel>(level_names, s);
}
std::optional<Relation> parse_relation(std::string_view s) noexcept {
    return parse_in<Relation>(relation_names, s);
}
std::optional<Operator> parse_operator(std::string_view s) noexcept {
    return parse_in<Operator>(operator_names, s);
}
std::optional<OrgType> parse_org_type(std::string_view s) noexcept {
    return parse_in<OrgType>(org_type_names, s);
}
std::optional<Stage> parse_stage(std::string_view s) noexcept { return parse_in<Stage>(stage_names, s); }
std::optional<Registration> parse_registration(std::string_view s) noexcept {
    return parse_in<Registration>(registration_names, s);
}

// ------------------------------------------------------------------ region codes

std::optional<RegionLevel> region_level_of(std::string_view code) noexcept {
    for (char c : code)
        if (c < '0' || c > '9') return std::nullopt;
    switch (code.size()) {
        case 2: return RegionLevel::province;
        case 4: return RegionLevel::prefecture;
        case 6: return RegionLevel::county;
        case 9: return RegionLevel::street;
        case 12: return RegionLevel::community;
        default: return std::nullopt;
    }
}

bool is_region_code(std::string_view code) noexcept { return region_level_of(code).has_value(); }

std::string_view truncate_region(std::string_view code) noexcept {
    switch (code.size()) {
        case 12: return code.substr(0, 9);
        case 9: return code.substr(0, 6);
        case 6: return code.substr(0, 4);
        case 4: return code.substr(0, 2);
        default: return {};
    }
}

bool region_within(std::string_view inner, std::string_view outer) noexcept {
    if (outer.empty() || !is_region_code(outer) || !is_region_code(inner)) return false;
    for (std::string_view c = inner; !c.empty(); c = truncate_region(c))
        if (c == outer) return true;
    return false;
}

RegionLevel Region::level() const noexcept {
    return region_level_of(code).value_or(RegionLevel::province);
}

// ------------------------------------------------------------------ vocabulary

bool Vocabulary::has_sector(std::string_view id) const noexcept {
    return detail::find_term(sectors, id) != nullptr;
}
bool Vocabulary::has_service(std::string_view id) const noexcept {
    return detail::find_term(services, id) != nullptr;
}
bool Vocabulary::service_within(std::string_view service, std::string_view ancestor) const noexcept {
    // walk up the tree (bounded, so a malformed cycle cannot loop)
    bool within = false;
    detail::walk_term_chain(services, service, [&](std::string_view id, const Term*) {
        within = id == ancestor;
        return !within;
    });
    return within;
}

const Vocabulary& default_vocabulary() {
    static const Vocabulary v = [] {
        Vocabulary d;
        d.sectors = {
            {"elder_care", "养老服务 Elder care", ""},
            {"youth", "青少年服务 Youth", ""},
            {"disability", "助残服务 Disability", ""},
            {"culture", "文化体育 Culture and sport", ""},
            {"environment", "环境保护 Environment", ""},
            {"education", "教育培训 Education", ""},
            {"health", "医疗卫生 Health", ""},
            {"poverty_relief", "扶贫济困 Poverty relief", ""},
            {"community_service", "社区服务 Community service", ""},
            {"legal_aid", "法律援助 Legal aid", ""},
        };
        d.services = {
            {"space", "场地与设施 Space and facilities", ""},
            {"venue", "活动场地 Activity venue", "space"},
            {"office", "入驻办公 Resident office (入驻孵化)", "space"},
            {"funding", "资金支持 Funding", ""},
            {"funds", "活动资金 Activity funds", "funding"},
            {"project_matching", "项目对接 Project matching", "funding"},
            {"capacity_building", "能力建设 Capacity building", ""},
            {"training", "教育培训 Training", "capacity_building"},
            {"mentoring", "导师辅导 Mentoring", "capacity_building"},
            {"people", "人力支持 People", ""},
            {"volunteers", "志愿者 Volunteers", "people"},
            {"professional", "专业服务 Professional services", ""},
            {"legal", "法律服务 Legal", "professional"},
            {"accounting", "财务会计 Accounting", "professional"},
            {"registration", "登记备案 Registration and filing", "professional"},
            {"guidance", "政策与党建 Policy and party building", ""},
            {"policy", "政策咨询 Policy advice", "guidance"},
            {"party_building", "党建指导 Party-building guidance", "guidance"},
            {"information", "信息发布 Information", ""},
            {"credit", "信用信息 Credit information", "information"},
            {"international", "国际交流 International exchange", ""},
            // added with the tiers' mandated functions (§4): functions no service named before
            {"resource_allocation", "资源配置 Resource allocation", ""},
            {"system_management", "体系管理 Managing the incubation system", "guidance"},
            {"standards", "服务标准 Service standards", "guidance"},
            {"linkage", "上下联结 Linking city and street levels", "guidance"},
            {"one_stop", "一站式综合服务 One-stop service", "professional"},
            {"federation", "社区社会组织联合会 Community-organization federation", "professional"},
            {"social_entrepreneurship", "社会创业 Social entrepreneurship", "capacity_building"},
            {"district_projects", "区域服务项目 Projects for the district's needs", "funding"},
            {"three_social", "三社联动 Community, organization and social-worker projects", "funding"},
            {"project_landing", "项目落地 Landing city and district projects in communities", "funding"},
        };
        d.functions = {
            {"information_publishing", "信息发布 Information publishing", {"information"}},
            {"resource_allocation", "资源配置 Resource allocation", {"resource_allocation"}},
            {"system_management", "培育孵化体系管理 Managing the incubation system", {"system_management"}},
            {"service_standards", "行业服务标准 Service standards", {"standards"}},
            {"one_stop_service", "一站式综合服务 One-stop service", {"one_stop"}},
            {"social_entrepreneurship", "社会创业 Social entrepreneurship", {"social_entrepreneurship"}},
            {"credit_information", "信用信息 Credit information", {"credit"}},
            {"party_building", "党建指导 Party-building guidance", {"party_building"}},
            {"international_exchange", "国际交流 International exchange", {"international"}},
            {"training", "教育培训 Training", {"training"}},
            {"policy_guidance", "政策指导 Policy guidance", {"policy"}},
            {"level_linkage", "联结市级和街道 Linking city and street levels", {"linkage"}},
            {"project_matching", "项目对接 Project matching", {"project_matching"}},
            {"resident_incubation", "入驻孵化 Resident incubation", {"office"}},
            {"district_projects", "区域服务项目 Projects for the district's needs", {"district_projects"}},
            {"activity_venue", "活动场地 Activity venues", {"venue"}},
            {"activity_funds", "活动经费 Activity funds", {"funds"}},
            {"people", "人才队伍 People", {"people"}},
            {"federation", "社区社会组织联合会 Working with the community-organization federation", {"federation"}},
            {"filing", "备案管理 Filing of community organizations", {"registration"}},
            {"three_social", "三社联动 Community, organization and social-worker projects", {"three_social"}},
            {"project_landing", "项目落地 Landing city and district projects", {"project_landing"}},
        };
        auto& m = d.mandates;
        m[std::size_t(Tier::city_center)] = {"information_publishing", "resource_allocation", "system_management",
                                             "service_standards",      "one_stop_service",    "social_entrepreneurship",
                                             "credit_information",     "party_building",      "international_exchange"};
        m[std::size_t(Tier::city_sector)] = {"training", "policy_guidance", "party_building", "resource_allocation"};
        m[std::size_t(Tier::district)] = {"level_linkage",       "information_publishing", "project_matching",
                                          "policy_guidance",     "resident_incubation",    "training",
                                          "party_building",      "district_projects"};
        // a district's sector platform (§2): the sector support of city_sector, in one district
        m[std::size_t(Tier::district_sector)] = {"training", "policy_guidance", "party_building"};
        m[std::size_t(Tier::street)] = {"activity_venue", "activity_funds", "people",         "federation",
                                        "filing",         "three_social",   "project_landing"};
        return d;
    }();
    return v;
}

const Vocabulary::Function* Vocabulary::find_function(std::string_view id) const noexcept {
    for (const auto& f : functions)
        if (f.id == id) return &f;
    return nullptr;
}

bool Vocabulary::performs(const std::vector<std::string>& offered, const Function& f) const noexcept {
    for (const auto& s : offered)
        for (const auto& w : f.services)
            if (service_within(s, w)) return true;
    return false;
}

std::vector<std::string> Vocabulary::missing_functions(Tier t, const std::vector<std::string>& offered) const {
    std::vector<std::string> out;
    const auto ti = static_cast<std::size_t>(t);
    if (ti >= mandates.size()) return out;
    for (const auto& id : mandates[ti]) {
        const Function* f = find_function(id);
        if (f && !performs(offered, *f) && std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    }
    return out;
}

// ------------------------------------------------------------------ consortia and contracts

namespace {
bool listed(const std::vector<std::string>& v, std::string_view x) noexcept {
    return std::find(v.begin(), v.end(), x) != v.end();
}
bool within_any(const Vocabulary& voc, std::string_view service, const std::vector<std::string>& of) noexcept {
    return std::any_of(of.begin(), of.end(), [&](const std::string& s) { return voc.service_within(service, s); });
}
}  // namespace

bool Consortium::pools(std::string_view service, const Vocabulary& vocabulary) const noexcept {
    return within_any(vocabulary, service, services);
}
bool Consortium::has_member(std::string_view node) const noexcept { return listed(members, node); }
bool Contract::covers(std::string_view service, const Vocabulary& vocabulary) const noexcept {
    return within_any(vocabulary, service, scope);
}
bool Contract::in_force(std::string_view date) const noexcept {
    // ISO dates compare as text
    return date >= std::string_view(start) && (end.empty() || date <= std::string_view(end));
}
bool Contract::has_party(std::string_view node) const noexcept { return listed(parties, node); }

// ------------------------------------------------------------------ indexes

void Network::reindex() const {
    Index idx;
    idx.nodes.reserve(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i) idx.nodes.emplace(nodes[i].id, i);
    idx.orgs.reserve(organizations.size());
    for (std::size_t i = 0; i < organizations.size(); ++i) idx.orgs.emplace(organizations[i].id, i);
    idx.regions.reserve(regions.size());
    for (std::size_t i = 0; i < regions.size(); ++i) idx.regions.emplace(regions[i].code, i);
    idx.n_nodes = nodes.size();
    idx.n_orgs = organizations.size();
    idx.n_regions = regions.size();
    idx.nodes_data = nodes.data();
    idx.orgs_data = organizations.data();
    idx.regions_data = regions.data();
    index_ = std::move(idx);
}

void Network::ensure_index() const {
    if (index_.n_nodes != nodes.size() || index_.n_orgs != organizations.size() ||
        index_.n_regions != regions.size() || index_.nodes_data != nodes.data() ||
        index_.orgs_data != organizations.data() || index_.regions_data != regions.data())
        reindex();
}

std::size_t Network::node_index(std::string_view id) const {
    ensure_index();
    auto it = index_.nodes.find(id);
    return it == index_.nodes.end() ? npos : it->second;
}
std::size_t Network::organization_index(std::string_view id) const {
    ensure_index();
    auto it = index_.orgs.find(id);
    return it == index_.orgs.end() ? npos : it->second;
}
std::size_t Network::region_index(std::string_view code) const {
    ensure_index();
    auto it = index_.regions.find(code);
    return it == index_.regions.end() ? npos : it->second;
}
const Node* Network::find_node(std::string_view id) const {
    auto i = node_index(id);
    return i == npos ? nullptr : &nodes[i];
}
const Organization* Network::find_organization(std::string_view id) const {
    auto i = organization_index(id);
    return i == npos ? nullptr : &organizations[i];
}
const Region* Network::find_region(std::string_view code) const {
    auto i = region_index(code);
    return i == npos ? nullptr : &regions[i];
}

std::string Network::parent_region(std::string_view code) const {
    for (auto c = truncate_region(code); !c.empty(); c = truncate_region(c))
        if (region_index(c) != npos) return std::string(c);
    return {};
}

std::string Network::district_of(std::string_view code) {
    if (!is_region_code(code) || code.size() < 6) return {};
    return std::string(code.substr(0, 6));
}

std::array<std::size_t, tier_count> Network::count_by_tier() const {
    std::array<std::size_t, tier_count> c{};
    for (const auto& n : nodes) ++c[static_cast<std::size_t>(n.tier)];
    return c;
}

}  // namespace hatchnet
