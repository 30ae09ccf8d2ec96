#!/bin/sh
# unit tests of lib/auth
exec "$(dirname "$0")/unit/auth"
