#!/bin/sh
# unit tests of lib/hours
exec "$(dirname "$0")/unit/hours"
