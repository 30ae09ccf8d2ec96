#!/bin/sh
# unit tests of the scheduler in lib/plan.c
exec "$(dirname "$0")/unit/plan"
