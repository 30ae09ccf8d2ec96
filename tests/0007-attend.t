#!/bin/sh
# lib/attend.c: each rule at its threshold, in tests/unit/attend.c.
exec "$(dirname "$0")/unit/attend"
