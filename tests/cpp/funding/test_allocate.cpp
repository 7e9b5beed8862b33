// Multi-fund allocation: a hand case, the reasons, and random instances checked for every
// constraint and against a brute-force optimum (all integer allocations enumerated).
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

#include "hatchnet/error.hpp"
#include "hatchnet/funding/funding.hpp"
#include "hatchnet/limits.hpp"
#include "../test_rng.hpp"
#include "fixture.hpp"

using namespace hatchnet;
using namespace hatchnet::funding;

namespace {

Fund fund(std::string id, double amount, std::vector<Earmark> marks = {}) {
    Fund f;
    f.id = std::move(id);
    f.amounts[2024] = amount;
    f.earmarks = std::move(marks);
    return f;
}

CostItem item(std::string id, double amount, Tier t, std::string region, Purpose p = Purpose::build) {
    CostItem i;
    i.id = std::move(id);
    i.amount = amount;
    i.tier = t;
    i.region = std::move(region);
    i.purpose = p;
    return i;
}

}  // namespace

TEST_CASE("allocate: a hand case — earmarked money goes where only it may, general money fills the rest") {
    const Network net = test::funding_network();
    Book b;
    Earmark streets;
    streets.id = "streets";
    streets.tiers = {Tier::street};
    streets.cap = 60;
    b.funds = {fund("general", 100), fund("lottery", 80, {streets})};
    const std::vector<CostItem> items = {item("d", 90, Tier::district, "110101"),
                                         item("s1", 50, Tier::street, "110101001"),
                                         item("s2", 40, Tier::street, "110102001")};
    const auto r = allocate(b, items, net);
    // Max fundable: general 100 + lottery's street cap 60 = 160 of 180.
    CHECK(r.funded == 160);
    CHECK(r.unfunded == 20);
    CHECK(r.funds[1].allocated == 60);  // the lottery's cap binds
    CHECK(r.funds[0].allocated == 100);
    // The district item has priority rank 0: fully funded (only general can pay it).
    CHECK(r.items[0].funded == 90);
    CHECK(r.items[2].shortfall == 20);   // the last item gets what is left
    CHECK(r.items[2].reason.find("general (fund total reached)") != std::string::npos);
    CHECK(r.items[2].reason.find("lottery earmark streets (cap reached)") != std::string::npos);
}

TEST_CASE("allocate: an item no fund admits is reported with each fund's reason") {
    const Network net = test::funding_network();
    Book b;
    Earmark streets;
    streets.id = "streets";
    streets.tiers = {Tier::street};
    Fund dc = fund("dc", 10);
    dc.kind = FundKind::district_special;
    dc.district = "110101";
    b.funds = {fund("lottery", 80, {streets}), dc};
    const auto r = allocate(b, {item("x", 5, Tier::district, "110102")}, net);
    CHECK(r.funded == 0);
    CHECK(r.items[0].reason.rfind("no fund admits it", 0) == 0);
    CHECK(r.items[0].reason.find("lottery (earmark streets: tier district not admitted)") != std::string::npos);
    CHECK(r.items[0].reason.find("dc (fund dc pays only in 110101)") != std::string::npos);
}

TEST_CASE("allocate: contracts charged to a fund use its money first; bad items are refused") {
    const Network net = test::funding_network();
    Book b;
    b.funds = {fund("general", 100)};
    funding::Contract c;
    c.id = "c";
    c.buyer = "bureau";
    c.fund = "general";
    c.incubator = "street-110101001";
    c.amount = 30;
    c.start = Date{2024, 1, 1};
    c.end = Date{2024, 12, 31};
    b.contracts = {c};
    const auto r = allocate(b, {item("a", 100, Tier::street, "110101001")}, net);
    CHECK(r.funds[0].committed == doctest::Approx(30));
    CHECK(r.funded == 70);
    AllocateOptions o;
    o.year = 2030;
    CHECK_THROWS_AS(allocate(b, {}, net, o), input_error);
    CHECK_THROWS_AS(allocate(b, {item("a", -1, Tier::street, "")}, net), input_error);
    CHECK_THROWS_AS(allocate(b, {item("a", 1, Tier::street, ""), item("a", 2, Tier::street, "")}, net), input_error);
}

