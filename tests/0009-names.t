#!/bin/sh
# unit tests of lib/names
exec "$(dirname "$0")/unit/names"
