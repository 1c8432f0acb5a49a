#!/usr/bin/env bash
# Re-checks the evidence of docs/security.md against a RUNNING production server, over HTTP with
# curl, plus its database file (sqlite3) and its listening socket (ss). Read-only except for the
# sign-ins, wrong passwords and page views it makes (all of which the server audits).
#   BASE=http://localhost:3917 DB=test-results/e2e/app.db bash scripts/security-live.sh
# Start the server first: E2E_PORT=3917 E2E_DATABASE_PATH=… bash scripts/e2e-server.sh
# Prints one line per check: PASS|FAIL, the row of docs/security.md, what was seen.
set -uo pipefail
BASE="${BASE:-http://localhost:3917}"
DB="${DB:-test-results/e2e/app.db}"
HOSTPORT="${BASE#http://}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
pass=0 fail=0
check() { # id, description, condition (0 = ok), observed
  if [ "$3" = 0 ]; then pass=$((pass + 1)); echo "PASS $1 — $2 — $4"; else fail=$((fail + 1)); echo "FAIL $1 — $2 — $4"; fi
}
header() { grep -i "^$2:" "$1" | head -1 | tr -d '\r' | cut -d' ' -f2-; }
status() { head -1 "$1" | awk '{print $2}'; }
signin() { # email password jar -> status
  curl -s -o /dev/null -w '%{http_code}' -c "$3" -H "Origin: $BASE" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" --data-urlencode "redirectTo=/dashboard" "$BASE/login"
}
q() { sqlite3 "$DB" "$1"; }

# --- V3.4.x / V13: headers on a page, a data response, a static file, a refusal ---
curl -s -D "$TMP/login.h" -o "$TMP/login.b" "$BASE/login"
csp="$(header "$TMP/login.h" content-security-policy)"
[[ "$csp" == *"object-src 'none'"* && "$csp" == *"base-uri 'none'"* && "$csp" == *"frame-ancestors 'none'"* && "$csp" == *"'nonce-"* ]]
check V3.4.3 "page CSP: nonce, object-src/base-uri/frame-ancestors 'none'" $? "${csp:0:120}…"
[ "$(header "$TMP/login.h" x-content-type-options)" = nosniff ]
check V3.4.4 "nosniff on a page" $? "$(header "$TMP/login.h" x-content-type-options)"
[ "$(header "$TMP/login.h" referrer-policy)" = same-origin ]
check V3.4.5 "Referrer-Policy on a page" $? "$(header "$TMP/login.h" referrer-policy)"
[ "$(header "$TMP/login.h" x-frame-options)" = DENY ]
check V3.4.6 "X-Frame-Options on a page" $? "$(header "$TMP/login.h" x-frame-options)"
[ -z "$(header "$TMP/login.h" strict-transport-security)" ]
check V3.4.1 "(not met, as written) no HSTS from the app" $? "Strict-Transport-Security: '$(header "$TMP/login.h" strict-transport-security)'"
[ -z "$(header "$TMP/login.h" access-control-allow-origin)" ]
check V3.4.2 "no CORS header" $? "Access-Control-Allow-Origin absent"
js="$(grep -o '/build/[^"]*\.js' "$TMP/login.b" | head -1)"
curl -s -D "$TMP/static.h" -o /dev/null "$BASE$js"
sc="$(header "$TMP/static.h" content-security-policy)"
[[ "$sc" == *"frame-ancestors 'none'"* && "$(header "$TMP/static.h" x-content-type-options)" == nosniff ]]
check V3.4.6 "static file $js: CSP frame-ancestors + nosniff" $? "$sc"
curl -s -D "$TMP/lang.h" -o /dev/null -X POST -H "Origin: $BASE" --data "locale=xx" "$BASE/set-language"
[[ "$(header "$TMP/lang.h" x-content-type-options)" == nosniff && -n "$(header "$TMP/lang.h" content-security-policy)" ]]
check "V3.4.4 (finding 7)" "/set-language refusal ($(status "$TMP/lang.h")) carries the headers" $? "nosniff=$(header "$TMP/lang.h" x-content-type-options)"
grep -qi '^content-type: text/html; charset=utf-8' "$TMP/login.h"
check V4.1.1 "page Content-Type with charset" $? "$(header "$TMP/login.h" content-type)"

# --- V3.5.1 / finding 6: cross-site POST ---
code="$(curl -s -o "$TMP/x.b" -w '%{http_code}' -H 'Origin: http://evil.example' --data 'email=a&password=b' "$BASE/login")"
[ "$code" = 403 ] && [ "$(wc -c <"$TMP/x.b")" -lt 200 ]
check "V3.5.1 (finding 6)" "cross-site POST /login" $? "$code, body '$(head -c 60 "$TMP/x.b")'"
# --- V13.4.4: TRACE / OPTIONS ---
curl -s -D "$TMP/trace.h" -o /dev/null -X TRACE "$BASE/login"
[ "$(status "$TMP/trace.h")" = 405 ] && [ -n "$(header "$TMP/trace.h" allow)" ]
check V13.4.4 "TRACE /login" $? "$(status "$TMP/trace.h") Allow: $(header "$TMP/trace.h" allow)"
# --- V13.4.3 / V13.4.5: no listing, no exposed files ---
for p in /build/ /.env /package.json /data/app.db /docs/security.md; do
  c="$(curl -s -o /dev/null -w '%{http_code}' "$BASE$p")"
  [ "$c" = 404 ]
  check "V13.4.3/V13.4.5" "GET $p" $? "$c"
