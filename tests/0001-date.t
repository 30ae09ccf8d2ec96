#!/bin/sh
# unit tests of lib/date
exec "$(dirname "$0")/unit/date"
