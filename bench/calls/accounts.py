"""Workplaces and SIP accounts for the calls benchmark, made through switchboard's API.

    accounts.py PORT TOKEN CALLERS WORK

Creates a customer with the SIP domain bench.example, a site without
encryption, a callee workplace (extension 200) with one device and CALLERS
caller workplaces (extensions 300...) with one device each, then writes
WORK/callers.csv (SIPp injection file: auth name, credentials, domain),
WORK/callee.csv (the callee's account, for its REGISTER) and
WORK/db/htable (every account's password for Kamailio's htable). Prints
the callee's SIP user name (what Kamailio's location is looked up by).
"""
import http.client
import json
import os
import sys
import time

port, token, n, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=600)


def call(method, path, body=None):
    c.request(method, "/api/v1" + path, body=json.dumps(body) if body is not None else None,
              headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    r = c.getresponse()
    data = json.loads(r.read() or b"{}")
    if r.status >= 300:
        sys.exit(f"{method} {path}: {r.status} {str(data)[:500]}")
    return data


def workplace(site, ext):
    user = f"bench{ext}"
    return call("POST", f"/customers/{cust}/workplaces", {
        "site": site, "first_name": "Bench", "last_name": ext, "street": "Hauptstr. 1", "postcode": "10115",
        "city": "Berlin", "email": user + "@bench.example", "email_confirm": user + "@bench.example",
        "no_mobile": True, "username": user, "extension": ext, "package": "basic"})["id"]


cust = call("POST", "/customers", {"name": "Bench Calls GmbH", "admin_email": "admin@bench.example", "sip_domain": "bench.example"})["id"]
site = call("POST", f"/customers/{cust}/sites", {"name": "HQ", "encryption": False})["id"]
wps = [workplace(site, "200")] + [workplace(site, str(300 + i)) for i in range(n)]
for _ in range(300):  # the order worker activates new workplaces
    if all(call("GET", f"/workplaces/{w}")["state"] == "active" for w in wps):
        break
    time.sleep(0.2)
else:
    sys.exit("workplaces not active")
accounts = []
for w in wps:
    dev = call("POST", f"/workplaces/{w}/devices", {"model": "yealink-t54w"})["id"]
    accounts.append(call("GET", f"/devices/{dev}/sip-account"))
os.makedirs(f"{work}/db", exist_ok=True)


def line(a):
    return f"{a['auth_name']};[authentication username={a['auth_name']} password={a['password']}];{a['domain']}\n"


with open(f"{work}/callee.csv", "w") as f:
    f.write("SEQUENTIAL\n" + line(accounts[0]))
with open(f"{work}/callers.csv", "w") as f:
    f.write("SEQUENTIAL\n" + "".join(line(a) for a in accounts[1:]))
with open(f"{work}/db/htable", "w") as ht:
    ht.write("id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)\n")
    for i, a in enumerate(accounts):
        ht.write(f"{i+1}:{a['auth_name']}:0:0:{a['password']}:0\n")
print(accounts[0]["auth_name"])