namespace {

/// A random small instance with integer amounts.
struct Instance {
    Book book;
    std::vector<CostItem> items;
};

Instance random_instance(test::Rng& rng, int max_funds, int max_items, int max_amount) {
    static const std::vector<std::string> regions = {"110101001", "110102001", "110101"};
    static const std::vector<Tier> tiers = {Tier::district, Tier::street, Tier::social};
    Instance in;
    const int F = 1 + int(rng.below(std::uint64_t(max_funds)));
    for (int f = 0; f < F; ++f) {
        Fund fu = fund("f" + std::to_string(f), double(rng.below(std::uint64_t(2 * max_amount + 1))));
        const int E = int(rng.below(3));
        for (int e = 0; e < E; ++e) {
            Earmark m;
            m.id = "e" + std::to_string(e);
            if (rng.chance(0.5)) m.tiers = {tiers[rng.below(3)]};
            if (rng.chance(0.3)) m.districts = {rng.chance(0.5) ? "110101" : "110102"};
            if (rng.chance(0.3)) m.purposes = {rng.chance(0.5) ? Purpose::build : Purpose::services};
            if (rng.chance(0.6)) m.cap = double(rng.below(std::uint64_t(fu.amounts[2024] + 1)));
            fu.earmarks.push_back(m);
        }
        in.book.funds.push_back(fu);
    }
    const int I = 1 + int(rng.below(std::uint64_t(max_items)));
    for (int i = 0; i < I; ++i) {
        CostItem it = item("i" + std::to_string(i), double(rng.below(std::uint64_t(max_amount + 1))),
                           tiers[rng.below(3)], regions[rng.below(3)],
                           rng.chance(0.5) ? Purpose::build : Purpose::services);
        it.priority = double(rng.below(3));
        in.items.push_back(it);
    }
    return in;
}

/// The documented spending order: funds admitting fewer items first (an item counts when one
/// of the fund's earmarks, or its open earmark, admits it), input order within.
std::vector<std::int64_t> spending_order(const Instance& in, const Vocabulary& vocab) {
    const auto& funds = in.book.funds;
    std::vector<std::pair<std::size_t, std::size_t>> key;  // (items admitted, index)
    for (std::size_t f = 0; f < funds.size(); ++f) {
        std::size_t n = 0;
        for (const auto& it : in.items) {
            bool ok = funds[f].earmarks.empty() && admits(funds[f], Earmark{}, it, vocab);
            for (const auto& e : funds[f].earmarks) ok = ok || admits(funds[f], e, it, vocab);
            n += ok;
        }
        key.emplace_back(n, f);
    }
    std::sort(key.begin(), key.end());
    std::vector<std::int64_t> order(funds.size());
    for (std::size_t k = 0; k < key.size(); ++k) order[key[k].second] = std::int64_t(k);
    return order;
}

/// The (fund, earmark) routes of a book, as the documentation defines them.
struct BruteRoute {
    std::size_t fund;
    const Earmark* mark;
    std::int64_t cap;
};

/// Exhaustive search over all integer amounts on every admissible (route, item) pair: the
/// lexicographic optimum (most money funded, then least Σ x · (F · rank_i + order_f)).
std::pair<std::int64_t, std::int64_t> brute_force(const Instance& in, const Vocabulary& vocab) {
    const auto& funds = in.book.funds;
    const std::size_t F = funds.size(), I = in.items.size();
    static const Earmark open{};
    std::vector<BruteRoute> routes;
    std::vector<std::int64_t> fund_left(F);
    for (std::size_t f = 0; f < F; ++f) {
        fund_left[f] = std::int64_t(funds[f].amounts.at(2024));
        if (funds[f].earmarks.empty()) routes.push_back({f, &open, fund_left[f]});
        for (const auto& e : funds[f].earmarks) routes.push_back({f, &e, e.cap ? std::int64_t(*e.cap) : fund_left[f]});
    }
    // spending order: earmarked funds first, input order within; item rank: priority desc, input order
    std::vector<std::int64_t> order = spending_order(in, vocab), rank(I);
    for (std::size_t i = 0; i < I; ++i) {
        std::int64_t r = 0;
        for (std::size_t j = 0; j < I; ++j)
            if (in.items[j].priority > in.items[i].priority || (in.items[j].priority == in.items[i].priority && j < i)) ++r;
        rank[i] = r;
    }
    std::vector<std::pair<std::size_t, std::size_t>> pairs;  // (route, item)
    for (std::size_t r = 0; r < routes.size(); ++r)
        for (std::size_t i = 0; i < I; ++i)
            if (admits(funds[routes[r].fund], *routes[r].mark, in.items[i], vocab)) pairs.emplace_back(r, i);
    std::vector<std::int64_t> item_left(I), route_left(routes.size());
    for (std::size_t i = 0; i < I; ++i) item_left[i] = std::int64_t(in.items[i].amount);
    for (std::size_t r = 0; r < routes.size(); ++r) route_left[r] = routes[r].cap;
    std::pair<std::int64_t, std::int64_t> best{-1, 0};
    std::function<void(std::size_t, std::int64_t, std::int64_t)> go = [&](std::size_t p, std::int64_t total, std::int64_t cost) {
        if (p == pairs.size()) {
            if (total > best.first || (total == best.first && cost < best.second)) best = {total, cost};
            return;
        }
        const auto [r, i] = pairs[p];
        const std::size_t f = routes[r].fund;
        const std::int64_t hi = std::min({item_left[i], route_left[r], fund_left[f]});
        const std::int64_t c = std::int64_t(F) * rank[i] + order[f];
        for (std::int64_t x = 0; x <= hi; ++x) {
            item_left[i] -= x; route_left[r] -= x; fund_left[f] -= x;
            go(p + 1, total + x, cost + x * c);
            item_left[i] += x; route_left[r] += x; fund_left[f] += x;
        }
    };
    go(0, 0, 0);
    return best;
}

}  // namespace

