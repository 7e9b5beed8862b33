// hatchnet/network.hpp — the incubator network model.
//
// A Network holds what the 2017 Beijing guidance (京民社发〔2017〕61号) describes:
//   * regions: the administrative divisions it covers, by NBS statistical code
//     (2 digits province-level, 4 prefecture, 6 county/district, 9 street/township,
//     12 community/village); a code's parent is found by truncation (12→9→6→4→2),
//     skipping codes that are not in the table;
//   * nodes: incubators of seven tiers (city_center, city_sector, district, street,
//     community, social, district_sector) with region, sectors, services, capacity, operator, sponsor, build
//     and operation modes and staff;
//   * edges: typed relations between nodes (guidance, contract, consortium, referral);
//   * organizations: the social organizations the network serves;
//   * consortia: service-resource consortia (服务资源联合体, §5.1) whose members pool services;
//   * contracts: cooperation contracts between incubators (契约化, §5.4) with a scope of
//     services and a period;
//   * a vocabulary of sectors and services (data, not enums; see default_vocabulary()).
//
// The Network is a plain, mutable value: build it by hand or load it from JSON
// (io/json.hpp), check it with validate() (validate.hpp), then freeze it into a Graph
// (graph.hpp) for the algorithms. Lookups by id are O(1) through an index that is rebuilt
// lazily after mutation (call reindex() yourself before sharing a network across threads).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hatchnet {

// ------------------------------------------------------------------ enumerations

/// The tiers of §2 and §4. district_sector (last, so earlier values keep their numbers): a
/// district-level sector incubator run by a district competent authority, industry department
/// or mass organization (区级业务主管单位、行业管理部门、群团组织), the sector platform of one
/// district as city_sector is the city's.
enum class Tier : std::uint8_t { city_center, city_sector, district, street, community, social, district_sector };
enum class Relation : std::uint8_t { guidance, contract, consortium, referral };
enum class Operator : std::uint8_t { government, social };
enum class OrgType : std::uint8_t { association, service_org, foundation, community_org };
enum class Stage : std::uint8_t { founding, growing, mature };
/// Where an organization is registered: city or district civil-affairs bureau, or filed
/// (备案) at a street for community social organizations.
enum class Registration : std::uint8_t { city, district, street };
enum class RegionLevel : std::uint8_t { province, prefecture, county, street, community };
/// Who founded and answers for an incubator (§2, §4): the civil-affairs system, a competent
/// authority (业务主管单位), an industry department (行业管理部门), a mass organization
/// (群团组织: trade unions, the Youth League, the Women's Federation, the Disabled Persons'
/// Federation...), an enterprise or institution (企事业单位), or civil society (社会力量).
enum class Sponsor : std::uint8_t {
    civil_affairs, competent_authority, industry_department, mass_organization, enterprise, civil_society
};
/// How a site was built (§2, §3.3): a new build (新建), built jointly with another body (共建),
/// converted from existing premises (改建), or built with outside help (助建).
enum class BuildMode : std::uint8_t { new_build, co_build, conversion, assisted };
/// How it is run: by the government, government-built and socially run (公建民营), or built
/// and run by a social force.
enum class OperationMode : std::uint8_t { government_run, publicly_built_socially_run, socially_run };

inline constexpr int tier_count = 7;
inline constexpr int relation_count = 4;

std::string_view to_string(Tier t) noexcept;
std::string_view to_string(Relation r) noexcept;
std::string_view to_string(Operator o) noexcept;
std::string_view to_string(OrgType t) noexcept;
std::string_view to_string(Stage s) noexcept;
std::string_view to_string(Registration r) noexcept;
std::string_view to_string(RegionLevel l) noexcept;
std::string_view to_string(Sponsor s) noexcept;
std::string_view to_string(BuildMode m) noexcept;
std::string_view to_string(OperationMode m) noexcept;
/// The level names of to_string, and "district" for county (the word the engines' options use).
std::optional<RegionLevel> parse_region_level(std::string_view s) noexcept;

/// Parse the snake_case names above; std::nullopt when the text names nothing.
std::optional<Tier> parse_tier(std::string_view s) noexcept;
std::optional<Relation> parse_relation(std::string_view s) noexcept;
std::optional<Operator> parse_operator(std::string_view s) noexcept;
std::optional<OrgType> parse_org_type(std::string_view s) noexcept;
std::optional<Stage> parse_stage(std::string_view s) noexcept;
std::optional<Registration> parse_registration(std::string_view s) noexcept;
std::optional<Sponsor> parse_sponsor(std::string_view s) noexcept;
/// The names of to_string and the pinyin-free aliases "new", "co", "assisted_build".
std::optional<BuildMode> parse_build_mode(std::string_view s) noexcept;
/// The names of to_string and the alias "gongjian_minying" for publicly_built_socially_run.
std::optional<OperationMode> parse_operation_mode(std::string_view s) noexcept;

