/* hatchnet/hn_match.h — the match part of the C ABI. Include <hatchnet/hatchnet.h>, not this file. */
#ifndef HATCHNET_HN_MATCH_H
#define HATCHNET_HN_MATCH_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif
