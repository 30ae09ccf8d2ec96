#!/bin/sh
# lib/attlog.c: the unit tests in tests/unit/attlog.c.
exec "$(dirname "$0")/unit/attlog"
