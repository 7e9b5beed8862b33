// The tiers' mandated functions (§4): the vocabulary's functions and mandates, their
// validation, the missing-function warnings and their JSON.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "hatchnet/io/json.hpp"
#include "hatchnet/validate.hpp"
#include "../test_nodes.hpp"

using namespace hatchnet;

namespace {

Node make(const std::string& id, Tier t, const std::string& region, std::vector<std::string> services) {
    return test::make_node(id, t, region, std::move(services));
}

/// The ids of the functions reported missing for `node`, one entry per warning.
std::vector<std::string> missing(const ValidationReport& r, const std::string& node) {
    std::vector<std::string> out;
    for (const auto& w : r.warnings) {
        if (w.code != "missing_function" || w.record != "node " + node) continue;
        CHECK(w.field == "services");
        auto a = w.message.find('\''), b = w.message.find('\'', a + 1);
        REQUIRE(b != std::string::npos);
        out.push_back(w.message.substr(a + 1, b - a - 1));
    }
    return out;
}

/// An independent reference: for each mandated function of the tier, does any offered service
/// have the function's service among its ancestors-or-self (walking parents by hand)?
std::vector<std::string> reference_missing(const Vocabulary& v, const Node& n) {
    std::vector<std::string> out;
    for (const auto& fid : v.mandates[std::size_t(n.tier)]) {
        const Vocabulary::Function* f = nullptr;
        for (const auto& g : v.functions)
            if (g.id == fid) f = &g;
        REQUIRE(f);
        bool done = false;
        for (const auto& s : n.services) {
            std::string cur = s;
            for (int step = 0; step < 64 && !cur.empty() && !done; ++step) {
                if (std::find(f->services.begin(), f->services.end(), cur) != f->services.end()) done = true;
                std::string parent;
                for (const auto& t : v.services)
                    if (t.id == cur) parent = t.parent;
                cur = parent;
            }
        }
        if (!done) out.push_back(fid);
    }
    return out;
}

Network crafted() {
    Network net;
    net.regions = {{"11", "City", "province", {}}, {"110101", "East", "district", {}},
                   {"110101001", "East 1", "street", {}}};
    // the center offers all but international exchange and party building; "credit" is
    // under "information", so it performs information publishing too
    net.nodes.push_back(make("cc", Tier::city_center, "11",
                             {"credit", "resource_allocation", "system_management", "standards", "one_stop",
                              "social_entrepreneurship"}));
    // the district lacks level linkage and district projects; "office" twice
    net.nodes.push_back(make("d", Tier::district, "110101",
                             {"information", "project_matching", "policy", "office", "office", "training",
                              "party_building"}));
    // the street performs everything: "volunteers" lies under "people"
    net.nodes.push_back(make("s", Tier::street, "110101001",
                             {"venue", "funds", "volunteers", "federation", "registration", "three_social",
                              "project_landing"}));
    net.edges.push_back({"cc", "d", Relation::guidance, false, ""});
    net.edges.push_back({"d", "s", Relation::guidance, false, ""});
    return net;
}

}  // namespace

TEST_CASE("default mandates: every tier of §4 has functions, each performed by known services") {
    const auto& v = default_vocabulary();
    CHECK(v.mandates[std::size_t(Tier::city_center)].size() == 9);
    CHECK(v.mandates[std::size_t(Tier::district)].size() == 8);
    CHECK(v.mandates[std::size_t(Tier::street)].size() == 7);
    CHECK(v.mandates[std::size_t(Tier::community)].empty());
    Network net;  // the default vocabulary, no nodes
    auto rep = validate(net);
    CHECK(rep.errors.empty());
    for (const auto& f : v.functions) {
        CHECK_FALSE(f.services.empty());
        for (const auto& s : f.services) CHECK(v.has_service(s));
    }
}

TEST_CASE("missing functions: each reported once, naming node and function, as a reference finds them") {
    Network net = crafted();
    auto rep = validate(net);
    REQUIRE(rep.errors.empty());
    CHECK(missing(rep, "cc") == std::vector<std::string>{"party_building", "international_exchange"});
    CHECK(missing(rep, "d") == std::vector<std::string>{"level_linkage", "district_projects"});
    CHECK(missing(rep, "s").empty());
    for (const auto& n : net.nodes) CHECK(missing(rep, n.id) == reference_missing(net.vocabulary, n));
    // a node with no services lacks every mandated function of its tier, each once
    net.nodes.push_back(make("s2", Tier::street, "110101001", {}));
    net.edges.push_back({"d", "s2", Relation::guidance, false, ""});
    rep = validate(net);
    auto m = missing(rep, "s2");
    CHECK(m == net.vocabulary.mandates[std::size_t(Tier::street)]);
    CHECK(std::set<std::string>(m.begin(), m.end()).size() == m.size());
}

