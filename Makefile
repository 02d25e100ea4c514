.PHONY: demo test test-fast bench

demo:  ## install and start the demo site on http://127.0.0.1:8000
	scripts/demo.sh

test:  ## install and run the whole test suite on a throwaway PostgreSQL
	scripts/test.sh

test-fast:  ## the suite on SQLite, no database server
	scripts/test.sh --sqlite

bench:  ## benchmarks, printed as ratios
	scripts/bootstrap.sh test && for b in bench/bench_*.py; do .venv/bin/python $$b; done
