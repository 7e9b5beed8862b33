// HSDS export / import: export -> import -> export gives the same bytes, the imported nodes
// equal the exported ones field by field, the specification's own examples import, and files
// that break the schema are refused naming the file, the record and the field.
#include <doctest/doctest.h>

#include <filesystem>

#include "hatchnet/io/hsds.hpp"
#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/demand.hpp"

using namespace hatchnet;
namespace fs = std::filesystem;

namespace {

const Network& beijing() {
    static const Network n = io::load_json_file(HATCHNET_TEST_DATA_DIR "/beijing.json.gz");
    return n;
}

/// The first guidance parent of each node, as the export writes it.
std::string first_parent(const Network& net, const std::string& id) {
    for (const auto& e : net.edges)
        if (e.type == Relation::guidance && e.to == id) return e.from;
    return "";
}

void same_node(const Node& a, const Node& b) {
    CHECK(a.id == b.id);
    CHECK(a.name == b.name);
    CHECK(a.tier == b.tier);
    CHECK(a.region == b.region);
    CHECK(a.sectors == b.sectors);
    CHECK(a.services == b.services);
    CHECK(a.capacity == b.capacity);
    CHECK(a.occupied == b.occupied);
    CHECK(a.capacity_updated == b.capacity_updated);
    CHECK(a.op == b.op);
    CHECK(a.lat == b.lat);
    CHECK(a.lon == b.lon);
    CHECK(a.score == b.score);
    CHECK(a.sponsor == b.sponsor);
    CHECK(a.build == b.build);
    CHECK(a.operation == b.operation);
    CHECK(a.staff.has_value() == b.staff.has_value());
    if (a.staff && b.staff) {
        CHECK(a.staff->total == b.staff->total);
        CHECK(a.staff->trained == b.staff->trained);
        CHECK(a.staff->funded_posts == b.staff->funded_posts);
        CHECK(a.staff->pay == b.staff->pay);
    }
    CHECK(a.attributes == b.attributes);
}

std::map<std::string, std::string> with(std::map<std::string, std::string> files, const std::string& name,
                                        const std::string& from, const std::string& to) {
    auto& text = files.at(name);
    const auto p = text.find(from);
    REQUIRE(p != std::string::npos);
    text.replace(p, from.size(), to);
    return files;
}

std::string error_of(const std::map<std::string, std::string>& files, const io::HsdsImportOptions& opt = {}) {
    try {
        io::import_hsds_files(files, opt);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("export -> import -> export gives the same bytes, JSON and CSV, with resources and needs") {
    Network net = beijing();
    // staff and modes on a few nodes, so every attribute is exercised
    net.nodes[0].staff = Staff{12, 7, 3, 6543.5};
    net.nodes[1].staff = Staff{4, 0, 0, std::nullopt};
    net.nodes[1].build = BuildMode::co_build;
    net.nodes[1].operation = OperationMode::publicly_built_socially_run;
    net.nodes[2].score = 81.25;
    net.nodes[2].attributes = R"({"note":"a, \"quoted\" text"})";
    const auto demand = synth::demand(net, {.seed = 7, .needs = 300});
    io::HsdsExportOptions opt;
    opt.resources = &demand.resources;
    opt.needs = &demand.needs;
    const auto files = io::hsds_files(net, opt);
    CHECK(files.count("json/organizations.json"));
    CHECK(files.count("csv/datapackage.json"));
    CHECK(files.count("csv/needs.json"));

    const fs::path dir = fs::temp_directory_path() / "hatchnet-test-hsds";
    fs::remove_all(dir);
    io::export_hsds(net, dir.string(), opt);
    for (const char* sub : {"json", "csv"}) {
        io::HsdsImportOptions in;
        in.base = &net;
        const auto back = io::import_hsds((dir / sub).string(), in);
        io::HsdsExportOptions again = opt;
        again.resources = &back.resources;
        again.needs = &back.needs;
        CHECK(io::hsds_files(back.network, again) == files);
        REQUIRE(back.network.nodes.size() == net.nodes.size());
        for (std::size_t i = 0; i < net.nodes.size(); ++i) {
            same_node(back.network.nodes[i], net.nodes[i]);
            CHECK(first_parent(back.network, net.nodes[i].id) == first_parent(net, net.nodes[i].id));
        }
        CHECK(back.resources.size() == demand.resources.size());
        CHECK(back.needs.size() == demand.needs.size());
        CHECK(back.network.vocabulary.services.size() == net.vocabulary.services.size());
    }
    // the directory itself (json/ preferred) imports too
    CHECK(io::import_hsds(dir.string(), {.base = &net}).network.nodes.size() == net.nodes.size());
    fs::remove_all(dir);
}

TEST_CASE("identifiers are name-based UUIDs; a UUID node id is kept") {
    CHECK(io::hsds_uuid("node:a") == io::hsds_uuid("node:a"));
    CHECK(io::hsds_uuid("node:a") != io::hsds_uuid("node:b"));
    const std::string u = io::hsds_uuid("x");
    CHECK(u.size() == 36);
    CHECK(u[14] == '5');  // version 5
    Network net;
    net.regions.push_back({"11", "北京市", "province"});
    Node n;
    n.id = "3a19ff88-4620-4d17-9830-ac1d859eb5d5";
    n.tier = Tier::social;
    n.region = "11";
    net.nodes.push_back(n);
    const auto f = io::hsds_files(net, {.format = io::HsdsFormat::csv});
    CHECK(f.at("organizations.csv").find("\n3a19ff88-4620-4d17-9830-ac1d859eb5d5,") != std::string::npos);
}

TEST_CASE("the specification's examples import: CSV package and dereferenced JSON") {
    io::HsdsImportOptions opt;
    opt.default_region = "11";
    for (const char* sub : {"example-csv", "example-json"}) {
        CAPTURE(sub);
        const auto d = io::import_hsds(HATCHNET_SOURCE_DIR "/tests/data/hsds/" + std::string(sub), opt);
        REQUIRE(d.network.nodes.size() == 1);
        const Node& n = d.network.nodes[0];
        CHECK(n.id == "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610");
        CHECK(n.name == "Example Organization Inc.");
        CHECK(n.tier == Tier::social);
        CHECK(n.region == "11");
        REQUIRE(n.services.size() == 1);
        CHECK(n.services[0] == "hsds:Community Counselling");
        CHECK(d.network.vocabulary.has_service("hsds:Community Counselling"));
        CHECK(d.network.edges.empty());  // its parent organization is not in the directory
        // and it exports again (a UUID id keeps its identifier)
        const auto files = io::hsds_files(d.network, {.format = io::HsdsFormat::json});
        CHECK(files.at("organizations.json").find("d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610") != std::string::npos);
    }
    // without a region for foreign organizations, the record is named
    const std::string e = error_of({{"organizations.json", io::read_file(HATCHNET_SOURCE_DIR
                                                                         "/tests/data/hsds/example-json/organizations.json")}});
    CHECK(e.find("file organizations.json") != std::string::npos);
    CHECK(e.find("default region") != std::string::npos);
}

TEST_CASE("files that break the schema: an input_error naming file, record and field") {
    Network net;
    net.regions.push_back({"11", "北京市", "province"});
    net.regions.push_back({"110105", "朝阳区", "district"});
    Node n;
    n.id = "d1";
    n.name = "朝阳区社会组织发展服务中心";
    n.tier = Tier::district;
    n.region = "110105";
    n.services = {"training"};
    net.nodes.push_back(n);
    const auto csv = io::hsds_files(net, {.format = io::HsdsFormat::csv});
    const auto json = io::hsds_files(net, {.format = io::HsdsFormat::json});
    CHECK(error_of(csv, {.base = &net}).empty());
    CHECK(error_of(json, {.base = &net}).empty());

    const std::string org = io::hsds_uuid("organization:d1");
    // a required field left empty
    auto e = error_of(with(csv, "organizations.csv", "朝阳区社会组织发展服务中心", ""), {.base = &net});
    CHECK(e.find("file organizations.csv, row 1: field 'name'") != std::string::npos);
    // not a UUID
    e = error_of(with(csv, "services.csv", org, "not-a-uuid"), {.base = &net});
    CHECK(e.find("file services.csv, row 1: field 'organization_id'") != std::string::npos);
    // outside an enumeration
    e = error_of(with(csv, "services.csv", ",active,", ",open,"), {.base = &net});
    CHECK(e.find("file services.csv, row 1: field 'status'") != std::string::npos);
    // a row with a field too many, an unclosed quote
    e = error_of(with(csv, "taxonomies.csv", ",1\n", ",1,extra\n"), {.base = &net});
    CHECK(e.find("file taxonomies.csv, row 1") != std::string::npos);
    e = error_of(with(csv, "locations.csv", ",physical,", ",\"physical,"), {.base = &net});
    CHECK(e.find("file locations.csv") != std::string::npos);
    // a required column missing
    e = error_of(with(csv, "services.csv", "id,organization_id,program_id,name,", "id,organization_id,program_id,nome,"),
                 {.base = &net});
    CHECK(e.find("file services.csv, line 1: field 'name'") != std::string::npos);
    // JSON: a wrong type, nested
    e = error_of(with(json, "organizations.json", "\"location_type\": \"physical\"", "\"location_type\": 3"),
                 {.base = &net});
    CHECK(e.find("file organizations.json, contents[0].locations[0]: field 'location_type'") != std::string::npos);
    // a hatchnet attribute whose value is not of its field's type
    e = error_of(with(csv, "attributes.csv", ",organization,district\n", ",organization,metropolis\n"), {.base = &net});
    CHECK(e.find("file attributes.csv, row") != std::string::npos);
    CHECK(e.find("field 'value'") != std::string::npos);
    // a network the validator refuses (region not in the base's table)
    e = error_of(with(csv, "attributes.csv", ",organization,110105\n", ",organization,110199\n"), {.base = &net});
    CHECK(e.find("110199") != std::string::npos);
    // malformed JSON
    e = error_of(with(json, "services.json", "{", "{{"), {.base = &net});
    CHECK(e.find("file services.json") != std::string::npos);
}
