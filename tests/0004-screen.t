#!/bin/sh
# unit tests of lib/screen*.c
exec "$(dirname "$0")/unit/screen"
