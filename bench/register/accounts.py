"""SIP accounts for the REGISTER benchmarks, made through switchboard's API.

    accounts.py PORT TOKEN N WORK [import]

Creates a customer with the SIP domain bench.example and N devices of it,
one request a device or, with "import", through the CSV import (50,000 a
file), then reads each device's SIP account and writes WORK/accounts.csv
(the SIPp injection file) and WORK/db/htable (the same accounts for
Kamailio's htable module).
"""
import http.client
import json
import os
import sys

port, token, n, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
by_import = sys.argv[5:] == ["import"]
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)


def call(method, path, body=None, ctype="application/json"):
    if body is not None and ctype == "application/json":
        body = json.dumps(body)
    c.request(method, "/api/v1" + path, body=body, headers={"Authorization": "Bearer " + token, "Content-Type": ctype})
    r = c.getresponse()
    data = json.loads(r.read() or b"{}")
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {str(data)[:500]}")
    return data


cust = call("POST", "/customers", {"name": "Bench GmbH", "admin_email": "admin@bench.example", "sip_domain": "bench.example"})["id"]
if by_import:
    for part in range(0, n, 50000):  # the import takes at most 50,000 devices a file
        csv = "model,mac,description,workplace\n" + "yealink-t54w,,,\n" * min(50000, n - part)
        call("POST", f"/customers/{cust}/devices/import", csv.encode(), "text/csv")
    ids, after = [], ""
    while True:
        page = call("GET", f"/customers/{cust}/devices?limit=1000" + (f"&after={after}" if after else ""))
        ids += [d["id"] for d in page["items"]]
        after = page.get("next", "")
        if not after:
            break
else:
    ids = [call("POST", f"/customers/{cust}/devices", {"model": "yealink-t54w"})["id"] for _ in range(n)]
os.makedirs(f"{work}/db", exist_ok=True)
with open(f"{work}/accounts.csv", "w") as inf, open(f"{work}/db/htable", "w") as ht:
    inf.write("SEQUENTIAL\n")
    ht.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n")
    for i, dev in enumerate(ids):
        a = call("GET", f"/devices/{dev}/sip-account")
        inf.write(f"{a['auth_name']};[authentication username={a['auth_name']} password={a['password']}];{a['domain']}\n")
        ht.write(f"{i+1}:{a['auth_name']}:0:0:{a['password']}:0\n")
print(f"{len(ids)} accounts", file=sys.stderr)
