// module: github
/*
 * The JSON of GitHub's answers on arbitrary bytes: a page of pull requests
 * (GET /repos/{owner}/{repo}/pulls), one pull request (POST .../pulls, and
 * the open one found by head), a repository's permissions and a page of
 * reviews. No crash, every pull request read has a branch, and every
 * reviewer has one state.
 */
#include "github/github.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *json = (const char *)data;
	struct tg_github_pull *pulls = NULL;
	size_t nr = 0, alloc = 0;
	char *url = NULL;
	long number = 0;
	int push;

	if (!tg_github_pulls_parse(json, size, &pulls, &nr, &alloc))
		for (size_t i = 0; i < nr; i++)
			if (!pulls[i].head || (pulls[i].open != 0 && pulls[i].open != 1))
				abort();
	tg_github_pulls_free(pulls, nr);
	tg_github_pull_parse(json, size, &url, &number);
	if (!url)
		abort();
	free(url);
	push = tg_github_push_permission(json, size);
	if (push != 0 && push != 1 && push != TG_ERR_INPUT && push != TG_ERR_NOTFOUND)
		abort();
	{
		struct tg_github_reviews r = {0};
		if (!tg_github_reviews_parse(json, size, &r) && r.reviewers.nr != r.states.nr)
			abort();
		tg_github_reviews_release(&r);
	}
	tg_error_clear();
	return 0;
}