done
# --- V16.5.1: friendly 404, no stack ---
curl -s -o "$TMP/404.b" "$BASE/no/such/page"
! grep -qE 'at [A-Za-z]+ \(|node_modules|Error:' "$TMP/404.b"
check V16.5.1 "404 page has no stack trace" $? "$(grep -o '<h1[^<]*<' "$TMP/404.b" | head -1)"
# --- V15.2.2: body limit ---
head -c 1100000 /dev/zero | tr '\0' a >"$TMP/big"
c="$(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $BASE" --data-binary @"$TMP/big" -H 'Content-Type: application/x-www-form-urlencoded' "$BASE/login")"
[ "$c" = 413 ]
check V15.2.2 "1.1 MB form body" $? "$c"

# --- V6.3.1 / V6.1.1 / findings 3 and 5: lockout, parallel, enumeration ---
victim="grupa@demo.local"
for i in $(seq 1 12); do curl -s -o /dev/null -w '%{http_code}\n' -H "Origin: $BASE" --data "email=$victim&password=wrong-$i" "$BASE/login" & done >"$TMP/par" 
wait
n423="$(grep -c 423 "$TMP/par")"
[ "$n423" -ge 7 ]
check "V6.3.1 (finding 3)" "12 wrong passwords in parallel for $victim" $? "$(sort "$TMP/par" | uniq -c | tr -s ' \n' ' ')"
c="$(signin "$victim" demo-grupa-2026 "$TMP/grupa.jar")"
[ "$c" = 423 ]
check "V6.3.1 (finding 3)" "then the right password" $? "$c (locked)"
seqs=""
for i in 1 2 3 4 5 6; do seqs="$seqs $(curl -s -o /dev/null -w '%{http_code}' -H "Origin: $BASE" --data "email=nobody-$$@demo.local&password=x$i" "$BASE/login")"; done
[ "$seqs" = " 401 401 401 401 423 423" ]
check "V6.3.1 (finding 5)" "a missing account answers like an existing one" $? "$seqs"
curl -s -o /dev/null -w '%{time_total}\n' -H "Origin: $BASE" --data "email=$victim&password=x" "$BASE/login" >"$TMP/tl"
curl -s -o /dev/null -w '%{time_total}\n' -H "Origin: $BASE" --data "email=nobody-$$@demo.local&password=x" "$BASE/login" >>"$TMP/tl"
check "V6.3.1 (finding 5)" "locked existing vs locked missing account, seconds (argon2 on both)" 0 "$(tr '\n' ' ' <"$TMP/tl")"

# --- sign in as the administrator and the case worker ---
c="$(signin admin@demo.local demo-admin-2026 "$TMP/admin.jar")"
check V6.2.2 "administrator signs in" "$([ "$c" = 302 ] && echo 0 || echo 1)" "$c"
c="$(signin pracownik@demo.local demo-praca-2026 "$TMP/cw.jar")"
check V6.2.2 "case worker signs in" "$([ "$c" = 302 ] && echo 0 || echo 1)" "$c"
curl -s -D "$TMP/si.h" -o /dev/null -H "Origin: $BASE" --data "email=pracownik2@demo.local&password=demo-praca2-2026" "$BASE/login"
ck="$(grep -i '^set-cookie: __session' "$TMP/si.h" | tr -d '\r')"
[[ "$ck" == *HttpOnly* && "$ck" == *SameSite=Lax* ]]
check "V3.3.2/V3.3.4" "session cookie flags (demo: not Secure, as written in V3.3.1)" $? "$(echo "$ck" | sed 's/__session=[^;]*/__session=…/')"

# --- V3.7.2 / finding 2: open redirect, signed in ---
loc="$(curl -s -o /dev/null -w '%{redirect_url}' -b "$TMP/cw.jar" "$BASE/login?redirectTo=%2F%09%2Fevil.example")"
[[ "$loc" != *evil* ]]
check "V3.7.2 (finding 2)" "GET /login?redirectTo=%2F%09%2Fevil.example signed in" $? "Location → $loc"
c="$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cw.jar" "$BASE/login?redirectTo=/%0A/x")"
[ "$c" != 500 ]
check "V16.5.3 (finding 6)" "GET /login?redirectTo=/%0A/x signed in" $? "$c"

