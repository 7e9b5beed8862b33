/* hatchnet/hn_hsds.h — the published directory in Open Referral HSDS 3.0 (§3.4, §4, §5.1 of
 * the 2017 guidance): incubators, their services and the resources on offer as an HSDS data
 * package (JSON pages and / or a CSV Tabular Data Package), and an HSDS directory read back as
 * a network. Include <hatchnet/hatchnet.h>, not this file. The mapping: docs/hsds.md.
 *
 * Options are JSON text (NULL or "" for the defaults). Strings out are released with
 * hn_free(); on failure they are NULL and hn_last_error() names the file, record and field.
 */
#ifndef HATCHNET_HN_HSDS_H
#define HATCHNET_HN_HSDS_H

#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Export options: {"format": "json" | "csv" | "both" (default: json/ and csv/),
 * "resources": [the matcher's resources], "needs": [the matcher's needs], "currency": "CNY"}. */

/* Write the export into the directory `dir` (created if missing). */
HN_EXPORT hn_status hn_hsds_export(const hn_network *net, const char *dir, const char *options_json);
/* The export's files without writing them: {"relative/path": "content", ...}, in path order. */
HN_EXPORT hn_status hn_hsds_files_json(char **out, const hn_network *net, const char *options_json);

/* Import options: {"default_region": "11" (for foreign organizations), "validate": true}.
 * `base` (may be NULL) gives the regions, vocabulary and staffing standards. *out receives
 * the network; `extras_out` (may be NULL) receives {"resources": [...], "needs": [...]}.
 * All or nothing: on failure *out and *extras_out are NULL. */
HN_EXPORT hn_status hn_hsds_import(hn_network **out, char **extras_out, const char *dir, const hn_network *base,
                                   const char *options_json);

#ifdef __cplusplus
}
#endif

#endif
