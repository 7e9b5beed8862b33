// The shipped dataset is exactly what the generator makes from its seed, and it is valid.
#include <doctest/doctest.h>

#include "hatchnet/io/json.hpp"
#include "hatchnet/synth/beijing.hpp"

using namespace hatchnet;

TEST_CASE("data/beijing.json.gz equals synth::beijing(seed 2017), byte for byte") {
    std::string shipped = io::read_file(HATCHNET_SOURCE_DIR "/data/beijing.json.gz");
    std::string generated = io::save_json(synth::beijing({}));
    CHECK(shipped.size() == generated.size());
    CHECK(shipped == generated);
    ValidationReport rep;
    io::LoadOptions opt;
    opt.report = &rep;
    Network net = io::load_json(shipped, opt);
    CHECK(rep.errors.empty());
    CHECK(io::save_json(net) == shipped);  // canonical: load -> save is the identity
}

TEST_CASE("the default dataset is found") {
    CHECK(io::default_dataset_path().find("beijing.json.gz") != std::string::npos);
}
