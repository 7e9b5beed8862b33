/* hatchnet/hn_referral.h — the referral part of the C ABI. Include <hatchnet/hatchnet.h>, not this file. */
#ifndef HATCHNET_HN_REFERRAL_H
#define HATCHNET_HN_REFERRAL_H
#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif
#endif
