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
	$(BIN)/python -m pip install -q -e '.[server,dev]'
	touch $@

# The main job on the embedded default: the committed seed gold -> the published HF dataset,
# checked by loading it back, plus the auxiliary corpora counts.
main: setup
	$(BIN)/quotestance export
	$(BIN)/python -c "import datasets; print(datasets.load_dataset('data/dataset', 'quotes'))"
	$(BIN)/quotestance corpora all

test: setup lint
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
