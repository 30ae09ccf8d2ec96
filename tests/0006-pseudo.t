#!/bin/sh
# unit tests of lib/pseudo
exec "$(dirname "$0")/unit/pseudo"