# --- V8.2.1 / V16.3.2: a role without the permission, audited ---
before="$(q 'select max(id) from audit_events')"
c="$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cw.jar" "$BASE/admin/audit")"
row="$(q "select action||' '||entity_type||' '||entity_id||' page='||coalesce(page,'') from audit_events where id > $before and action = 'access.denied' limit 1")"
[ "$c" = 403 ] && [ -n "$row" ]
check "V8.2.1/V16.3.2" "case worker GET /admin/audit → 403, audited" $? "$c; $row"
# --- V8.2.2: another institution's resident ---
other="$(q "select r.id from residents r join institutions i on i.id = r.institution_id where i.country = 'BG' limit 1")"
own="$(q "select r.id from residents r join institutions i on i.id = r.institution_id where i.name like '%Kombatant%' limit 1")"
c="$(curl -s -o "$TMP/other.b" -w '%{http_code}' -b "$TMP/cw.jar" "$BASE/residents/$other")"
name="$(q "select last_name from residents where id = $other")"
[ "$c" = 404 ] && ! grep -q "$name" "$TMP/other.b"
check V8.2.2 "PL case worker GET /residents/$other (a Bulgarian resident)" $? "$c, name absent"

# --- V14.2.2 / V14.3.2: no-store on personal data; V3.2.1: attachment ---
for p in "/residents/$own" "/residents/$own/case-file.pdf" "/residents/export.xlsx" "/residents?q=a"; do
  curl -s -D "$TMP/ns.h" -o /dev/null -b "$TMP/cw.jar" "$BASE$p"
  cc="$(header "$TMP/ns.h" cache-control)"
  [[ "$cc" == *no-store* ]]
  check "V14.3.2" "Cache-Control on $p ($(status "$TMP/ns.h"))" $? "$cc; $(header "$TMP/ns.h" content-disposition)"
done

# --- V16 / decision 043: a read writes one access event with its page ---
before="$(q 'select max(id) from audit_events')"
curl -s -o /dev/null -b "$TMP/cw.jar" "$BASE/residents/$own"
row="$(q "select count(*)||' '||group_concat(action||' resident='||resident_id||' page='||page, '; ') from audit_events where id > $before")"
[[ "$row" == "1 resident.viewed resident=$own page=/residents/$own" ]]
check "V14.2.4/V16.2.1 (decision 043)" "GET /residents/$own writes one access event" $? "$row"
before="$(q 'select max(id) from audit_events')"
curl -s -o /dev/null -b "$TMP/cw.jar" "$BASE/residents/$own/case-file.pdf"
row="$(q "select action||' page='||page from audit_events where id > $before")"
[[ "$row" == "resident.case_file_exported page=/residents/$own/case-file.pdf" ]]
check "V14.2.4 (decision 043)" "the case file PDF is recorded as a read" $? "$row"
# The administrator's page shows it; the case worker's does not.
curl -s -o "$TMP/adm.b" -b "$TMP/admin.jar" "$BASE/residents/$own"
curl -s -o "$TMP/cwp.b" -b "$TMP/cw.jar" "$BASE/residents/$own"
grep -q 'id="who-saw"' "$TMP/adm.b" && ! grep -q 'id="who-saw"' "$TMP/cwp.b" && ! grep -q 'recordAccess\|"access":{' "$TMP/cwp.b"
check "V8.2.3 (decision 043)" "who saw this record: administrator only, not in the case worker's page or data" $? "admin panel present, case worker none"
c="$(curl -s -o "$TMP/al.b" -w '%{http_code}' -b "$TMP/admin.jar" "$BASE/admin/audit?user=$(q "select id from users where email='pracownik@demo.local'")&action=resident.viewed&from=$(date -u +%F)")"
[ "$c" = 200 ] && grep -q 'Record opened' "$TMP/al.b" && ! grep -q '{&quot;\|{"state"' "$TMP/al.b"
check "V16.2.4 (decision 044)" "audit log filtered by user, action, day; labelled, no JSON" $? "$c"

# --- V7.4.1: signed-out cookie is dead; V3.5.3: GET /logout changes nothing ---
c="$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cw.jar" "$BASE/logout")"
c2="$(curl -s -o /dev/null -w '%{http_code}' -b "$TMP/cw.jar" "$BASE/dashboard")"
[ "$c2" = 200 ]
check V3.5.3 "GET /logout ($c) leaves the session alive" $? "dashboard afterwards: $c2"
curl -s -o /dev/null -b "$TMP/cw.jar" -H "Origin: $BASE" -X POST "$BASE/logout"
c="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -b "$TMP/cw.jar" "$BASE/dashboard")"
[[ "$c" == 302* && "$c" == *login* ]]
check V7.4.1 "after POST /logout the old cookie" $? "$c"

# --- V13 / finding 8: listening address and file modes ---
port="${HOSTPORT##*:}"
ls_="$(ss -ltn 2>/dev/null | awk '{print $4}' | grep ":$port\$" | tr '\n' ' ')"
[[ "$ls_" == 127.0.0.1:* ]]
check "V13.4.2 (finding 8)" "listening address" $? "$ls_"
modes="$(stat -c '%a %n' "$DB" "$DB-wal" 2>/dev/null | tr '\n' ' ')"
[[ "$modes" != *644* && "$modes" == 600* ]]
check "V14.2.4 (finding 8)" "database file modes" $? "$modes"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
