// Staff indicators per incubator and per district (hatchnet/coverage/staffing.hpp).
#include "hatchnet/coverage/staffing.hpp"

#include <cmath>
#include <map>

namespace hatchnet::coverage {

namespace {
double ratio(double a, double b) { return b > 0 ? a / b : nan; }

void add(StaffDistrict& d, const StaffRow& r, double& pay_sum, std::int64_t& pay_staff) {
    ++d.nodes;
    d.occupied += r.occupied;
    if (!r.recorded) return;
    ++d.recorded;
    d.staff += r.staff;
    d.trained += r.trained;
    d.funded_posts += r.funded_posts;
    if (r.below_floor) ++d.below_floor;
    if (std::isfinite(r.pay) && r.staff > 0) {
        pay_sum += r.pay * double(r.staff);
        pay_staff += r.staff;
    }
}

void finish(StaffDistrict& d, double pay_sum, std::int64_t pay_staff) {
    d.trained_share = ratio(double(d.trained), double(d.staff));
    d.funded_share = ratio(double(d.funded_posts), double(d.staff));
    d.orgs_per_staff = ratio(double(d.occupied), double(d.staff));
    d.mean_pay = ratio(pay_sum, double(pay_staff));
}
}  // namespace

StaffReport staffing(const Network& net) {
    StaffReport rep;
    if (net.staffing.pay_floor) rep.pay_floor = *net.staffing.pay_floor;
    if (net.staffing.min_trained_share) rep.min_trained_share = *net.staffing.min_trained_share;
    struct Acc {
        StaffDistrict d;
        double pay_sum = 0;
        std::int64_t pay_staff = 0;
    };
    std::map<std::string, Acc> by;
    Acc all;
    for (const auto& n : net.nodes) {
        StaffRow r;
        r.node = n.id;
        r.tier = n.tier;
        r.district = Network::district_of(n.region);
        r.occupied = n.occupied;
        if (n.staff) {
            const Staff& s = *n.staff;
            r.recorded = true;
            r.staff = s.total;
            r.trained = s.trained;
            r.funded_posts = s.funded_posts;
            if (s.pay) r.pay = *s.pay;
            r.trained_share = ratio(double(s.trained), double(s.total));
            r.funded_share = ratio(double(s.funded_posts), double(s.total));
            r.orgs_per_staff = ratio(double(n.occupied), double(s.total));
            if (s.pay && std::isfinite(rep.pay_floor)) {
                r.pay_ratio = ratio(*s.pay, rep.pay_floor);
                r.below_floor = *s.pay < rep.pay_floor;
            }
            r.below_trained_share = std::isfinite(rep.min_trained_share) && s.total > 0 &&
                                    r.trained_share < rep.min_trained_share;
        }
        add(all.d, r, all.pay_sum, all.pay_staff);
        if (!r.district.empty()) {
            Acc& a = by[r.district];
            add(a.d, r, a.pay_sum, a.pay_staff);
        }
        rep.nodes.push_back(std::move(r));
    }
    finish(all.d, all.pay_sum, all.pay_staff);
    rep.total = all.d;
    for (auto& [code, a] : by) {
        finish(a.d, a.pay_sum, a.pay_staff);
        a.d.code = code;
        if (const Region* reg = net.find_region(code)) a.d.name = reg->name;
        rep.districts.push_back(a.d);
    }
    if (rep.total.recorded == 0) rep.notes.push_back("no node has staff data");
    if (!std::isfinite(rep.pay_floor)) rep.notes.push_back("no pay floor set (staffing.pay_floor)");
    return rep;
}

}  // namespace hatchnet::coverage
