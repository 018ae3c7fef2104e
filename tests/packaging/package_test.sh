#!/usr/bin/env bash
# package_test.sh BUILD_DIR — the Debian packages end to end: cpack makes g6 and g6-tools; their contents,
# modes and control fields; lintian with no errors; the units verified and g6.service's systemd security
# exposure ≤ 2.0; the maintainer scripts run by dpkg in a throwaway root (dpkg --root, scripts outside a
# chroot with DPKG_ROOT) create the g6 user and /var/lib/g6; the installed binary, run as that user with
# the unit's EnvironmentFile, collects a synthetic session into /var/lib/g6; an upgrade keeps an edited
# config and every row; remove and purge keep the data.
set -euo pipefail
build=$(realpath "$1")
work=$(mktemp -d /tmp/g6-package-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # the g6 user must reach the throwaway root below

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

echo "== building the packages (cpack)"
cpack --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
daemon_deb=$(ls "$work"/out/g6_*.deb)
tools_deb=$(ls "$work"/out/g6-tools_*.deb)
version=$(dpkg-deb -f "$daemon_deb" Version)
echo "built $(basename "$daemon_deb") ($(du -h "$daemon_deb" | cut -f1)), $(basename "$tools_deb")"

echo "== contents and modes"
dpkg-deb -c "$daemon_deb" | awk '{print $1, $2, $6}' >"$work/contents"
expect_entry() { # MODE PATH
  if grep -qx -- "$1 root/root $2" "$work/contents"; then pass "$2 $1"; else
    fail "$2 with mode $1 (found: $(grep -- " $2\$" "$work/contents" || echo nothing))"; fi
}
expect_entry -rwxr-xr-x ./usr/bin/g6
expect_entry -rw-r--r-- ./etc/g6/g6.json
expect_entry -rw------- ./etc/g6/kite.env
expect_entry -rw-r--r-- ./lib/systemd/system/g6.service
expect_entry -rw-r--r-- ./lib/systemd/system/g6@.service
expect_entry -rw-r--r-- ./usr/lib/sysusers.d/g6.conf
expect_entry -rw-r--r-- ./usr/lib/tmpfiles.d/g6.conf
expect_entry -rw-r--r-- ./usr/share/man/man1/g6.1.gz
expect_entry -rw-r--r-- ./usr/share/doc/g6/copyright
expect_entry -rw-r--r-- ./usr/share/doc/g6/changelog.gz
expect_entry -rw-r--r-- ./usr/share/doc/g6/operations.md
expect_entry -rw-r--r-- ./usr/share/g6/calendars/nse_holidays.json
expect_entry -rw-r--r-- ./usr/share/g6/dashboards/grafana/g6_overview.json
expect_entry -rw-r--r-- ./usr/share/g6/prometheus/g6_rules.yml
dpkg-deb -c "$tools_deb" | awk '{print $6}' >"$work/tools_contents"
check "g6-tools holds g6-fake-kite" grep -qx "./usr/bin/g6-fake-kite" "$work/tools_contents"
check "g6-tools does not hold g6" bash -c "! grep -qx './usr/bin/g6' '$work/tools_contents'"
check "/usr/bin/g6 is stripped" bash -c "dpkg-deb --fsys-tarfile '$daemon_deb' | tar -xO ./usr/bin/g6 >'$work/g6.bin' && ! file '$work/g6.bin' | grep -q 'not stripped'"
depends=$(dpkg-deb -f "$daemon_deb" Depends)
echo "Depends: $depends"
for lib in libsqlite3-0 libcurl4 libssl3 libsystemd0 libstdc++6 systemd init-system-helpers procps; do
  check "Depends names $lib" grep -q "$lib" <<<"$depends"
done
check "conffiles: g6.json and kite.env" diff <(dpkg-deb --ctrl-tarfile "$daemon_deb" | tar -xO ./conffiles) \
  <(printf '/etc/g6/g6.json\n/etc/g6/kite.env\n')
check "the packaged config keeps data in /var/lib/g6" grep -q '"data_dir" *: *"/var/lib/g6"' \
  <(dpkg-deb --fsys-tarfile "$daemon_deb" | tar -xO ./etc/g6/g6.json)

echo "== lintian"
for deb in "$daemon_deb" "$tools_deb"; do
  if lintian --fail-on error "$deb" >"$work/lintian.log" 2>&1; then
    pass "lintian $(basename "$deb"): no errors ($(grep -c '^W:' "$work/lintian.log" || true) warnings)"
  else
    fail "lintian $(basename "$deb")"; cat "$work/lintian.log"
  fi
done

echo "== a throwaway root: dpkg runs the maintainer scripts (DPKG_ROOT)"
root="$work/root"
mkdir -p "$root"/var/lib/dpkg/{info,updates,triggers} "$root"/etc
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
chmod 755 "$root"
install_deb() { # DEB
  dpkg --root="$root" --force-script-chrootless --force-depends --force-confold --log=/dev/null \
    -i "$1" >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log"; return 1; }
}
check "dpkg installs g6 $version" install_deb "$daemon_deb"
check "dpkg installs g6-tools" install_deb "$tools_deb"
g6_uid=$(awk -F: '$1 == "g6" {print $3}' "$root/etc/passwd" 2>/dev/null || true)
g6_gid=$(awk -F: '$1 == "g6" {print $3}' "$root/etc/group" 2>/dev/null || true)
check "postinst created the g6 user and group (uid ${g6_uid:-none})" test -n "$g6_uid" -a -n "$g6_gid"
check "the g6 user has no login shell" grep -q '^g6:.*:/usr/sbin/nologin$' "$root/etc/passwd"
check "/var/lib/g6 is g6's, 0750" test "$(stat -c '%u:%g %a' "$root/var/lib/g6")" = "$g6_uid:$g6_gid 750"
check "kite.env is root:g6 0600" test "$(stat -c '%u:%g %a' "$root/etc/g6/kite.env")" = "0:$g6_gid 600"

echo "== the units"
# The root holds only the package: give it the targets the units order against and the kill ExecReload runs.
mkdir -p "$root/bin"
cp /lib/systemd/system/*.target "$root/lib/systemd/system/"
cp /bin/kill "$root/bin/"
for unit in g6.service g6@hub.service; do
  check "systemd-analyze verify $unit" systemd-analyze verify --man=no --root="$root" "/lib/systemd/system/$unit"
done
exposure=$(systemd-analyze security --offline=yes --root="$root" g6.service 2>/dev/null \
  | sed -n 's/.*Overall exposure level for g6.service: \([0-9.]*\).*/\1/p')
echo "systemd-analyze security g6.service: ${exposure:-unknown}"
check "exposure ${exposure:-unknown} <= 2.0" awk -v e="${exposure:-99}" 'BEGIN { exit !(e <= 2.0) }'

echo "== the installed binary as the g6 user, started as the unit starts it"
exec_start=$(sed -n 's/^ExecStart=//p' "$root/lib/systemd/system/g6.service")
check "ExecStart runs /usr/bin/g6 with /etc/g6/g6.json" test "$exec_start" = "/usr/bin/g6 run --config /etc/g6/g6.json"
read -r -a command <<<"${exec_start//\/usr\/bin\/g6/$root/usr/bin/g6}"
command=("${command[@]//\/etc\/g6/$root/etc/g6}")
run_as_g6() { # ARGS... — the unit's user, EnvironmentFile and data directory, in the throwaway root
  env -i PATH=/usr/bin:/bin $(grep -v '^#' "$root/etc/g6/kite.env" | xargs) \
    G6_DATA_DIR="$root/var/lib/g6" G6_PROVIDER=synthetic G6_SSE_PORT=0 G6_METRICS_PORT=0 \
    setpriv --reuid="$g6_uid" --regid="$g6_gid" --clear-groups "$@"
}
db="$root/var/lib/g6/g6.sqlite"
if run_as_g6 "${command[@]}" --clock sim:2026-11-26T09:15:00+05:30@600x --force-open --cycles 3 >"$work/run1.log" 2>&1; then
  pass "g6 run as g6 (3 cycles)"
else fail "g6 run as g6"; tail -20 "$work/run1.log"; fi
check "the database is g6's, under /var/lib/g6" test "$(stat -c %u "$db" 2>/dev/null)" = "$g6_uid"
rows_before=$(sqlite3 "$db" 'SELECT count(*) FROM option_quotes' 2>/dev/null || echo 0)
check "rows stored: $rows_before" test "$rows_before" -gt 0

echo "== upgrade: an edited config is kept, every row is kept"
sed -i 's/"level": *"info"/"level": "debug"/' "$root/etc/g6/g6.json"
cpack --config "$build/CPackConfig.cmake" -B "$work/out2" -D CPACK_PACKAGE_VERSION="$version.1" \
  -D CPACK_COMPONENTS_ALL=daemon >"$work/cpack2.log" 2>&1 || { cat "$work/cpack2.log"; exit 1; }
check "dpkg upgrades to $version.1" install_deb "$(ls "$work"/out2/g6_*.deb)"
check "installed version is $version.1" grep -qx "$version.1" \
  <(dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Version}' g6)
check "the edited config survived" grep -q '"level": "debug"' "$root/etc/g6/g6.json"
check "the upgrade kept the user" grep -q "^g6:x:$g6_uid:" "$root/etc/passwd"
if run_as_g6 "${command[@]}" --clock sim:2026-11-27T09:15:00+05:30@600x --force-open --cycles 2 >"$work/run2.log" 2>&1; then
  pass "the upgraded g6 runs on the old data"
else fail "the upgraded g6 runs on the old data"; tail -20 "$work/run2.log"; fi
rows_after=$(sqlite3 "$db" 'SELECT count(*) FROM option_quotes')
check "rows kept and added ($rows_before -> $rows_after)" test "$rows_after" -gt "$rows_before"
check "integrity_check ok" test "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok

echo "== remove and purge keep the data"
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null -r g6-tools g6 >>"$work/dpkg.log" 2>&1
check "remove: binary gone" test ! -e "$root/usr/bin/g6"
check "remove: config kept" test -e "$root/etc/g6/g6.json"
dpkg --root="$root" --force-script-chrootless --force-depends --log=/dev/null -P g6 >>"$work/dpkg.log" 2>&1
check "purge: config gone" test ! -e "$root/etc/g6/g6.json"
check "purge: the database kept ($rows_after rows)" test "$(sqlite3 "$db" 'SELECT count(*) FROM option_quotes')" = "$rows_after"

if ((failures)); then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all package checks passed"
