#!/bin/sh
# iop-attend's "today" (the default --as-of and --week's week) is the
# day in the policy's time_zone, not in the machine's (iop-attend(1)):
# the same files and policy give the same report whatever TZ the run
# has.  Etc/GMT+12 and Etc/GMT-14 are 26 hours apart, so at any hour
# their dates differ, and a session dated today in the policy's zone is
# due or not by which zone set "today".
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2
today=$(TZ=Etc/GMT-14 date +%Y-%m-%d)
yesterday=$(TZ=Etc/GMT+12 date +%Y-%m-%d)
printf 'time_zone: Etc/GMT-14\n' >p.yaml
printf 'client_id,date,start,end,service,session_id\nC1,%s,09:00,12:00,group,S1\n' \
    "$today" >s.csv
printf 'client_id,date,start,end,service,status\nC1,%s,09:00,12:00,group,attended\n' \
    "$yesterday" >log.csv
for tz in Etc/GMT+12 Etc/GMT-14 UTC; do
	zn=$(echo "$tz" | tr '/+' '_p')
	TZ=$tz iop-attend -p p.yaml -s s.csv --summary log.csv >sum-$zn 2>&1
	TZ=$tz iop-attend -p p.yaml -s s.csv log.csv >find-$zn 2>&1
done
check "the summary is the same in the machine's zone 12 hours behind" \
    cmp -s sum-Etc_GMT-14 sum-Etc_GMTp12
check "... and in UTC" cmp -s sum-Etc_GMT-14 sum-UTC
check "the findings too" cmp -s find-Etc_GMT-14 find-Etc_GMTp12
check "today's session, due in the policy's zone, counts as scheduled" \
    grep -q '^C1,1,' sum-Etc_GMTp12
done_testing
