# The machine-facing tools: the one QEMU command line (tools/qemu_board.py)
# and the capability checks of tools/install-deps.sh.
#   make test-tools   their checks (TAP; no guest is booted)

SUITES += tools

.PHONY: test-tools

test-tools:
	@$(PYTHON) tests/tools/test_board.py
