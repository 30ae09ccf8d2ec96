#!/bin/sh
# unit tests of lib/recio
exec "$(dirname "$0")/unit/recio"
