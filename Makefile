# Wmo-assistent: the two commands are `make run` and `make test`. Everything else here is a step of those.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

BOT_PY := .venv/bot/bin/python
API_PY := .venv/api/bin/python
export RASA_TELEMETRY_ENABLED := false

.PHONY: help run run-scaled chat test bench fuzz load-scaled retention review-import audit-verify api-client gemeente-check install browser nginx pipeline train validate \
	test-unit test-unit-bot test-unit-api test-nlu test-stories test-bench-nlu test-e2e test-scaled lock clean

help:
	@echo "make run    install what is missing, build the Dutch pipeline, train if stale, start everything"
	@echo "make test   install what is missing, run every test (unit, data, NLU, conversations, end-to-end, scale-out), with a table of where the time went"
	@echo "make run-scaled  the same, scaled out: 2 Rasa servers, 2 action servers, nginx, PostgreSQL, Redis"
	@echo "make chat   chat in the terminal with the running bot (after make run, in a second terminal)"
	@echo "make bench  latency vs a floor bot, NLU vs Rasa's default, cost, API writes, several gemeenten, handover to a person (~95 min; bench/results, docs/performance.md)"
	@echo "make fuzz   10,000 odd messages to the real Rasa server (make test sends a sample of every kind)"
	@echo "make load-scaled  50 inwoners doing melding + plan for 5 min on the scale-out profile (INWONERS=, SECONDS_=)"
	@echo "make retention  delete conversations with nothing new for WMO_RETENTION_DAYS days (30; DAYS=n), and audit rows older than WMO_AUDIT_RETENTION_DAYS"
	@echo "make review-import [GEMEENTE=<slug>]  the beheerder's marked messages into data/nlu/review.yml, saved conversations into tests/stories/review.yml"
	@echo "make audit-verify  check the gemeente API's audit trail, row by row; names the first changed or missing row"
	@echo "make api-client NAME=zaaksysteem ROLE=consulent GEMEENTEN=voorbeeldstad  a token for a new system and its WMO_API_CLIENTS entry"
	@echo "make gemeente-check [FILE=config/gemeenten/<slug>.yml]  check a gemeente's file (or all of them): a missing or unknown key names itself"
	@echo "make lock   re-resolve requirements/*.in into the pinned lock files"
	@echo "make clean  remove environments, models and local state (var/); trained models stay in ~/.cache/wmo-assistent"

install:
	@scripts/setup_env.sh bot
	@scripts/setup_env.sh api
	@$(API_PY) scripts/dev_secrets.py
	@$(API_PY) scripts/dev_idp.py install

# The browser tests' tools: Debian's chromium (browser downloads do not work here) and axe-core from npm.
browser:
	@scripts/setup_browser.sh

# The load balancer of the scale-out profile: Debian's nginx-light, installed when missing.
nginx:
	@scripts/setup_nginx.sh

# Latency against a floor bot, NLU against Rasa's default, API writes, several gemeenten in one deployment, a chat
# handed to a person (employee to widget, memory per waiting chat); tables in
# docs/performance.md (bench/report.py)
bench: train
	@start=$$SECONDS; \
	$(API_PY) bench/latency.py && \
	$(API_PY) bench/api_write.py && \
	$(API_PY) bench/gemeenten.py && \
	$(API_PY) bench/overdracht.py && \
	$(BOT_PY) bench/nlu.py && \
	$(BOT_PY) bench/report.py && \
	echo "make bench: done in $$((SECONDS - start)) s; results in bench/results, tables in docs/performance.md"

# 50 inwoners completing melding + plan flows for 5 minutes on the scale-out profile (bench/results/load_scaled.json)
load-scaled: train nginx
	@$(API_PY) bench/load_scaled.py $(if $(INWONERS),--inwoners $(INWONERS)) $(if $(SECONDS_),--seconds $(SECONDS_))

