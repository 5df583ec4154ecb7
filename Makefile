# Thin aliases: dev.py is the real entry point (it only needs Python).
.PHONY: run test bench
run:
	python3 dev.py run
test:
	python3 dev.py test
bench:
	python3 dev.py bench
