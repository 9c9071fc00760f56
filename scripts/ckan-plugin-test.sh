#!/usr/bin/env bash
# The CKAN plugin (ckanext-calidad) inside a running CKAN 2.11: this script starts PostgreSQL
# and Redis from Debian's packages in a throwaway directory, initialises CKAN's database, starts
# two CKAN web servers and a job worker, runs ckanext-calidad/tests against them over HTTP (and
# the resource page in headless Chromium), then stops everything.
#
#   bash scripts/ckan-plugin-test.sh VENV   # VENV: a virtualenv with CKAN, calidad and the
#                                           # plugin installed (scripts/python-tests.sh makes one)
#
# Solr: CKAN indexes datasets in Solr 9, which is not in Debian and not on PyPI or npm; the
# issue's route (Maven Central) is closed on these machines. The servers load the test-only
# plugin `calidad_sin_solr`, which turns CKAN's search indexing off, and say so; nothing the
# plugin does reads the search index.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=$(cd "$1" && pwd)
root=$PWD
work="$(mktemp -d)"
chmod 755 "$work"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
    if [ -d "$work/pg" ]; then
        runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export DEBIAN_FRONTEND=noninteractive
missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing Debian's ${missing[*]}"
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
pgbin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port=$(free_port)
redis_port=$(free_port)
port_a=$(free_port)
port_b=$(free_port)

# PostgreSQL, as its own user, listening on 127.0.0.1 only.
mkdir -p "$work/pg" "$work/sock"
chown postgres "$work/pg" "$work/sock"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/pg/log" -w \
    -o "-p $pg_port -k $work/sock -c listen_addresses=127.0.0.1" start >/dev/null
"$pgbin/psql" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE USER ckan PASSWORD 'ckan'" >/dev/null
"$pgbin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres -O ckan ckan

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$work/redis.pid" --logfile "$work/redis.log"

ckan="$venv/bin/ckan"
mkdir -p "$work/storage"
common=(
    # Both servers share the database, so they share the secret that signs API tokens.
    "SECRET_KEY=calidad-test-$(date +%s%N)"
    "sqlalchemy.url=postgresql://ckan:ckan@127.0.0.1:$pg_port/ckan"
    "ckan.redis.url=redis://127.0.0.1:$redis_port/0"
    "solr_url=http://127.0.0.1:9/solr/ckan"
    "ckan.storage_path=$work/storage"
    "ckan.max_resource_size=50"
    "ckan.plugins=calidad calidad_sin_solr"
    "ckan.auth.create_unowned_dataset=true"
    "ckan.auth.allow_dataset_collaborators=false"
)
# Server A gives each validation 70 MB (its indexes 6 MiB, spilled past that: same reports).
"$ckan" generate config "$work/a.ini" >/dev/null
"$ckan" config-tool "$work/a.ini" "${common[@]}" "ckan.site_url=http://127.0.0.1:$port_a" \
    "ckanext.calidad.lang=es" "ckan.locale_default=es" "ckan.display_timezone=America/Santiago" \
    "ckanext.calidad.memory_megabytes=70"
# Server B refuses uploads: personal data as an error, or a mark under 9; in English,
# validating in the request.
"$ckan" generate config "$work/b.ini" >/dev/null
"$ckan" config-tool "$work/b.ini" "${common[@]}" "ckan.site_url=http://127.0.0.1:$port_b" \
    "ckanext.calidad.lang=en" "ckanext.calidad.block_on_privacy_error=true" \
    "ckanext.calidad.min_score=9" "ckanext.calidad.synchronous=true"
"$ckan" -c "$work/a.ini" db init >"$work/db.log" 2>&1 || { tail -30 "$work/db.log"; exit 1; }
"$ckan" -c "$work/a.ini" user add admin email=admin@example.org password=contrasena-de-prueba \
    >/dev/null 2>&1
"$ckan" -c "$work/a.ini" sysadmin add admin >/dev/null 2>&1
token=$("$ckan" -c "$work/a.ini" user token add admin pruebas 2>/dev/null | tail -1 | tr -d '[:space:]')

"$ckan" -c "$work/a.ini" run --host 127.0.0.1 --port "$port_a" --disable-reloader \
    >"$work/a.log" 2>&1 &
pids+=($!)
"$ckan" -c "$work/b.ini" run --host 127.0.0.1 --port "$port_b" --disable-reloader \
    >"$work/b.log" 2>&1 &
pids+=($!)
"$ckan" -c "$work/a.ini" jobs worker >"$work/worker.log" 2>&1 &
pids+=($!)
for port in "$port_a" "$port_b"; do
    for _ in $(seq 120); do
        if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$port/api/3/action/status_show', timeout=2)" 2>/dev/null; then
            break
        fi
        sleep 0.5
    done
done

status=0
CKAN_URL_A="http://127.0.0.1:$port_a" CKAN_URL_B="http://127.0.0.1:$port_b" CKAN_TOKEN="$token" \
CALIDAD_ROOT="$root" PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 \
    "$venv/bin/python" -m pytest -q -rs ckanext-calidad/tests || status=$?
if [ $status -ne 0 ]; then
    for log in a b worker; do
        echo "--- last lines of $log.log"
        tail -40 "$work/$log.log"
    done
fi
exit $status
