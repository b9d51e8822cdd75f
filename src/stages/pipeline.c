/* pipeline.c - see pipeline.h. */
#include "pipeline.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "baseline.h"
#include "config.h"
#include "dirs.h"
#include "evidence.h"
#include "model.h"
#include "rules.h"
#include "secret.h"
#include "suppress.h"
#include "util.h"
#include "vcs.h"

/* Everything after discovery for the sets in `sets`: what git says of each file, the effective requests, the
 * rules, suppression comments and .qwlint.yaml's filters. Findings are appended to *findings, sorted. The sets of
 * one home (a root and its profiles: the only sets a rule reads together) are always in the same call. */
static void
lint_sets(const qw_options *opt, const qw_kb *kb, qw_sets *sets, qw_findings *findings)
{
	/* an excluded file is read for context only: a finding that can point at another file goes there */
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++)
			if (src->report &&
			    qw_config_excludes(sets->configs, qw_config_for_path(sets->configs, src->path), src->path))
				src->report = false;
	}
	qw_vcs_annotate(sets);
	qw_ctx ctx = {kb, opt, findings, NULL, NULL};
	/* a profile's rules read its root home's requests: every set is resolved before any rule runs */
	for (size_t i = 0; i < sets->n; i++) {
		ctx.set = sets->v[i];
		if (sets->v[i]->unreadable)
			continue;
		if (sets->v[i]->tool && sets->v[i]->tool->resolve)
			sets->v[i]->tool->resolve(&ctx, sets->v[i]);
	}
	/* the keys the requests send are secrets wherever they were read, before any finding shows a line */
	for (size_t i = 0; i < sets->n; i++)
		qw_model_mark_keys(sets->v[i]);
	/* what the network says (--probe) is evidence the rules read, gathered before any of them runs */
	for (size_t i = 0; i < sets->n; i++)
		qw_evidence_gather(opt, kb, sets->v[i]);
	for (size_t i = 0; i < sets->n; i++)
		qw_rules_run(&ctx, sets->v[i]);
	/* the secret spans are complete: sorted once here, so that rendering finds a line's spans by search */
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++)
			qw_source_sort_secrets(src);
	}
	qw_findings_finish(findings);
	ctx.set = NULL;
	qw_suppress_apply(&ctx, sets, findings);
	/* after the suppressions, so that a suppression of a rule the settings turn off still counts as used */
	qw_configs_filter(sets->configs, findings);
	qw_findings_finish(findings);
}

/* A file reported once (discover.h, "Identity"): a file reached under a second path - a home named after one of
 * its files, a profile's .env that is a link to the root's - was reported already, earlier in this batch or in an
 * earlier one (seen: "dev:ino" of the files reported so far). Its second reading becomes context: its findings are
 * dropped (so --fix takes their repairs once) and it is not counted again. Called in task order. */
static void
once_per_file(qw_idset *seen, qw_sets *sets, qw_findings *findings)
{
	bool dropped = false;
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++) {
			if (!src->report || (!src->dev && !src->ino))
				continue;
			if (qw_idset_add(seen, src->dev, src->ino))
				continue;
			src->report = false;
			sets->files--;
			dropped = true;
		}
	}
	if (dropped)
		qw_findings_finish(findings);
}

void
qw_pipeline_print_errors(qw_sets *sets)
{
	/* the last mask every message, trace and resolve line gets: a message that names a path in a key-named
	 * directory ("sk-…/.env: not read: …") must not print the directory's name whole (#22) */
	if (sets->errors.data) {
		char *text = qw_scrub_keys(qw_buf_steal(&sets->errors));
		fputs(text, stderr);
		free(text);
	}
	qw_buf_free(&sets->errors);
}

/* The options every stage sees: the caller's, with the run's settings registry. */
static qw_options
run_options(const qw_options *opt, qw_configs *configs)
{
	qw_options o = *opt;
	o.configs = configs;
	return o;
}

