# Two entry points (see README): `make main` runs the pipeline, `make test` runs the checks.
# Both create the project's virtual environment in .venv on first use.
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export HF_DATASETS_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup main test lint dataset corpora
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || python3 -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[server,dev,ray]'
	touch $@

# The main job on the embedded default (10 minutes on 2 cores with native bf16, 27 to 36 without;
# see README): the committed seed gold -> the HF dataset (loaded back) -> a short but real
# training run, evaluated against the baseline -> batch inference over the State Department
# releases (the seeds when the corpus is absent) -> the summary table. Each step reads the
# artifact the previous one wrote.
RUN := main
RUN_DIR := outputs/train/$(RUN)
MAIN_OUT := outputs/main
main: setup
	$(BIN)/quotestance export
	$(BIN)/python -c "import datasets; print(datasets.load_dataset('data/dataset', 'quotes'))"
	$(BIN)/quotestance corpora all
	$(BIN)/quotestance-train experiment=main run_name=$(RUN)
	if $(BIN)/quotestance corpora state_dept --out $(MAIN_OUT)/state_dept.jsonl; \
	then input=$(MAIN_OUT)/state_dept.jsonl; else input=seeds; fi; \
	$(BIN)/quotestance predict --model $(RUN_DIR)/model --input $$input \
	  --output $(MAIN_OUT)/quotes.jsonl --summary-json $(MAIN_OUT)/predict_summary.json \
	  || test $$? -eq 1  # 1: some records were bad (listed above); their lines carry the error
	$(BIN)/quotestance summary --run $(RUN_DIR) --predictions $(MAIN_OUT)/quotes.jsonl \
	  --predict-summary $(MAIN_OUT)/predict_summary.json | tee $(MAIN_OUT)/summary.md

test: setup lint
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
