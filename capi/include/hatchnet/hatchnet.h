/* hatchnet/hatchnet.h — the C ABI of hatchnet, the only public C header.
 *
 * Conventions (as sqlite, zstd and libgit2 do it):
 *  - Objects are opaque handles (hn_network *) made by hn_*_create / hn_*_load_* and
 *    released by the matching hn_*_free, which accepts NULL.
 *  - Every function returns an hn_status (HN_OK == 0); results come back through out
 *    parameters, which come first. On failure the out parameters are left untouched
 *    (handles) or set to NULL / 0, and hn_last_error() describes what went wrong, naming the
 *    record and field. The message is thread-local and valid until the next call on the
 *    same thread.
 *  - No C++ exception ever crosses this boundary.
 *  - Memory the library hands out through a `char **` or `T **` out parameter belongs to the
 *    caller, who releases it with hn_free() (never with free(): the library may use another
 *    allocator).
 *  - Strings are UTF-8 and NUL-terminated unless a length is given. Every `const char *text,
 *    size_t len` pair also accepts len == HN_NUL_TERMINATED: the text then ends at its NUL.
 *  - Every public struct the library fills starts with `size_t size`, which the caller sets to
 *    sizeof(the struct) (the HN_*_INIT macros do it): the library writes only the fields that
 *    fit within it, so a program built against an older or newer header keeps working.
 *  - Threads: see docs/c-api.md ("Threading") for which handles may be shared.
 */
#ifndef HATCHNET_H
#define HATCHNET_H

#include <stddef.h>
#include <stdint.h>

#include "hatchnet/hn_export.h"

/* The one source of the version: CMake, hatchnet/version.hpp and pyproject.toml read these. */
#define HN_VERSION_MAJOR 0
#define HN_VERSION_MINOR 1
#define HN_VERSION_PATCH 0
#define HN_VERSION_NUMBER (HN_VERSION_MAJOR * 10000 + HN_VERSION_MINOR * 100 + HN_VERSION_PATCH)
#define HN_VERSION_STR_(x) #x
#define HN_VERSION_XSTR_(x) HN_VERSION_STR_(x)
#define HN_VERSION_STRING \
    HN_VERSION_XSTR_(HN_VERSION_MAJOR) "." HN_VERSION_XSTR_(HN_VERSION_MINOR) "." HN_VERSION_XSTR_(HN_VERSION_PATCH)

/* A length meaning "the text is NUL-terminated": accepted by every `const char *text,
 * size_t len` parameter (hn_network_load_json, hn_validate_json), which then uses strlen. */
#define HN_NUL_TERMINATED ((size_t)-1)

