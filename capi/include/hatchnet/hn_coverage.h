/* hatchnet/hn_coverage.h — the coverage part of the C ABI. Include <hatchnet/hatchnet.h>, not this file. */
#ifndef HATCHNET_HN_COVERAGE_H
#define HATCHNET_HN_COVERAGE_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif
#endif