/* Each path's tasks, in order; with no path, the default home's. Walk problems go to *sets. */
static void
plan_paths(char *const *paths, int npaths, const qw_options *opt, qw_sets *sets, qw_plan *plan)
{
	if (npaths == 0) {
		/* every agent's own directory in the user's home that exists; when none does, Hermes's, so that the
		 * message says which home was looked for */
		bool any = false;
		for (const qw_tool *const *t = qw_tools; *t; t++) {
			bool named = false;
			char *home = (*t)->home_dir ? (*t)->home_dir(&named) : (*t)->home ? qw_home_path((*t)->home) : NULL;
			struct stat st;
			if (home && (named || (stat(home, &st) == 0 && S_ISDIR(st.st_mode)))) {
				qw_discover_plan(home, false, opt, sets, plan);
				any = true;
			}
			free(home);
		}
		/* and the current project's agent settings (a directory planned twice, as when the current
		 * directory is the home, is planned once: discover.h) */
		for (const qw_tool *const *t = qw_tools; *t; t++)
			for (size_t i = 0; (*t)->project && (*t)->project[i]; i++) {
				const char *p = (*t)->project[i];
				struct stat st;
				if (lstat(p, &st) == 0 &&
				    ((S_ISDIR(st.st_mode) && (*t)->dir_markers && (*t)->dir_markers(p)) ||
				     (S_ISREG(st.st_mode) && (*t)->file_markers && (*t)->file_markers(p)))) {
					qw_discover_plan(p, false, opt, sets, plan);
					any = true;
				}
			}
		if (!any) {
			char *home = qw_default_home();
			qw_discover_plan(home, false, opt, sets, plan);
			free(home);
		}
	}
	for (int i = 0; i < npaths; i++)
		qw_discover_plan(paths[i], true, opt, sets, plan);
}

/* QW902 for every settings file the run read, as a batch of its own. */
static void
report_configs(const qw_options *opt, const qw_kb *kb, qw_configs *configs, qw_findings *findings)
{
	qw_ctx ctx = {kb, opt, findings, NULL, NULL};
	qw_configs_report(configs, &ctx);
	qw_findings_finish(findings);
}

void
qw_pipeline_run(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, qw_sets *sets,
		qw_findings *findings)
{
	sets->dirs = qw_dirs_new();
	sets->configs = qw_configs_new(opt->config_path, opt, sets->dirs);
	qw_options o = run_options(opt, sets->configs);
	sets->kb = kb;
	qw_plan plan = {0};
	plan_paths(paths, npaths, &o, sets, &plan);
	for (size_t i = 0; i < plan.n; i++)
		qw_discover_task(&plan.v[i], &o, sets);
	qw_plan_free(&plan);
	lint_sets(&o, kb, sets, findings);
	qw_idset seen = {0};
	once_per_file(&seen, sets, findings);
	qw_idset_free(&seen);
	report_configs(&o, kb, sets->configs, findings);
	qw_baseline_begin_run(opt->baseline);
	qw_baseline_apply(opt->baseline, sets, findings);
}

void
qw_pipeline_free(qw_sets *sets, qw_findings *findings)
{
	qw_findings_free(findings);
	for (size_t i = 0; i < sets->n; i++)
		qw_set_free(sets->v[i]);
	free(sets->v);
	sets->v = NULL;
	qw_configs_free(sets->configs);
	sets->configs = NULL;
	qw_dirs_free(sets->dirs);
	sets->dirs = NULL;
	qw_buf_free(&sets->errors);
	sets->n = sets->cap = 0;
}

/* ---- streaming, with worker threads ---- */

/* One task's result: its sets and findings, waiting to be handed on in task order.
 *
 * A result is freed by the thread that built it (its owner), after the main thread has printed it: glibc gives
 * each thread its own malloc arena, and a free into another thread's arena takes that arena's lock, which the
 * owner holds for its own mallocs meanwhile. Freed by the main thread, the results cost a -j 2 run a quarter more
 * CPU than a -j 1 run (perf: malloc, free and __lll_lock_wait_private). */
typedef enum slot_state {
	SLOT_FREE,     /* may take the next task that maps to it */
	SLOT_RUNNING,
	SLOT_DONE,     /* waits to be printed */
	SLOT_PRINTED,  /* waits for its owner to free it */
	SLOT_FREEING,
} slot_state;

typedef struct slot {
	qw_sets sets;
	qw_findings findings;
	slot_state state;
	size_t owner; /* the thread that ran the task: 0 is the main thread, 1.. the workers */
} slot;