TEST_CASE("allocate: random instances never break an earmark or a fund total, and equal the brute-force optimum") {
    const Network net = test::funding_network();
    test::Rng rng(20170309);
    int compared = 0;
    for (int trial = 0; trial < 400; ++trial) {
        const bool small = trial % 2 == 0;
        Instance in = small ? random_instance(rng, 2, 3, 3) : random_instance(rng, 4, 8, 50);
        const auto r = allocate(in.book, in.items, net);
        // constraints
        std::map<std::string, double> by_fund, by_route, by_item;
        for (const auto& a : r.allocations) {
            CHECK(a.amount > 0);
            by_fund[a.fund] += a.amount;
            by_route[a.fund + "/" + a.earmark] += a.amount;
            by_item[a.item] += a.amount;
            const Fund* f = in.book.find_fund(a.fund);
            REQUIRE(f != nullptr);
            const auto it = std::find_if(in.items.begin(), in.items.end(), [&](const CostItem& c) { return c.id == a.item; });
            REQUIRE(it != in.items.end());
            if (f->earmarks.empty()) {
                CHECK(a.earmark.empty());
                CHECK(admits(*f, Earmark{}, *it, net.vocabulary));
            } else {
                const auto e = std::find_if(f->earmarks.begin(), f->earmarks.end(), [&](const Earmark& m) { return m.id == a.earmark; });
                REQUIRE(e != f->earmarks.end());
                CHECK(admits(*f, *e, *it, net.vocabulary));  // no earmark broken
                if (e->cap) CHECK(by_route[a.fund + "/" + a.earmark] <= *e->cap);
            }
        }
        for (const auto& f : in.book.funds) CHECK(by_fund[f.id] <= f.amounts.at(2024));  // no fund total exceeded
        for (const auto& i : in.items) CHECK(by_item[i.id] <= i.amount);
        double funded = 0;
        for (const auto& [id, v] : by_item) funded += v;
        CHECK(funded == r.funded);
        for (const auto& ir : r.items) CHECK((ir.shortfall > 0) == !ir.reason.empty());
        // optimality against exhaustive search
        if (small) {
            const auto [total, cost] = brute_force(in, net.vocabulary);
            CHECK(std::int64_t(r.funded) == total);
            std::int64_t got = 0;
            // recompute the engine's cost of its own allocation by the documented formula
            const std::size_t F = in.book.funds.size();
            const std::vector<std::int64_t> ord = spending_order(in, net.vocabulary);
            std::map<std::string, std::int64_t> order;
            for (std::size_t f = 0; f < F; ++f) order[in.book.funds[f].id] = ord[f];
            for (const auto& a : r.allocations) {
                const auto i = std::size_t(std::find_if(in.items.begin(), in.items.end(),
                                                        [&](const CostItem& c) { return c.id == a.item; }) - in.items.begin());
                std::int64_t rank = 0;
                for (std::size_t j = 0; j < in.items.size(); ++j)
                    if (in.items[j].priority > in.items[i].priority || (in.items[j].priority == in.items[i].priority && j < i)) ++rank;
                got += std::int64_t(a.amount) * (std::int64_t(F) * rank + order[a.fund]);
            }
            CHECK(got == cost);
            ++compared;
        }
    }
    CHECK(compared == 200);
}

