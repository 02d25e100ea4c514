.PHONY: demo test test-fast bench

demo:  ## install and start the demo site on http://127.0.0.1:8000
	scripts/demo.sh

test:  ## install and run the whole test suite on a throwaway PostgreSQL
	scripts/test.sh

test-fast:  ## the suite on SQLite, no database server
	scripts/test.sh --sqlite

bench:  ## benchmarks, printed as ratios (each on a throwaway PostgreSQL where it needs one)
	scripts/bootstrap.sh test && scripts/system-packages.sh
	for b in bench/bench_*.py; do scripts/with-postgres.sh .venv/bin/python $$b || exit 1; done
