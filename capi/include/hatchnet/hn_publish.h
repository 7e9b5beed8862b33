/* hatchnet/hn_publish.h — disclosure and public supervision (§6.4 of the 2017 guidance):
 * disclosure pages per incubator and a directory page from Mustache templates (Chinese by
 * default, English available), and the supervision and staff indicators an evaluation scheme
 * can reference. Include <hatchnet/hatchnet.h>, not this file. docs/publish.md.
 *
 * Options and records are JSON text (NULL or "" for none); strings out are released with
 * hn_free(); on failure they are NULL and hn_last_error() names the record and field.
 */
#ifndef HATCHNET_HN_PUBLISH_H
#define HATCHNET_HN_PUBLISH_H

#ifndef HATCHNET_H
#error "include <hatchnet/hatchnet.h> instead"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Publish options: {"lang": "zh" (default) | "en", "templates": "DIR" (default: the installed
 * templates), "feedback": [supervision records]}. */

/* Write index.html, style.css and incubators/<id>.html into `dir` (created if missing). */
HN_EXPORT hn_status hn_publish(const hn_network *net, const char *dir, const char *options_json);
/* The pages without writing them: {"relative/path": "html", ...}. */
HN_EXPORT hn_status hn_publish_pages_json(char **out, const hn_network *net, const char *options_json);

/* Supervision records [{"id", "incubator", "date", "kind": "feedback" | "complaint",
 * "category", "resolved", "text"}] -> indicator rows [{"id", "feedback_count",
 * "complaint_count", "complaints_per_100_orgs", "complaint_resolution_rate"}] (null: undefined),
 * the "indicators" form of the evaluation. options_json: {"from": "YYYY-MM-DD", "to": ...}. */
HN_EXPORT hn_status hn_supervision_indicators_json(char **out, const hn_network *net, const char *feedback_json,
                                                   const char *options_json);
/* The staff indicators of the nodes that record staff: [{"id", "staff", "staff_trained",
 * "staff_trained_share", "staff_funded_posts", "staff_funded_share", "staff_pay",
 * "staff_pay_ratio", "staff_below_pay_floor"}]. */
HN_EXPORT hn_status hn_staff_indicators_json(char **out, const hn_network *net);

#ifdef __cplusplus
}
#endif

#endif
