#ifndef TG_UTIL_SEVERITY_H
#define TG_UTIL_SEVERITY_H

/*
 * How bad a finding is. Here, below every module, because findings are made
 * below the backlog too (compliance/ reports them before they are items);
 * backlog/item.h names and parses them.
 */
enum tg_severity {
	TG_SEV_INFO = 0,
	TG_SEV_LOW,
	TG_SEV_MEDIUM,
	TG_SEV_HIGH,
	TG_SEV_CRITICAL,
};

#endif
