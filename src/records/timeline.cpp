// Dated facts and the network on a date. See hatchnet/records/timeline.hpp.
#include "hatchnet/records/timeline.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "hatchnet/error.hpp"
#include "hatchnet/records/store.hpp"

namespace hatchnet::records {

namespace {
constexpr std::array<std::string_view, fact_kind_count> kind_names{"opened", "closed", "capacity", "registered", "stage"};
bool about_node(FactKind k) { return k == FactKind::opened || k == FactKind::closed || k == FactKind::capacity; }
}  // namespace

std::string_view to_string(FactKind k) noexcept {
    return std::size_t(k) < kind_names.size() ? kind_names[std::size_t(k)] : "?";
}
std::optional<FactKind> parse_fact_kind(std::string_view s) noexcept {
    for (std::size_t i = 0; i < kind_names.size(); ++i)
        if (kind_names[i] == s) return FactKind(i);
    return std::nullopt;
}

void check_fact(const Fact& f, const Network& base, const std::string& rec) {
    if (!is_date(f.at)) throw input_error(rec, "at", "expected a date YYYY-MM-DD, got '" + printable_utf8(f.at) + "'");
    if (about_node(f.kind) ? !base.find_node(f.subject) : !base.find_organization(f.subject))
        throw input_error(rec, "subject",
                          std::string("unknown ") + (about_node(f.kind) ? "incubator" : "organization") + " '" +
                              printable_utf8(f.subject) + "'");
    switch (f.kind) {
        case FactKind::capacity: {
            std::int64_t v = -1;
            auto [p, ec] = std::from_chars(f.value.data(), f.value.data() + f.value.size(), v);
            if (ec != std::errc() || p != f.value.data() + f.value.size() || v < 0)
                throw input_error(rec, "value", "a capacity is a whole number >= 0, got '" + printable_utf8(f.value) + "'");
            break;
        }
        case FactKind::registered:
            if (!f.value.empty() && !parse_registration(f.value))
                throw input_error(rec, "value", "a registration level is city, district or street");
            break;
        case FactKind::stage:
            if (!hatchnet::parse_stage(f.value)) throw input_error(rec, "value", "a stage is founding, growing or mature");
            break;
        default:
            if (!f.value.empty()) throw input_error(rec, "value", "opened and closed facts carry no value");
    }
}

Network Timeline::at(const Network& base, std::string_view date) const {
    if (!is_date(date)) throw input_error("timeline", "date", "expected a date YYYY-MM-DD, got '" + printable_utf8(date) + "'");
    std::vector<const Fact*> order;
    for (const auto& f : facts) order.push_back(&f);
    std::stable_sort(order.begin(), order.end(), [](const Fact* a, const Fact* b) { return a->at < b->at; });
    std::unordered_map<std::string, bool> open;            // node -> open per its last fact <= date
    std::unordered_set<std::string> opens_later;           // nodes with an opened fact after date
    std::unordered_map<std::string, const Fact*> capacity, stage, registered;
    std::unordered_set<std::string> registers_later;
    for (const Fact* f : order) {
        const bool past = f->at <= date;
        switch (f->kind) {
            case FactKind::opened:
            case FactKind::closed:
                if (past) open[f->subject] = f->kind == FactKind::opened;
                else if (f->kind == FactKind::opened) opens_later.insert(f->subject);
                break;
            case FactKind::capacity: if (past) capacity[f->subject] = f; break;
            case FactKind::stage: if (past) stage[f->subject] = f; break;
            case FactKind::registered:
                if (past) registered[f->subject] = f;
                else if (!registered.count(f->subject)) registers_later.insert(f->subject);
                break;
        }
    }
    Network net;
    net.name = base.name;
    net.description = base.description;
    net.vocabulary = base.vocabulary;
    net.regions = base.regions;
    std::unordered_set<std::string> gone;
    for (const auto& n : base.nodes) {
        auto it = open.find(n.id);
        const bool is_open = it != open.end() ? it->second : !opens_later.count(n.id);
        if (!is_open) {
            gone.insert(n.id);
            continue;
        }
        Node m = n;
        if (auto c = capacity.find(n.id); c != capacity.end()) {
            m.capacity = std::stoll(c->second->value);
            m.capacity_updated = c->second->at;
            m.occupied = std::min(m.occupied, m.capacity);
        }
        net.nodes.push_back(std::move(m));
    }
    for (const auto& e : base.edges)
        if (!gone.count(e.from) && !gone.count(e.to)) net.edges.push_back(e);
    for (const auto& o : base.organizations) {
        if (registers_later.count(o.id) && !registered.count(o.id)) continue;
        Organization p = o;
        if (gone.count(p.home)) p.home.clear();
        if (auto s = stage.find(o.id); s != stage.end()) p.stage = *hatchnet::parse_stage(s->second->value);
        if (auto r = registered.find(o.id); r != registered.end() && !r->second->value.empty())
            p.registration = *parse_registration(r->second->value);
        net.organizations.push_back(std::move(p));
    }
    net.reindex();
    return net;
}

}  // namespace hatchnet::records
