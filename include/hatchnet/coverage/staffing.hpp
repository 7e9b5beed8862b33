// hatchnet/coverage/staffing.hpp — incubators' staff against the guidance's expectations.
//
// Problem: the guidance asks for professional, stable teams (§6.3 人才队伍建设: trained staff,
// funded posts through purchase of services, pay that keeps people). Node::staff records per
// incubator its staff, trained staff, funded posts and mean monthly pay; Network::staffing the
// bureau's floor for pay and its least share of trained staff. This report turns them into
// indicators per incubator (usable as evaluation indicator data, evaluate::IndicatorTable
// columns) and totals per district.
//
// Definitions (docs/policy.md, "Staff"):
//   trained_share  trained / staff (NaN when staff = 0);
//   pay_ratio      pay / pay_floor (NaN when either is unknown or the floor is 0);
//   orgs_per_staff occupied / staff (NaN when staff = 0);
//   funded_share   funded_posts / staff (NaN when staff = 0; above 1: vacant funded posts);
//   per district   sums over the nodes based in it (staff, trained, funded posts, nodes with
//                  staff data, nodes paid below the floor), the shares of the sums, and the
//                  staff-weighted mean pay.
// Complexity O(V + D log D).
#pragma once

#include <string>
#include <vector>

#include "hatchnet/coverage/coverage.hpp"

namespace hatchnet::coverage {

struct StaffRow {
    std::string node, district;
    Tier tier = Tier::street;
    bool recorded = false;        ///< the node has staff data
    std::int64_t staff = 0, trained = 0, funded_posts = 0, occupied = 0;
    double pay = nan;
    double trained_share = nan, pay_ratio = nan, orgs_per_staff = nan, funded_share = nan;
    bool below_floor = false;     ///< pay < the network's pay floor
    bool below_trained_share = false;
};

struct StaffDistrict {
    std::string code, name;
    std::size_t nodes = 0, recorded = 0, below_floor = 0;
    std::int64_t staff = 0, trained = 0, funded_posts = 0, occupied = 0;
    double trained_share = nan, funded_share = nan, orgs_per_staff = nan, mean_pay = nan;
};

struct StaffReport {
    std::vector<StaffRow> nodes;            ///< network order
    std::vector<StaffDistrict> districts;   ///< sorted by code
    StaffDistrict total;                    ///< the whole network (code "")
    double pay_floor = nan, min_trained_share = nan;
    Notes notes;
};

StaffReport staffing(const Network& net);
inline StaffReport staffing(const Graph& g) { return staffing(g.network()); }

}  // namespace hatchnet::coverage
