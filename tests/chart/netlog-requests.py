#!/usr/bin/env python3
# netlog-requests.py NETLOG: print, one a line, the URLs a page asked
# for in a Chromium --log-net-log file, other than file: and data: ones.
# A request made for a page carries the browser's User-Agent header; the
# browser's own (update checks and the like) do not, and are left out.
import json
import sys

seen = set()
for e in json.load(open(sys.argv[1]))['events']:
    p = e.get('params') or {}
    url, h = p.get('url'), p.get('request_headers')
    if not url or not isinstance(h, dict):
        continue
    if not any(x.lower().startswith('user-agent:') for x in h.get('headers', [])):
        continue
    if url.split(':', 1)[0] in ('file', 'data', 'about', 'blob'):
        continue
    if url not in seen:
        seen.add(url)
        print(url)
