// Private: the records schema's migration steps (schema.cpp).
#pragma once

#include <vector>

namespace hatchnet::records::schema {
/// steps()[i] turns schema version i into i + 1; steps().size() is the current version.
const std::vector<const char*>& steps();
}  // namespace hatchnet::records::schema