# Conversations with nothing new for WMO_RETENTION_DAYS (30) days, or DAYS=n, are deleted (bot/retention.py).
# The review pages' marks (issue 28) as training sentences in data/nlu/review.yml (api/review_import.py), and the
# conversations saved as test stories in tests/stories/review.yml (scripts/review_stories.py)
review-import: install
	@$(API_PY) -m api.review_import $(if $(GEMEENTE),--gemeente $(GEMEENTE))
	@$(BOT_PY) scripts/review_stories.py

retention: install
	@$(BOT_PY) -m bot.retention $(if $(DAYS),--days $(DAYS))
	@$(API_PY) -m api.chat_retention $(if $(DAYS),--days $(DAYS))
	@$(API_PY) -m api.audit_retention

# The audit trail's hash chain (api/audit.py) on DATABASE_URL (or .env); exit 1 and the row when it is broken.
audit-verify: install
	@$(API_PY) -m api.audit verify

# A machine client of the JSON API (api/api_clients.py): prints a random token and the WMO_API_CLIENTS entry.
# GEMEENTEN: the gemeenten it acts for, separated by commas, or * for all of them.
api-client: install
	@$(API_PY) -m api.api_clients new "$(NAME)" "$(ROLE)" "$(GEMEENTEN)"

# The gemeenten's files (config/gemeenten/, or WMO_GEMEENTEN_DIR), or one: FILE=config/gemeenten/<slug>.yml.
gemeente-check: install
	@$(API_PY) -m wmo.gemeente check $(FILE)

pipeline: install
	@$(BOT_PY) scripts/tasks.py pipeline

train: install
	@$(BOT_PY) scripts/tasks.py train

run: train
	@$(API_PY) scripts/stack.py

# The scale-out profile: two Rasa servers and two action servers behind Debian's nginx, PostgreSQL and Redis of
# this machine (scripts/scaled_stack.py).
run-scaled: train nginx
	@$(API_PY) scripts/scaled_stack.py

chat: install
	@$(API_PY) scripts/chat.py

validate: install
	@$(BOT_PY) scripts/tasks.py validate

# Each test step on its own; `make test` runs them all (scripts/run_tests.py: side by side where they do not
# depend on each other, and a table of where the time went). --durations: the slowest tests of each run, to keep the budget.
PYTEST_TIMES := --durations=15

test-unit: test-unit-bot test-unit-api

test-unit-bot: install
	$(BOT_PY) -m pytest $(PYTEST_TIMES) tests/wmo tests/bot tests/actions

test-unit-api: install
	$(API_PY) -m pytest $(PYTEST_TIMES) tests/wmo tests/api tests/tools

test-stories: install
	@$(BOT_PY) scripts/tasks.py test-stories

# bench/nlu.py --quick: the benchmark's NLU code still runs (it needs no trained model and no running bot)
test-bench-nlu: pipeline
	$(BOT_PY) -m pytest $(PYTEST_TIMES) tests/bench

test-nlu: install
	@$(BOT_PY) scripts/tasks.py test-nlu

test-e2e: train browser
	$(API_PY) -m pytest $(PYTEST_TIMES) tests/e2e

# tests/scaled: the scale-out profile (nginx, 2 Rasa servers, 2 action servers, PostgreSQL, Redis)
test-scaled: train nginx
	$(API_PY) -m pytest $(PYTEST_TIMES) tests/scaled

test:
	@python3 scripts/run_tests.py

# The bad-input test at full size: 10,000 odd messages of every kind to the real Rasa server (make test: a sample)
fuzz: train
	WMO_FUZZ_MESSAGES=10000 $(API_PY) -m pytest $(PYTEST_TIMES) -s \
		"tests/e2e/test_bad_input.py::test_odd_messages_get_no_server_error_and_memory_stays_level"

lock: install
	.venv/tools/bin/uv pip compile --quiet --universal --python-version 3.10 --generate-hashes \
		requirements/bot.in -o requirements/bot.lock
	.venv/tools/bin/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
		requirements/api.in -o requirements/api.lock

clean:
	rm -rf .venv models var .rasa results
