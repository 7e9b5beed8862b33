// Private (src/detail/): the walk up a vocabulary's term tree, shared by
// Vocabulary::service_within (model/network.cpp), the vocabulary check (model/validate.cpp)
// and the matcher's category ancestors (match/resources.cpp).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "hatchnet/network.hpp"

namespace hatchnet::detail {

/// The first term of `terms` with this id, or nullptr.
inline const Vocabulary::Term* find_term(const std::vector<Vocabulary::Term>& terms, std::string_view id) {
    for (const auto& t : terms)
        if (t.id == id) return &t;
    return nullptr;
}

/// The parent chain of a term, nearest first: visit(id, term) for `id`, its parent, its
/// parent's parent, … up to a root, where term = find(id) (a const Vocabulary::Term*). An id
/// find() does not know is visited with nullptr and ends the chain; visit returning false
/// ends it too. At most `count` + 1 ids are visited (count = the number of terms), so a
/// malformed parent cycle cannot loop: returns true exactly when the walk was cut there,
/// i.e. the chain is a cycle.
template <class Find, class Visit>
bool walk_term_chain(std::string_view id, std::size_t count, Find&& find, Visit&& visit) {
    std::string_view cur = id;
    for (std::size_t step = 0; step <= count; ++step) {
        if (cur.empty()) return false;
        const Vocabulary::Term* t = find(cur);
        if (!visit(cur, t) || !t) return false;
        cur = t->parent;
    }
    return true;
}

/// walk_term_chain over `terms`, looking ids up with find_term.
template <class Visit>
bool walk_term_chain(const std::vector<Vocabulary::Term>& terms, std::string_view id, Visit&& visit) {
    return walk_term_chain(id, terms.size(), [&](std::string_view x) { return find_term(terms, x); },
                           visit);
}

}  // namespace hatchnet::detail