// ------------------------------------------------------------------ region codes

/// The level of an NBS code by its length (2, 4, 6, 9, 12 digits); nullopt when the text is
/// not such a code.
std::optional<RegionLevel> region_level_of(std::string_view code) noexcept;
/// True when `code` is a well-formed NBS code (digits only, length 2/4/6/9/12).
bool is_region_code(std::string_view code) noexcept;
/// The code one level up by truncation ("110105001" → "110105", "110105" → "1101",
/// "1101" → "11", "11" → ""). Does not consult any table.
std::string_view truncate_region(std::string_view code) noexcept;
/// True when `inner` equals `outer` or lies under it (prefix by whole levels).
bool region_within(std::string_view inner, std::string_view outer) noexcept;

// ------------------------------------------------------------------ records

struct Region {
    std::string code;                 ///< NBS code, 2/4/6/9/12 digits
    std::string name;
    std::string kind;                 ///< e.g. district, street, area_office, town, township, zone,
                                      ///< residents_committee, village_committee, province
    std::optional<std::int64_t> population;
    std::string pinyin{};             ///< romanised name (Hanyu Pinyin, no tones); optional, "" if none
    RegionLevel level() const noexcept;
};

struct Vocabulary {
    struct Term {
        std::string id;
        std::string name;
        std::string parent;           ///< empty for a root term: the vocabulary is a tree
    };
    /// A function the guidance assigns to a tier (§4), e.g. the city center's "information
    /// publishing" or a street's "filing": performed by a node that offers one of `services`
    /// (or a service under one of them in the service tree).
    struct Function {
        std::string id;
        std::string name;
        std::vector<std::string> services;  ///< service ids (at least one)
    };
    std::vector<Term> sectors;
    std::vector<Term> services;
    std::vector<Function> functions;
    /// The mandated functions of each tier (function ids), indexed by static_cast<int>(Tier).
    std::array<std::vector<std::string>, tier_count> mandates{};

    bool has_sector(std::string_view id) const noexcept;
    bool has_service(std::string_view id) const noexcept;
    /// True when `service` equals `ancestor` or lies under it in the service tree.
    bool service_within(std::string_view service, std::string_view ancestor) const noexcept;
    /// The function with this id, or nullptr.
    const Function* find_function(std::string_view id) const noexcept;
    /// True when a node offering `offered` performs `f`: one offered service lies within one
    /// of f's services.
    bool performs(const std::vector<std::string>& offered, const Function& f) const noexcept;
    /// The mandated functions of tier `t` that a node offering `offered` does not perform, in
    /// mandate order (ids the vocabulary does not define are skipped: validate() reports them).
    std::vector<std::string> missing_functions(Tier t, const std::vector<std::string>& offered) const;
};

/// The documented default vocabulary (docs/data-format.md lists it), with the tiers' mandated
/// functions of the guidance's §4 (docs/policy.md).
const Vocabulary& default_vocabulary();

/// An incubator's staff (§6.3 人才队伍): people, trained staff, posts the government funds,
/// mean monthly pay. Validation refuses negative numbers and more trained staff than staff,
/// and warns of pay under the network's floor (Network::staffing).
struct Staff {
    std::int64_t total = 0;          ///< people working there (full-time equivalents)
    std::int64_t trained = 0;        ///< of whom professionally trained (e.g. certified social workers)
    std::int64_t funded_posts = 0;   ///< posts paid by the government (purchased posts, 岗位购买)
    std::optional<double> pay;       ///< mean monthly pay (yuan), when known
};

/// The bureau's staffing standards the staff data is checked against (optional).
struct StaffingStandards {
    std::optional<double> pay_floor;          ///< least mean monthly pay (e.g. the minimum wage)
    std::optional<double> min_trained_share;  ///< least share of trained staff, in [0, 1]
};

struct Node {
    std::string id;
    std::string name;
    Tier tier = Tier::street;
    std::string region;                         ///< NBS code of the area it is based in
    std::vector<std::string> sectors;           ///< sector ids (vocabulary)
    std::vector<std::string> services;          ///< service ids (vocabulary)
    std::int64_t capacity = 0;                  ///< organizations it can serve at once
    std::int64_t occupied = 0;                  ///< organizations it serves now
    std::string capacity_updated;               ///< ISO 8601 date of the capacity figures, or empty
    Operator op = Operator::government;
    std::optional<double> lat, lon;             ///< WGS84 coordinates, when known
    std::optional<double> score;                ///< last evaluation score on 0–100, when known
    std::optional<Sponsor> sponsor;             ///< who founded it and answers for it, when recorded
    std::optional<BuildMode> build;             ///< how its site was built, when recorded
    std::optional<OperationMode> operation;     ///< how it is run, when recorded
    std::optional<Staff> staff;                 ///< its staff, when recorded
    std::string attributes;                     ///< extra data: a compact JSON object text, or empty

