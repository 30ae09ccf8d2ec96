#!/bin/sh
# lib/period.c: the period options, in tests/unit/period.c.
exec "$(dirname "$0")/unit/period"