TEST_CASE("regression: amounts whose sum overflows the 64-bit flow are refused naming the field, not the solver's arc") {
    const Network net = test::funding_network();
    Book b;
    for (int k = 0; k < 100; ++k) b.funds.push_back(fund("f" + std::to_string(k), 9e14));  // each within the unit limit
    std::vector<CostItem> items;
    for (int k = 0; k < 100; ++k) items.push_back(item("i" + std::to_string(k), 9e14, Tier::street, "110101001"));
    try {
        (void)allocate(b, items, net);
        FAIL("expected an input_error");
    } catch (const input_error& e) {
        const std::string w = e.what();
        CHECK(w.find("items") != std::string::npos);
        CHECK(w.find("'amount'") != std::string::npos);
        CHECK(w.find("unit") != std::string::npos);
        CHECK(w.find("MinCostFlow") == std::string::npos);
    }
    AllocateOptions o;
    o.unit = 1e6;  // the advice works: in millions the same instance solves, every fund spent
    const auto r = allocate(b, items, net, o);
    CHECK(r.funded == doctest::Approx(100 * 9e14));
}

TEST_CASE("regression: an item naming an unknown region, node or service is refused, not paid by an open fund") {
    const Network net = test::funding_network();
    Book b;
    b.funds = {fund("general", 100)};
    auto refused = [&](CostItem it, const char* field) {
        try {
            (void)allocate(b, {it}, net);
            FAIL("expected an input_error for ", field);
        } catch (const input_error& e) {
            const std::string w = e.what();
            CHECK(w.find("item x") != std::string::npos);
            CHECK(w.find(std::string("'") + field + "'") != std::string::npos);
        }
    };
    refused(item("x", 5, Tier::street, "99999"), "region");
    CostItem n = item("x", 5, Tier::street, "110101001");
    n.node = "no-such-node";
    refused(n, "node");
    CostItem s = item("x", 5, Tier::street, "110101001");
    s.services = {"no_such_service"};
    refused(s, "services");
    // the known ones still pass: a region, a parent region of a node, a node, a service
    CostItem ok = item("x", 5, Tier::street, "110101001");
    ok.node = "street-110101001";
    ok.services = {"venue"};
    CHECK(allocate(b, {ok, item("y", 5, Tier::district, "11")}, net).funded == 10);
}

TEST_CASE("regression: the item-earmark pairs tested are bounded, even when no earmark admits any item") {
    // 4 funds x 3 earmarks admitting nothing here, 10 items: 120 pairs tested, 0 eligible.
    // Before, only eligible pairs were counted, so 10^5 funds x 10^5 items ran 10^10 filter tests.
    const Network net = test::funding_network();
    Book b;
    Earmark none;
    none.tiers = {Tier::community};
    for (int f = 0; f < 4; ++f) {
        std::vector<Earmark> marks;
        for (int e = 0; e < 3; ++e) {
            none.id = "e" + std::to_string(e);
            marks.push_back(none);
        }
        b.funds.push_back(fund("f" + std::to_string(f), 10, marks));
    }
    std::vector<CostItem> items;
    for (int k = 0; k < 10; ++k) items.push_back(item("i" + std::to_string(k), 1, Tier::street, "110101001"));
    const Limits saved = limits();
    Limits l = saved;
    l.max_elements = 100;
    set_limits(l);
    CHECK_THROWS_AS((void)allocate(b, items, net), limit_error);
    l.max_elements = 120;
    set_limits(l);
    const auto r = allocate(b, items, net);
    set_limits(saved);
    CHECK(r.funded == 0);
    CHECK(r.items[0].reason.find("no fund admits it") == 0);
}