#ifdef __cplusplus
extern "C" {
#endif

typedef enum hn_status {
    HN_OK = 0,
    HN_ERR_INVALID = 1,   /* bad input: malformed text, wrong types, failed validation */
    HN_ERR_NOT_FOUND = 2, /* an id that names nothing */
    HN_ERR_IO = 3,        /* a file could not be read or written */
    HN_ERR_NOMEM = 4,     /* out of memory */
    HN_ERR_INTERNAL = 5,  /* a bug in hatchnet: please report it */
    HN_ERR_NULL = 6,      /* a required pointer argument was NULL */
    HN_ERR_RANGE = 7,     /* an index or size out of range */
    HN_ERR_LIMIT = 8      /* input over a limit (size, JSON depth, a count): see hn_set_limit */
} hn_status;

/* Library version: HN_VERSION_NUMBER of the library actually linked. */
HN_EXPORT int hn_version_number(void);
HN_EXPORT const char *hn_version_string(void);

/* The last error of this thread. Every function that returns an hn_status clears it on entry
 * and records it on failure; the hn_last_error* functions below only read it. It is
 * thread-local: a failure on one thread never changes what another thread reads. The strings
 * are valid until the next hatchnet call on the same thread. */

/* The message of the last failed call on this thread ("" when none). */
HN_EXPORT const char *hn_last_error(void);
/* Where the last failure on this thread was, when the error names it: the record (an id,
 * "line 12", "file PATH", "options") and the field; "" when it does not apply. */
HN_EXPORT const char *hn_last_error_record(void);
HN_EXPORT const char *hn_last_error_field(void);
/* The status the last failed call on this thread returned (HN_OK when none). */
HN_EXPORT hn_status hn_last_error_status(void);

/* Why a file could not be read or written (the last error's status is HN_ERR_IO). */
typedef enum hn_io_reason {
    HN_IO_NONE = 0,         /* the last error is not an I/O error (or there is none) */
    HN_IO_NOT_FOUND = 1,    /* the file, or a directory on its path, does not exist */
    HN_IO_IS_DIRECTORY = 2, /* the path names a directory, not a file */
    HN_IO_OTHER = 3         /* permissions, a read or write failure, a full disk, ... */
} hn_io_reason;
/* The I/O reason of the last failure on this thread: HN_IO_NONE unless its status is
 * HN_ERR_IO. Taken from the error itself, never from the message text. */
HN_EXPORT hn_io_reason hn_last_error_io_reason(void);

/* The whole last error at once. Set `size` to sizeof(hn_error_info) (HN_ERROR_INFO_INIT);
 * fields beyond `size` are not written. The strings are those of hn_last_error(),
 * hn_last_error_record() and hn_last_error_field(). This function never changes the last
 * error: it returns HN_ERR_NULL for a NULL `out` and HN_ERR_INVALID when `size` is smaller
 * than the first version of the struct, without recording either. */
typedef struct hn_error_info {
    size_t size;            /* set by the caller: sizeof(hn_error_info) */
    hn_status status;       /* as hn_last_error_status() */
    hn_io_reason io_reason; /* as hn_last_error_io_reason() */
    const char *message;    /* as hn_last_error() */
    const char *record;     /* as hn_last_error_record() */
    const char *field;      /* as hn_last_error_field() */
} hn_error_info;
#define HN_ERROR_INFO_INIT {sizeof(hn_error_info), HN_OK, HN_IO_NONE, NULL, NULL, NULL}
HN_EXPORT hn_status hn_last_error_info(hn_error_info *out);

/* A short name for a status code ("ok", "invalid", ...). */
HN_EXPORT const char *hn_status_name(hn_status status);

/* Release memory the library handed out (strings, arrays). NULL is fine. */
HN_EXPORT void hn_free(void *p);

/* Input limits, process-wide (docs/limits.md). Every text entry point and every declared or
 * requested count is checked against them before anything is allocated; an input over a
 * limit fails with HN_ERR_LIMIT. Defaults: 1 GiB of text per file or document, JSON nested
 * 128 levels, 10,000,000 elements (DIMACS nodes and arcs, solver nodes, generated requests
 * and needs). The environment variables HATCHNET_MAX_INPUT_BYTES, HATCHNET_MAX_JSON_DEPTH
 * and HATCHNET_MAX_ELEMENTS set the starting values. Set limits before starting threads. */
typedef enum hn_limit {
    HN_LIMIT_INPUT_BYTES = 0,
    HN_LIMIT_JSON_DEPTH = 1,
    HN_LIMIT_ELEMENTS = 2
} hn_limit;
HN_EXPORT hn_status hn_get_limit(uint64_t *out, hn_limit which);
/* HN_ERR_INVALID for a zero value, a depth over 1000 or a size over 2^62; HN_ERR_RANGE for an
 * unknown limit. */
HN_EXPORT hn_status hn_set_limit(hn_limit which, uint64_t value);

/* ------------------------------------------------------------------ networks */

typedef struct hn_network hn_network;

typedef enum hn_tier {
    HN_TIER_CITY_CENTER = 0,
    HN_TIER_CITY_SECTOR = 1,
    HN_TIER_DISTRICT = 2,
    HN_TIER_STREET = 3,
    HN_TIER_COMMUNITY = 4,
    HN_TIER_SOCIAL = 5,
    HN_TIER_COUNT = 6,           /* the tiers of release 1 (kept: arrays of programs built against it) */
    HN_TIER_DISTRICT_SECTOR = 6, /* a district-level sector incubator (区级业务主管单位、行业管理部门、群团组织) */
    HN_TIER_COUNT_ALL = 7        /* every tier: size arrays for hn_network_count_by_tier_n with it */
} hn_tier;

/* Load a network from a JSON file (".gz" files are gunzipped) or from text (len bytes, or
 * HN_NUL_TERMINATED). The network is validated; on any error nothing is returned (*out
 * untouched) and hn_last_error() names the first problem. Use hn_validate_json() to get
 * every problem. A loaded network is immutable: share it between threads freely. */
HN_EXPORT hn_status hn_network_load_json_file(hn_network **out, const char *path);
HN_EXPORT hn_status hn_network_load_json(hn_network **out, const char *text, size_t len);
/* Save in the canonical format (save -> load -> save gives the same bytes). */
HN_EXPORT hn_status hn_network_save_json_file(const hn_network *net, const char *path);
/* The canonical JSON text; release it with hn_free(). *len_out may be NULL. */
HN_EXPORT hn_status hn_network_to_json(char **text_out, size_t *len_out, const hn_network *net);
/* The embedded default dataset: Beijing, generated from a seed (2017 is the shipped one). */
HN_EXPORT hn_status hn_network_beijing(hn_network **out, uint64_t seed);
/* The directory of the shipped data (beijing.json.gz, the evaluation schemes in schemes/);
 * release it with hn_free(). Looked up in this order: $HATCHNET_DATA_DIR; beside the loaded
 * library (or program): <its dir>/../share/hatchnet, <its dir>/../../share/hatchnet and
 * <its dir>/data, so an installed prefix can be moved; the source tree it was built from; the
 * configured install directory. HN_ERR_NOT_FOUND names every directory tried. */
HN_EXPORT hn_status hn_default_data_dir(char **dir_out);
HN_EXPORT void hn_network_free(hn_network *net);

HN_EXPORT hn_status hn_network_node_count(size_t *out, const hn_network *net);
HN_EXPORT hn_status hn_network_edge_count(size_t *out, const hn_network *net);
HN_EXPORT hn_status hn_network_organization_count(size_t *out, const hn_network *net);
HN_EXPORT hn_status hn_network_region_count(size_t *out, const hn_network *net);
/* Node counts by tier: counts[HN_TIER_COUNT], indexed by hn_tier; the tiers of release 1 only
 * (HN_TIER_DISTRICT_SECTOR is left out): hn_network_count_by_tier_n gives every tier. */
HN_EXPORT hn_status hn_network_count_by_tier(size_t counts[HN_TIER_COUNT], const hn_network *net);
/* Node counts of the first n tiers, indexed by hn_tier (n = HN_TIER_COUNT_ALL for every tier;
 * entries past the last tier are set to 0). */
HN_EXPORT hn_status hn_network_count_by_tier_n(size_t *counts, size_t n, const hn_network *net);

/* A node's fields. Strings point into the network and live as long as it does. Set `size`
 * to sizeof(hn_node_info) before the call (HN_NODE_INFO_INIT); a smaller size than this first
 * version's is refused with HN_ERR_INVALID naming the field "size". */
typedef struct hn_node_info {
    size_t size;            /* set by the caller: sizeof(hn_node_info) */
    const char *id;
    const char *name;
    hn_tier tier;
    const char *region;
    int64_t capacity;
    int64_t occupied;
    int is_social_operator; /* 1 when run by a social operator, 0 for government */
    int has_coordinates;
    double lat, lon;
    size_t index;           /* position in the network */
} hn_node_info;
#define HN_NODE_INFO_INIT {sizeof(hn_node_info), NULL, NULL, HN_TIER_CITY_CENTER, NULL, 0, 0, 0, 0, 0.0, 0.0, 0}

/* Look a node up by id; HN_ERR_NOT_FOUND when there is none. */
HN_EXPORT hn_status hn_network_find_node(hn_node_info *out, const hn_network *net, const char *id);
HN_EXPORT hn_status hn_network_node_at(hn_node_info *out, const hn_network *net, size_t index);

/* Guidance parent/children and hops along the frozen graph. Arrays of node indexes, released
 * with hn_free(). hops: -1 when unreachable. */
HN_EXPORT hn_status hn_network_guidance_children(size_t **out, size_t *n_out, const hn_network *net,
                                                 const char *id);
HN_EXPORT hn_status hn_network_guidance_parents(size_t **out, size_t *n_out, const hn_network *net,
                                                const char *id);
HN_EXPORT hn_status hn_network_incubators_serving(size_t **out, size_t *n_out, const hn_network *net,
                                                  const char *region);
HN_EXPORT hn_status hn_network_hops(int *out, const hn_network *net, const char *from, const char *to);

/* ------------------------------------------------------------------ validation */

typedef struct hn_issue_list hn_issue_list;

/* One problem. Set `size` to sizeof(hn_issue) before hn_issue_list_get (HN_ISSUE_INIT); a
 * smaller size than this first version's is refused with HN_ERR_INVALID naming "size". */
typedef struct hn_issue {
    size_t size;         /* set by the caller: sizeof(hn_issue) */
    int is_warning;      /* 0: error, 1: warning */
    const char *code;    /* e.g. "duplicate_id" */
    const char *record;  /* e.g. "node dc-110101" */
    const char *field;   /* e.g. "region" */
    const char *message;
} hn_issue;
#define HN_ISSUE_INIT {sizeof(hn_issue), 0, NULL, NULL, NULL, NULL}

/* Every error and warning of a loaded network. */
HN_EXPORT hn_status hn_network_validate(hn_issue_list **out, const hn_network *net);
/* Every problem of a JSON text, whether or not it loads: syntax, types, then structure.
 * len may be HN_NUL_TERMINATED. */
HN_EXPORT hn_status hn_validate_json(hn_issue_list **out, const char *text, size_t len);
HN_EXPORT hn_status hn_validate_json_file(hn_issue_list **out, const char *path);
HN_EXPORT size_t hn_issue_list_size(const hn_issue_list *list);
HN_EXPORT size_t hn_issue_list_error_count(const hn_issue_list *list);
/* Errors first, then warnings. Strings live as long as the list. */
HN_EXPORT hn_status hn_issue_list_get(hn_issue *out, const hn_issue_list *list, size_t i);
HN_EXPORT void hn_issue_list_free(hn_issue_list *list);

#ifdef __cplusplus
}
#endif

/* The engines, one header each (libgit2's layout); they are part of this header. */
#include "hatchnet/hn_match.h"
#include "hatchnet/hn_referral.h"
#include "hatchnet/hn_evaluate.h"
#include "hatchnet/hn_coverage.h"
#include "hatchnet/hn_records.h"
#include "hatchnet/hn_policy.h"
#include "hatchnet/hn_funding.h"
#include "hatchnet/hn_hsds.h"
#include "hatchnet/hn_publish.h"

#endif /* HATCHNET_H */
