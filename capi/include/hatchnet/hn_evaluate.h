/* hatchnet/hn_evaluate.h — the evaluate part of the C ABI. Include <hatchnet/hatchnet.h>, not this file. */
#ifndef HATCHNET_HN_EVALUATE_H
#define HATCHNET_HN_EVALUATE_H
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