typedef struct pool {
	const qw_plan *plan;
	const qw_options *opt;
	const qw_kb *kb;
	qw_dirs *dirs;
	slot *slots; /* a ring: task i uses slots[i % window] */
	size_t window;
	pthread_mutex_t lock;
	/* Each task would otherwise cost a wake-up or two; a futex call per task, with the threads trading places,
	 * took a quarter of a -j 2 run. So a thread is woken only when someone waits for what changed. */
	pthread_cond_t room; /* a slot was handed on: a worker waiting for room may take the next task, or free it */
	pthread_cond_t done; /* slot `want` was filled */
	size_t idle;         /* workers waiting on room */
	size_t want;         /* the task the handing-on thread waits for; SIZE_MAX: none */
	size_t next;         /* the next task to take */
	size_t handed;       /* tasks handed on so far: tasks are taken within window of it */
} pool;

/* Task i, from its files to its sorted findings, into its slot. */
static void
run_task(pool *p, size_t i)
{
	slot *s = &p->slots[i % p->window];
	s->sets = (qw_sets){.configs = p->opt->configs, .dirs = p->dirs, .kb = p->kb};
	s->findings = (qw_findings){0};
	qw_discover_task(&p->plan->v[i], p->opt, &s->sets);
	lint_sets(p->opt, p->kb, &s->sets, &s->findings);
}

/* Free a printed result (its run-wide parts are not its own). */
static void
free_result(slot *s)
{
	s->sets.configs = NULL; /* the run's, freed once at the end */
	s->sets.dirs = NULL;
	qw_pipeline_free(&s->sets, &s->findings);
}

/* Free the printed results thread `me` built, until none is left, including those printed while it was freeing:
 * one left could hold the slot of the task every thread waits for, and the main thread wakes an idle owner only
 * (this one is not idle until it waits). Called, and returns, with the lock held; frees without it (a FREEING
 * slot is touched by no other thread, and this one reads no other slot meanwhile). */
static void
free_own(pool *p, size_t me)
{
	size_t mine[64], n, freed = 0;
	for (;;) {
		n = 0;
		for (size_t k = 0; k < p->window && n < sizeof(mine) / sizeof(mine[0]); k++)
			if (p->slots[k].state == SLOT_PRINTED && p->slots[k].owner == me) {
				p->slots[k].state = SLOT_FREEING;
				mine[n++] = k;
			}
		if (!n)
			break;
		pthread_mutex_unlock(&p->lock);
		for (size_t k = 0; k < n; k++)
			free_result(&p->slots[mine[k]]);
		pthread_mutex_lock(&p->lock);
		for (size_t k = 0; k < n; k++)
			p->slots[mine[k]].state = SLOT_FREE;
		freed += n;
	}
	if (!freed)
		return;
	/* a slot came free: a thread that found none may take a task now */
	if (p->idle)
		pthread_cond_broadcast(&p->room);
	if (p->want != SIZE_MAX)
		pthread_cond_signal(&p->done);
}

/* Whether a task may be taken now: one is left, and its slot is free. Called with the lock held. */
static bool
can_take(const pool *p)
{
	return p->next < p->plan->n && p->next < p->handed + p->window &&
	       p->slots[p->next % p->window].state == SLOT_FREE;
}

/* Take the next task as thread `me`, run it without the lock, and mark it done. Called, and returns, with the
 * lock held. */
static void
take_and_run(pool *p, size_t me)
{
	size_t i = p->next++;
	slot *s = &p->slots[i % p->window];
	s->state = SLOT_RUNNING;
	s->owner = me;
	pthread_mutex_unlock(&p->lock);
	run_task(p, i);
	pthread_mutex_lock(&p->lock);
	s->state = SLOT_DONE;
	if (p->want == i)
		pthread_cond_signal(&p->done);
}

typedef struct worker_arg {
	pool *p;
	size_t me;
} worker_arg;