    std::int64_t spare() const noexcept { return capacity > occupied ? capacity - occupied : 0; }
};

struct Edge {
    std::string from;
    std::string to;
    Relation type = Relation::guidance;
    /// Marks a guidance edge that deliberately runs upward or skips a level of the
    /// hierarchy (validate() reports such edges as errors unless marked).
    bool irregular = false;
    std::string note;
};

struct Organization {
    std::string id;
    std::string name;
    OrgType type = OrgType::association;
    Stage stage = Stage::founding;
    Registration registration = Registration::district;
    std::vector<std::string> sectors;
    std::string region;                         ///< NBS code where it is based
    std::string home;                           ///< id of its home incubator, or empty
    double credit = 0.0;                        ///< credit score 0–100
    std::string attributes;                     ///< extra data: a compact JSON object text, or empty
};

/// A service-resource consortium (服务资源联合体, §5.1): incubators that pool some of their
/// services to serve, offline, needs the platform matched online. The matcher may serve a
/// need from the resources of any member of a consortium the need's incubator belongs to,
/// for the pooled services only (match::ResourceMatcher, docs/algorithms/matching.md).
struct Consortium {
    std::string id;
    std::string name;
    std::vector<std::string> members;           ///< node ids (at least two, each once)
    std::vector<std::string> services;          ///< pooled service ids (vocabulary; at least one)
    std::string region;                         ///< NBS code of the area it serves
    std::string attributes;                     ///< extra data: a compact JSON object text, or empty

    /// True when `service` lies within one of the pooled services (service tree).
    bool pools(std::string_view service, const Vocabulary& vocabulary) const noexcept;
    bool has_member(std::string_view node) const noexcept;
};

/// A cooperation contract between incubators (契约化管理, §5.4): its parties may refer to one
/// another (the referral move "contract") for the services of its scope, within its period.
struct Contract {
    std::string id;
    std::string name;
    std::vector<std::string> parties;           ///< node ids (at least two, each once)
    std::vector<std::string> scope;             ///< service ids it covers (vocabulary; at least one)
    std::string start;                          ///< first day in force, ISO 8601 "YYYY-MM-DD"
    std::string end;                            ///< last day in force, or empty: open-ended
    std::string terms;                          ///< the terms, free text
    std::string attributes;                     ///< extra data: a compact JSON object text, or empty

    /// True when `service` lies within one of the scope's services (service tree).
    bool covers(std::string_view service, const Vocabulary& vocabulary) const noexcept;
    /// True on the days from start to end (inclusive); `date` is "YYYY-MM-DD".
    bool in_force(std::string_view date) const noexcept;
    bool has_party(std::string_view node) const noexcept;
};

// ------------------------------------------------------------------ the network

class Network {
public:
    std::string name;
    std::string description;
    Vocabulary vocabulary = default_vocabulary();
    std::vector<Region> regions;
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    std::vector<Organization> organizations;
    std::vector<Consortium> consortia;          ///< absent in a file: none
    std::vector<Contract> contracts;            ///< absent in a file: none
    StaffingStandards staffing;

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Index of the node / organization / region with this id (code), or npos.
    /// With duplicate ids the first record wins (validate() reports the duplicates).
    std::size_t node_index(std::string_view id) const;
    std::size_t organization_index(std::string_view id) const;
    std::size_t region_index(std::string_view code) const;

    const Node* find_node(std::string_view id) const;
    const Organization* find_organization(std::string_view id) const;
    const Region* find_region(std::string_view code) const;

    /// The nearest ancestor of `code` present in the region table ("" when none).
    std::string parent_region(std::string_view code) const;
    /// The district-level (6-digit) code `code` lies in, or "" when it is above that level.
    static std::string district_of(std::string_view code);

    /// Counts of nodes by tier, indexed by static_cast<int>(Tier).
    std::array<std::size_t, tier_count> count_by_tier() const;

    /// Rebuild the id indexes now. Lookups call it lazily after the record vectors change
    /// size; call it after editing ids in place, and before reading from several threads.
    void reindex() const;

private:
    struct Index {
        Index() = default;
        // A copy must not share views into another network's strings: it starts empty.
        Index(const Index&) noexcept {}
        Index& operator=(const Index&) noexcept { *this = Index(); return *this; }
        Index(Index&&) noexcept = default;
        Index& operator=(Index&&) noexcept = default;
        std::unordered_map<std::string_view, std::size_t> nodes, orgs, regions;
        std::size_t n_nodes = npos, n_orgs = npos, n_regions = npos;
        const void* nodes_data = nullptr;
        const void* orgs_data = nullptr;
        const void* regions_data = nullptr;
    };
    mutable Index index_;
    void ensure_index() const;
};

}  // namespace hatchnet