TEST_CASE("custom mandates: a tier's own functions; unknown or doubled entries are errors naming record and field") {
    Network net = crafted();
    net.vocabulary.functions.push_back({"elder_hotline", "Elder hotline", {"legal"}});
    net.vocabulary.mandates[std::size_t(Tier::community)] = {"elder_hotline"};
    net.nodes.push_back(make("c", Tier::community, "110101001", {"accounting"}));
    net.regions.push_back({"110101001001", "C", "residents_committee", {}});
    net.nodes.back().region = "110101001001";
    net.edges.push_back({"s", "c", Relation::guidance, false, ""});
    auto rep = validate(net);
    REQUIRE(rep.errors.empty());
    CHECK(missing(rep, "c") == std::vector<std::string>{"elder_hotline"});

    net.vocabulary.mandates[std::size_t(Tier::community)] = {"elder_hotline", "no_such", "elder_hotline"};
    net.vocabulary.functions.push_back({"ghost", "", {"no_service"}});
    net.vocabulary.functions.push_back({"empty", "", {}});
    rep = validate(net);
    auto has = [&](const std::string& code, const std::string& record, const std::string& field) {
        return std::any_of(rep.errors.begin(), rep.errors.end(), [&](const Issue& i) {
            return i.code == code && i.record == record && i.field == field;
        });
    };
    CHECK(has("unknown_reference", "vocabulary.mandates community", "[1]"));
    CHECK(has("duplicate_id", "vocabulary.mandates community", "[2]"));
    CHECK(has("unknown_reference", "vocabulary.functions ghost", "services[0]"));
    CHECK(has("missing_field", "vocabulary.functions empty", "services"));
    CHECK(missing(rep, "c") == std::vector<std::string>{"elder_hotline"});  // still once
}

TEST_CASE("functions and mandates: JSON round trip, defaults, bad input refused whole") {
    Network net = crafted();
    net.vocabulary.mandates[std::size_t(Tier::social)] = {"training"};
    for (int indent : {-1, 2}) {
        io::SaveOptions so;
        so.indent = indent;
        std::string text = io::save_json(net, so);
        Network back = io::load_json(text);
        CHECK(back.vocabulary.mandates == net.vocabulary.mandates);
        REQUIRE(back.vocabulary.functions.size() == net.vocabulary.functions.size());
        for (std::size_t i = 0; i < back.vocabulary.functions.size(); ++i) {
            CHECK(back.vocabulary.functions[i].id == net.vocabulary.functions[i].id);
            CHECK(back.vocabulary.functions[i].services == net.vocabulary.functions[i].services);
        }
        CHECK(io::save_json(back, so) == text);
    }
    // no vocabulary: the defaults; services of its own but no functions: none
    const std::string head = R"({"format":"hatchnet-network","version":1,"regions":[{"code":"11"}],)";
    Network d = io::load_json(head + R"("nodes":[{"id":"cc","tier":"city_center","region":"11"}]})");
    CHECK(d.vocabulary.mandates == default_vocabulary().mandates);
    Network own = io::load_json(head + R"("vocabulary":{"services":[{"id":"x"}]},"nodes":[]})");
    CHECK(own.vocabulary.functions.empty());
    CHECK(own.vocabulary.mandates[0].empty());

    auto refused = [&](const std::string& voc, const std::string& record, const std::string& field) {
        ValidationReport rep;
        io::LoadOptions lo;
        lo.report = &rep;
        CHECK_THROWS_AS(io::load_json(head + R"("vocabulary":)" + voc + R"(,"nodes":[]})", lo), validation_error);
        bool named = std::any_of(rep.errors.begin(), rep.errors.end(),
                                 [&](const Issue& i) { return i.record == record && i.field == field; });
        CHECK_MESSAGE(named, voc);
    };
    refused(R"({"mandates":{"ward":["training"]}})", "vocabulary.mandates", "ward");
    refused(R"({"mandates":{"street":["no_such"]}})", "vocabulary.mandates street", "[0]");
    refused(R"({"mandates":{"street":[3]}})", "vocabulary.mandates", "street[0]");
    refused(R"({"functions":[{"id":"f","services":["nowhere"]}]})", "vocabulary.functions f", "services[0]");
    refused(R"({"functions":[{"id":"f","services":["venue"],"tier":"street"}]})", "vocabulary.functions[0]", "tier");
    refused(R"({"functions":{}})", "vocabulary", "functions");
}