static void *
worker(void *arg)
{
	pool *p = ((worker_arg *)arg)->p;
	size_t me = ((worker_arg *)arg)->me;
	/* stdout belongs to the thread that renders: a closed pipe ends the run there (EPIPE here) */
	sigset_t pipe_sig;
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, NULL);
	pthread_mutex_lock(&p->lock);
	while (p->next < p->plan->n) {
		free_own(p, me);
		if (can_take(p)) {
			take_and_run(p, me);
		} else if (p->next < p->plan->n) { /* free_own let go of the lock: the last task may be gone */
			p->idle++;
			pthread_cond_wait(&p->room, &p->lock);
			p->idle--;
		}
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Hand task i's result on: print it and count it. */
static void
hand_on(slot *s, const qw_options *opt, bool errors, qw_batch_fn fn, void *arg, qw_sets *totals, qw_idset *seen)
{
	once_per_file(seen, &s->sets, &s->findings);
	/* here, in task order on one thread: a baseline's counts and its record follow the order of the output */
	qw_baseline_apply(opt->baseline, &s->sets, &s->findings);
	if (errors)
		qw_pipeline_print_errors(&s->sets);
	totals->files += s->sets.files;
	totals->io_errors += s->sets.io_errors;
	fn(arg, &s->sets, &s->findings);
}

void
qw_pipeline_stream(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, int jobs, bool errors,
		   qw_batch_fn fn, void *arg, qw_sets *totals)
{
	qw_baseline_begin_run(opt->baseline);
	qw_dirs *dirs = qw_dirs_new();
	*totals = (qw_sets){.configs = qw_configs_new(opt->config_path, opt, dirs), .dirs = dirs, .kb = kb};
	qw_options o = run_options(opt, totals->configs);
	qw_plan plan = {0};
	plan_paths(paths, npaths, &o, totals, &plan);
	if (errors)
		qw_pipeline_print_errors(totals);
	else
		qw_buf_free(&totals->errors);

	/* the thread that hands batches on also runs tasks while it waits: -j N is N threads at work */
	size_t nthreads = jobs > 1 && plan.n > 1 ? (size_t)jobs - 1 : 0;
	if (nthreads > plan.n - 1)
		nthreads = plan.n - 1;
	/* the tasks in flight: enough to keep every thread busy while one slow task is awaited, few enough that
	 * memory is that of a handful of homes however many there are */
	pool p = {.plan = &plan, .opt = &o, .kb = kb, .dirs = dirs, .window = 4 * (nthreads + 1), .want = SIZE_MAX};
	p.slots = qw_xcalloc(p.window, sizeof(slot));
	pthread_t *tids = qw_xcalloc(nthreads ? nthreads : 1, sizeof(pthread_t));
	worker_arg *wargs = qw_xcalloc(nthreads ? nthreads : 1, sizeof(worker_arg));
	size_t started = 0;
	qw_idset seen = {0}; /* the files handed on so far, by identity */
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.room, NULL);
	pthread_cond_init(&p.done, NULL);
	for (; started < nthreads; started++) {
		wargs[started] = (worker_arg){&p, started + 1};
		if (pthread_create(&tids[started], NULL, worker, &wargs[started]) != 0)
			break; /* fewer workers; with none, this thread does every task */
	}
	for (size_t i = 0; i < plan.n; i++) {
		slot *s = &p.slots[i % p.window];
		pthread_mutex_lock(&p.lock);
		/* Task i may not even be taken: its slot may still hold task i - window, printed and waiting for its
		 * owner to free it (this thread frees its own as soon as they are printed, below). */
		while (s->state != SLOT_DONE) {
			if (can_take(&p)) {
				take_and_run(&p, 0);
			} else {
				p.want = i;
				pthread_cond_wait(&p.done, &p.lock);
				p.want = SIZE_MAX;
			}
		}
		pthread_mutex_unlock(&p.lock);
		hand_on(s, &o, errors, fn, arg, totals, &seen);
		pthread_mutex_lock(&p.lock);
		p.handed++;
		if (s->owner == 0) {
			pthread_mutex_unlock(&p.lock);
			free_result(s);
			pthread_mutex_lock(&p.lock);
			s->state = SLOT_FREE;
		} else {
			s->state = SLOT_PRINTED;
		}
		/* room for a task, or a result for its owner to free */
		if (p.idle)
			pthread_cond_broadcast(&p.room);
		pthread_mutex_unlock(&p.lock);
	}
	/* every task is taken: a worker still waiting for room wakes to find none left */
	pthread_mutex_lock(&p.lock);
	pthread_cond_broadcast(&p.room);
	pthread_mutex_unlock(&p.lock);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
	/* what the workers printed last and did not stay to free */
	for (size_t k = 0; k < p.window; k++)
		if (p.slots[k].state == SLOT_PRINTED)
			free_result(&p.slots[k]);
	pthread_cond_destroy(&p.room);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.lock);
	free(tids);
	free(wargs);
	free(p.slots);
	qw_plan_free(&plan);
	qw_idset_free(&seen);

	qw_findings last = {0};
	report_configs(&o, kb, totals->configs, &last);
	qw_baseline_apply(opt->baseline, totals, &last);
	fn(arg, totals, &last);
	qw_findings_free(&last);
}
