#include "backlog/backlog.h"

#include "config/config.h"

void tg_score_model_from_config(const struct tg_config *cfg, struct tg_score_model *m)
{
	size_t i;

	tg_score_model_default(m);
	m->weights.wsjf = cfg->value_discovery.scoring_weights.wsjf;
	m->weights.ice = cfg->value_discovery.scoring_weights.ice;
	m->weights.technical_debt = cfg->value_discovery.scoring_weights.technical_debt;
	m->weights.security = cfg->value_discovery.scoring_weights.security;
	m->boosts.security_critical = cfg->value_discovery.boosts.security_critical;
	m->boosts.compliance = cfg->value_discovery.boosts.compliance;
	/* Validation already rejected unknown focus areas; skip any left. */
	for (i = 0; i < cfg->repository.focus_areas.nr; i++) {
		unsigned f = 0;
		if (tg_score_focus_parse(cfg->repository.focus_areas.v[i], &f) == 0)
			m->focus |= f;
	}
	for (i = 0; i < cfg->compliance.frameworks.nr; i++) {
		unsigned f = 0;
		if (tg_score_framework_parse(cfg->compliance.frameworks.v[i], &f) == 0)
			m->frameworks |= f;
	}
}
